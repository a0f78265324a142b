package server

import (
	"context"
	"errors"

	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// openBatch decrypts a stored blob of session: under the session's data key
// when it was sealed with one (the key is unwrapped with the keyring), else
// with the keyring (sessions stored before data keys). Once the session is
// deleted its key is gone and nothing opens.
func (s *Server) openBatch(ctx context.Context, session string, b store.Batch) ([]byte, error) {
	if !keys.IsDataKeyBlob(b.Data) {
		return s.keys.Open(b.Data, ad(session, b.Seq, b.State))
	}
	dk, err := s.dataKey(ctx, session)
	if err != nil {
		return nil, err
	}
	return dk.Open(b.Data, ad(session, b.Seq, b.State))
}

func (s *Server) dataKey(ctx context.Context, session string) (*keys.DataKey, error) {
	a, ok, err := s.st.SessionAccess(ctx, session)
	if err != nil {
		return nil, err
	}
	if !ok || len(a.DataKey) == 0 {
		return nil, errors.New("session has no data key")
	}
	return s.keys.UnwrapDataKey(session, a.DataKey)
}
