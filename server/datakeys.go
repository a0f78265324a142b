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

// playbackStore serves Stored batches sealed with the keyring, as the
// playback code (api_sessions.go) opens them with s.keys.Open: a data-key
// blob is opened and sealed again for that reader, in memory. Once playback
// calls openBatch itself, this wrapper can go.
type playbackStore struct {
	store.Store
	s *Server
}

// StoredBatches implements store.Store.
func (p playbackStore) StoredBatches(ctx context.Context, session string) ([]store.Batch, error) {
	bs, err := p.Store.StoredBatches(ctx, session)
	if err != nil {
		return nil, err
	}
	var dk *keys.DataKey
	for i := range bs {
		if !keys.IsDataKeyBlob(bs[i].Data) {
			continue
		}
		if dk == nil {
			if dk, err = p.s.dataKey(ctx, session); err != nil {
				return nil, err
			}
		}
		a := ad(session, bs[i].Seq, store.Stored)
		plain, err := dk.Open(bs[i].Data, a)
		if err != nil {
			return nil, err
		}
		bs[i].Data = p.s.keys.Seal(plain, a)
	}
	return bs, nil
}
