package server

import (
	"context"
	"errors"

	"github.com/veil-replay/veil/server/ingest"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// openBatch returns the events of a stored batch of session, at most limit
// bytes of them: decrypted under the session's data key when it was sealed
// with one (the key is unwrapped with the keyring), else with the keyring
// (sessions stored before data keys), then inflated (ingest.StoredEvents).
// Once the session is deleted its key is gone and nothing opens.
func (s *Server) openBatch(ctx context.Context, session string, b store.Batch, limit int64) ([]byte, error) {
	var plain []byte
	var err error
	if !keys.IsDataKeyBlob(b.Data) {
		plain, err = s.keys.Open(b.Data, ad(session, b.Seq, b.State))
	} else {
		var dk *keys.DataKey
		if dk, err = s.dataKey(ctx, session); err == nil {
			plain, err = dk.Open(b.Data, ad(session, b.Seq, b.State))
		}
	}
	if err != nil {
		return nil, err
	}
	return ingest.StoredEvents(plain, limit)
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
