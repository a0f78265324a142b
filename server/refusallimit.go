package server

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Every refused request of a token is audited, and the audit log is
// append-only: a token that keeps asking for what it may not have would
// grow the database without end. So refusals are counted per token (a
// bucket of RefusalsPerTokenBurst, refilled at RefusalsPerToken a second);
// while a token's bucket is empty, all its requests are answered 429 with
// Retry-After and nothing is audited (as for too many logins). Anonymous
// refusals (failed logins) have their own limit (LoginsPerClient).
const (
	RefusalsPerToken      = 1.0
	RefusalsPerTokenBurst = 100
	// refusalTokensKept bounds the buckets held: tokens are few (they exist
	// in the store), but ids come from it, not from the request.
	refusalTokensKept = 10000
)

// refusalLimiter holds the buckets, per collector (a cluster of n
// collectors audits at most n times the rate). Safe for concurrent use.
type refusalLimiter struct {
	rate, burst float64
	mu          sync.Mutex
	buckets     map[string]*refusalBucket
}

type refusalBucket struct {
	level float64
	at    time.Time
}

// dropFullBuckets deletes the buckets of m that are full by now: they
// hold nothing a new bucket would not.
func dropFullBuckets(m map[string]*refusalBucket, now time.Time, rate, burst float64) {
	for k, x := range m {
		if x.level+now.Sub(x.at).Seconds()*rate >= burst {
			delete(m, k)
		}
	}
}

// refill adds what rate gave back since the bucket was last read, up to
// burst, and notes now as that read.
func (b *refusalBucket) refill(now time.Time, rate, burst float64) {
	b.level = min(burst, b.level+now.Sub(b.at).Seconds()*rate)
	b.at = now
}

func newRefusalLimiter(rate, burst float64) *refusalLimiter {
	return &refusalLimiter{rate: rate, burst: burst, buckets: map[string]*refusalBucket{}}
}

// bucketLocked returns token's bucket, refilled to now.
func (l *refusalLimiter) bucketLocked(token string, now time.Time) *refusalBucket {
	b := l.buckets[token]
	if b == nil {
		if len(l.buckets) >= refusalTokensKept {
			dropFullBuckets(l.buckets, now, l.rate, l.burst)
		}
		b = &refusalBucket{level: l.burst, at: now}
		l.buckets[token] = b
	}
	b.refill(now, l.rate, l.burst)
	return b
}

// blocked reports whether token has no refusal left now, and in how many
// seconds it has one.
func (l *refusalLimiter) blocked(token string, now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.buckets[token]; !ok {
		return false, 0
	}
	b := l.bucketLocked(token, now)
	if b.level >= 1 {
		return false, 0
	}
	return true, max(1, int(math.Ceil((1-b.level)/l.rate)))
}

// charge counts one refusal of token.
func (l *refusalLimiter) charge(token string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucketLocked(token, now)
	b.level = max(0, b.level-1)
}

// take takes one from key's bucket and reports true, or reports false
// (nothing taken) when it holds less than one.
func (l *refusalLimiter) take(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucketLocked(key, now)
	if b.level < 1 {
		return false
	}
	b.level--
	return true
}

// Anonymous refusals (failed viewer logins: unknown tokens, CSRF failures)
// are audited too, and no token bounds them: the login limits are
// per client, so anyone on many addresses could write entries as fast as
// they liked, kept for good. So they are audited one by one up to AnonymousRefusalsBurst,
// then AnonymousRefusals a second (per collector); beyond that they are
// counted and audited together, one entry per action and reason
// ({"outcome": "refused", "refusals": n, "itemized": false}) at the next
// round of gap checks (GapTimeout/2) or sweep.
const (
	AnonymousRefusals      = 0.1
	AnonymousRefusalsBurst = 100
)

// tooManyRefusals answers a token out of refusals 429 and reports true.
func (s *Server) tooManyRefusals(w http.ResponseWriter, token string) bool {
	blocked, after := s.refusals.blocked(token, s.opt.Now())
	if !blocked {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(after))
	fail(w, http.StatusTooManyRequests, "too many refused requests with this token; retry in "+strconv.Itoa(after)+" s")
	return true
}

// Every view (a replay's events, a heatmap) is audited too, and a token
// allowed to view could ask for the same small session in a loop: views are
// counted per token like refusals, and a token out of them is answered 429
// with Retry-After before anything is read or audited. A person watching
// replays views a few a minute; an export through the API a few a second.
const (
	ViewsPerToken      = 10.0
	ViewsPerTokenBurst = 300
)

// takeView takes one of the token's views before anything is read, or
// answers 429 and reports false when none is left. Checked before a replay
// and counted after it, views sent at once all passed the check while one
// was left, each replayed and audited. The caller gives the view back
// (views.refund) when it ends without one.
func (s *Server) takeView(w http.ResponseWriter, token string) bool {
	if s.views.take(token, s.opt.Now()) {
		return true
	}
	_, after := s.views.blocked(token, s.opt.Now())
	after = max(1, after) // refilled since take: the next one is there at once
	w.Header().Set("Retry-After", strconv.Itoa(after))
	fail(w, http.StatusTooManyRequests, viewsRefusal+"; retry in "+strconv.Itoa(after)+" s")
	return false
}

// viewsRefusal says why a view is refused.
var viewsRefusal = "too many views with this token (each is audited; at most " + strconv.Itoa(ViewsPerTokenBurst) +
	" at once, then " + strconv.FormatFloat(ViewsPerToken, 'f', -1, 64) + " a second)"

// refund gives back one of key's that take took for what did not happen.
func (l *refusalLimiter) refund(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucketLocked(key, now)
	b.level = min(l.burst, b.level+1)
}

// refuseBlocked answers 429 with Retry-After, saying why, and reports true
// while token is out of what l allows it.
func (s *Server) refuseBlocked(w http.ResponseWriter, l *refusalLimiter, token, why string) bool {
	blocked, after := l.blocked(token, s.opt.Now())
	if !blocked {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(after))
	fail(w, http.StatusTooManyRequests, why+"; retry in "+strconv.Itoa(after)+" s")
	return true
}

// A settings change is audited with the settings before and after it (up
// to settings.MaxBytes each, an import many of them): the bytes settings
// changes write to the audit log are counted per token, up to
// SettingsAuditBytesPerTokenBurst at once (an import of every
// application's settings, MaxAllSettingsBytes, before and after), then
// SettingsAuditBytesPerToken a second. A change is charged what it wrote,
// which may take the count below zero; while it is below one byte the
// token's settings changes are answered 429 with Retry-After, nothing
// parsed, stored or audited.
const (
	SettingsAuditBytesPerToken      = 16 << 10
	SettingsAuditBytesPerTokenBurst = 2 * MaxAllSettingsBytes
)

// chargeN counts n of token (a weight such as bytes), which may leave its
// bucket in debt: blocked until the debt is refilled.
func (l *refusalLimiter) chargeN(token string, now time.Time, n float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucketLocked(token, now)
	b.level -= n
}

// tooManySettingsWrites answers a token out of settings writes 429 and
// reports true. A change asks once before its body is read (a token in
// debt costs nothing to refuse) and again under s.settingsMu, where it is
// then charged: asked only before, changes sent at once all passed while
// one byte was left and the budget was overdrawn by as many as were in
// flight; under the lock it is overdrawn by one change at most.
func (s *Server) tooManySettingsWrites(w http.ResponseWriter, token string) bool {
	return s.refuseBlocked(w, s.settingsWrites, token, "too many settings changes with this token (each is audited with the settings before and after: at most "+
		strconv.Itoa(SettingsAuditBytesPerTokenBurst)+" bytes at once, then "+strconv.Itoa(SettingsAuditBytesPerToken)+" a second)")
}
