package server

import (
	"net/http"
	"strconv"
)

// Tokens created through the API are counted per collector, all creating
// tokens together (N collectors: N times): every token is a row kept for
// good (revoked ones too, so that the audit log's actors stay named), and
// every listing or revocation reads all of them. Counted per creating token
// it would not hold: a token may create tokens that create more. Over it,
// 429 with Retry-After, nothing stored or audited; `veil token create` on
// the collector's machine is not counted.
const (
	TokenCreations      = 0.1
	TokenCreationsBurst = 100
)

// takeTokenCreation takes one creation, or answers 429 and reports false.
func (s *Server) takeTokenCreation(w http.ResponseWriter) bool {
	if s.tokenCreations.take("", s.opt.Now()) {
		return true
	}
	_, after := s.tokenCreations.blocked("", s.opt.Now())
	after = max(1, after)
	w.Header().Set("Retry-After", strconv.Itoa(after))
	fail(w, http.StatusTooManyRequests, "too many tokens created (at most "+strconv.Itoa(TokenCreationsBurst)+
		" at once, then one every "+strconv.FormatFloat(1/TokenCreations, 'f', -1, 64)+" s); retry in "+strconv.Itoa(after)+" s")
	return false
}
