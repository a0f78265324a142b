package server

import (
	"net/http"
	"strconv"
	"sync"
)

// A replay's answer is held in memory, and counted in the replay memory,
// for as long as its client takes to read it, up to WriteTimeout (2 min).
// A token's answers being written hold at most a quarter of ReplayMemory
// together: else one replay token, asking for its largest session a dozen
// times and reading nothing, held all of it and every other viewer's replay
// was answered 503 for as long as it kept at it. Beyond, 429 with
// Retry-After, before anything is read; the view is given back.
const ReplayShareDivisor = 4

// answerShares counts, per token, the bytes of its replays being read and
// sent. Safe for concurrent use.
type answerShares struct {
	max  int64
	mu   sync.Mutex
	held map[string]int64
}

func newAnswerShares(max int64) *answerShares {
	return &answerShares{max: max, held: map[string]int64{}}
}

// take counts n bytes more for token and reports true, or reports false
// (nothing counted) when that would take it over its share. force counts
// them whatever the share (an answer found larger than its estimate).
func (a *answerShares) take(token string, n int64, force bool) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !force && a.held[token]+n > a.max {
		return false
	}
	a.held[token] += n
	return true
}

// give gives back n bytes of token's.
func (a *answerShares) give(token string, n int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.held[token] -= n; a.held[token] <= 0 {
		delete(a.held, token)
	}
}

// takeAnswerShare counts a replay of stored bytes against token's share
// and reports true, or answers 429 and reports false. The caller gives the
// bytes back (s.answers.give) once the answer is written.
func (s *Server) takeAnswerShare(w http.ResponseWriter, token string, stored int64) bool {
	if s.answers.take(token, stored, false) {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
	fail(w, http.StatusTooManyRequests, "this token's replays being sent hold up to "+strconv.FormatInt(s.answers.max, 10)+
		" bytes at once (a quarter of the replay memory); retry once they are read")
	return false
}
