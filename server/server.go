package server

import (
	"cmp"
	"context"
	"errors"
	"log"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/veil-replay/veil/server/ingest"
	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/settings"
	"github.com/veil-replay/veil/server/store"
)

// Options configure a Server. Store and Keys are required.
type Options struct {
	Store store.Store
	Keys  *keys.Keyring
	// Static, when not empty, is a directory served under /veil/ (the
	// recorder's veil.js, worker and wasm).
	Static string
	// DemoSite, when not empty, is a directory served under /demo/ (the
	// demo site of `make demo`; see InstallDemo).
	DemoSite string
	// Now is the clock; time.Now when nil. Tests inject one.
	Now func() time.Time
	// AnonymousRefusals and AnonymousRefusalsBurst lower the constants of
	// the same names (tests).
	AnonymousRefusals, AnonymousRefusalsBurst float64
	// GapTimeout, MaxLive and LiveIdle default to the constants of the same
	// names; tests lower them.
	GapTimeout time.Duration
	MaxLive    int
	LiveIdle   time.Duration
	// MaxLiveBytes defaults to the constant of the same name.
	MaxLiveBytes int64
	// Log receives operational messages; log.Default when nil.
	Log *log.Logger
	// Ingest lowers ingest's limits (ingestlimits.go); zero fields take the
	// constants of limits.go.
	Ingest IngestLimits
	// Observer, when not nil, is told what ingest does (batches stored and
	// dropped, gaps, strings masked again, PII hits, rebuilds), for metrics;
	// when nil, the server's own Metrics are told if they implement
	// ingest.Observer.
	Observer ingest.Observer
	// TrustProxy lists the reverse proxies whose X-Forwarded-For, -Proto and
	// -Host are believed (proxy.go); from any other peer they are ignored.
	TrustProxy []netip.Prefix
	// ReplayMemory defaults to the constant of the same name; tests lower it.
	ReplayMemory int64
	// Settings lowers MaxApps and MaxAllSettingsBytes (settingslimit.go).
	Settings SettingsLimits
	// SettingsPoll defaults to the constant of the same name; tests lower it.
	SettingsPoll time.Duration
}

// Server is the collector: ingest, recorder configuration, the API and
// retention. It is safe for concurrent use; Handler may serve many requests
// at once.
type Server struct {
	st   store.Store
	keys *keys.Keyring
	opt  Options
	log  *log.Logger

	appsMu sync.RWMutex
	apps   map[string]*settings.App
	// settingsMu serialises settings writes (settingsFit, then the store)
	// and reloads (settings_reload.go).
	settingsMu sync.Mutex
	// settingsSeen is the store's settings version that apps holds
	// (guarded by settingsMu).
	settingsSeen int64

	live   *liveSet
	ing    *ingestState
	logins *viewerLogins
	// loginLimit counts each client's viewer login attempts (LoginsPerClient).
	loginLimit *sessionLimiter
	// guesses counts each client's unknown bearer tokens (tokenguess.go).
	guesses *guessLimiter
	// refusals counts each token's refused requests (refusallimit.go).
	refusals *refusalLimiter
	// views counts each token's audited views (ViewsPerToken).
	views *refusalLimiter
	// settingsWrites counts the audit bytes of each token's settings changes.
	settingsWrites *refusalLimiter
	// tokenCreations counts the tokens created through the API
	// (tokencreations.go).
	tokenCreations *refusalLimiter
	// visitorDeletes counts each application's visitor deletions audited
	// one by one; unitemized counts the others (tombstone.go).
	visitorDeletes *sharedBudget
	unitemized     deletionCounts
	// anonRefusals counts anonymous refusals audited one by one;
	// unitemizedRefusals counts the others by action and reason
	// (refusallimit.go).
	anonRefusals       *sharedBudget
	unitemizedRefusals deletionCounts
	// replays bounds the memory of replays in progress (replaylimit.go).
	replays *replayBudget
	// answers counts each token's replays being sent (replayshare.go).
	answers *answerShares
	mux     *http.ServeMux
}

// New returns a Server over opt.Store, loading every application's settings.
func New(ctx context.Context, opt Options) (*Server, error) {
	if opt.Store == nil || opt.Keys == nil {
		return nil, errors.New("server: a store and a keyring are required")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.GapTimeout <= 0 {
		opt.GapTimeout = GapTimeout
	}
	if opt.MaxLive <= 0 {
		opt.MaxLive = MaxLiveSessions
	}
	if opt.MaxLiveBytes <= 0 {
		opt.MaxLiveBytes = MaxLiveBytes
	}
	if opt.LiveIdle <= 0 {
		opt.LiveIdle = LiveIdle
	}
	if opt.Log == nil {
		opt.Log = log.Default()
	}
	s := &Server{st: opt.Store, keys: opt.Keys, opt: opt, log: opt.Log, apps: map[string]*settings.App{}}
	s.ing = newIngestState(opt.Ingest, opt.Store, opt.Keys)
	if opt.ReplayMemory <= 0 {
		opt.ReplayMemory = ReplayMemory
	}
	s.replays = newReplayBudget(opt.ReplayMemory, s.ing.lim.Wait)
	s.answers = newAnswerShares(opt.ReplayMemory / ReplayShareDivisor)
	s.guesses = newGuessLimiter()
	s.refusals = newRefusalLimiter(RefusalsPerToken, RefusalsPerTokenBurst)
	s.views = newRefusalLimiter(ViewsPerToken, ViewsPerTokenBurst)
	s.visitorDeletes = &sharedBudget{st: opt.Store, prefix: "audit:deletes:", log: s.log,
		rate: cmp.Or(opt.Ingest.VisitorDeletes, VisitorDeletesPerApp), burst: cmp.Or(opt.Ingest.VisitorDeletesBurst, VisitorDeletesPerAppBurst)}
	s.anonRefusals = &sharedBudget{st: opt.Store, prefix: "audit:anonymous:", log: s.log,
		rate: cmp.Or(opt.AnonymousRefusals, AnonymousRefusals), burst: cmp.Or(opt.AnonymousRefusalsBurst, AnonymousRefusalsBurst)}
	s.settingsWrites = newRefusalLimiter(SettingsAuditBytesPerToken, SettingsAuditBytesPerTokenBurst)
	s.tokenCreations = newRefusalLimiter(TokenCreations, TokenCreationsBurst)
	s.logins = newViewerLogins(opt.Store)
	s.loginLimit = newSessionLimiter(opt.Store, opt.Keys, "logins", RateLimits{ClientRate: LoginsPerClient, ClientBurst: LoginsPerClientBurst})
	// The version first: a change after it is taken up at the next poll.
	var err error
	if s.settingsSeen, err = opt.Store.SettingsVersion(ctx); err != nil {
		return nil, err
	}
	all, err := opt.Store.AllSettings(ctx)
	if err != nil {
		return nil, err
	}
	for name, data := range all {
		app, _, err := settings.Parse(name, data)
		if err != nil {
			return nil, errors.New("server: stored settings of " + name + " no longer validate: " + err.Error())
		}
		s.apps[name] = app
	}
	s.routes()
	s.live = newLiveSet()
	s.live.eng = ingest.New(ingest.Config{Store: opt.Store, Keys: opt.Keys, Rules: s.currentSet, Decode: s.decodeWaiting,
		Deleted: s.live.deletedRecently, Now: opt.Now, GapTimeout: opt.GapTimeout, MaxLive: opt.MaxLive, MaxLiveBytes: opt.MaxLiveBytes,
		LiveIdle: opt.LiveIdle, Log: opt.Log, Observer: s.ingestObserver(),
		Reserve: s.reserveRebuild, Cost: storedCost, ReserveWait: s.ing.lim.Wait,
		Limits: ingest.Limits{MaxAhead: MaxAhead, PendingSession: s.ing.lim.PendingSession, PendingTotal: s.ing.lim.PendingTotal,
			PendingApp:    s.ing.lim.PendingApp,
			RebuildMemory: s.ing.lim.Memory, SessionBytes: s.ing.lim.SessionBytes, AppBytes: s.ing.lim.AppBytes}})
	return s, nil
}

// ingestObserver is Options.Observer, else the server's Metrics when they
// implement ingest.Observer, else nil (nothing observed).
func (s *Server) ingestObserver() ingest.Observer {
	if s.opt.Observer != nil {
		return s.opt.Observer
	}
	if o, ok := any(s.Metrics()).(ingest.Observer); ok {
		return o
	}
	return nil
}

// Handler returns the HTTP handler of every endpoint.
func (s *Server) Handler() http.Handler { return closeAfterChunked(jsonErrors(s.mux)) }

func (s *Server) app(name string) *settings.App {
	s.appsMu.RLock()
	defer s.appsMu.RUnlock()
	return s.apps[name]
}

func (s *Server) setApps(apps map[string]*settings.App) {
	s.appsMu.Lock()
	defer s.appsMu.Unlock()
	for name, a := range apps {
		s.apps[name] = a
	}
}

// dropApp forgets an application's settings: its ingest and configuration
// answer 404 from now on.
func (s *Server) dropApp(name string) {
	s.appsMu.Lock()
	defer s.appsMu.Unlock()
	delete(s.apps, name)
}

func (s *Server) appNames() []string {
	s.appsMu.RLock()
	defer s.appsMu.RUnlock()
	out := make([]string, 0, len(s.apps))
	for name := range s.apps {
		out = append(out, name)
	}
	return out
}

// Run does the background work until ctx ends: it resolves gaps that
// timed out, lets go of idle live sessions, takes up settings changed by
// another collector, and sweeps expired sessions.
//
// Gap rounds run on their own (runGaps): a round masks each due session's
// waiting batches, about 4 ms a session with a snapshot waiting, and
// anyone may leave gaps (a new session's batch ahead of a seq never sent)
// at the new-session rates, thousands a second. In one loop with the rest,
// such a round held up for as long as it lasted the settings poll (a
// stricter rule or an application's deletion made through another
// collector, due within SettingsPoll) and the retention sweep.
func (s *Server) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { s.runGaps(ctx) })
	gaps := time.NewTicker(max(s.opt.GapTimeout/2, 10*time.Millisecond))
	defer gaps.Stop()
	sweep := time.NewTicker(RetentionSweep)
	defer sweep.Stop()
	poll := time.NewTicker(cmp.Or(s.opt.SettingsPoll, SettingsPoll))
	defer poll.Stop()
	if _, err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
		s.log.Printf("veil: retention sweep: %v", err)
	}
	for {
		select {
		case <-ctx.Done():
			if err := s.auditVisitorDeletes(context.WithoutCancel(ctx)); err != nil {
				s.log.Printf("veil: audit of visitor deletions: %v", err)
			}
			return
		case <-gaps.C:
			if err := s.auditVisitorDeletes(ctx); err != nil && ctx.Err() == nil {
				s.log.Printf("veil: audit of visitor deletions: %v", err)
			}
		case <-poll.C:
			if err := s.reloadSettings(ctx); err != nil && ctx.Err() == nil {
				s.log.Printf("veil: settings: %v", err)
			}
		case <-sweep.C:
			if _, err := s.Sweep(ctx); err != nil && ctx.Err() == nil {
				s.log.Printf("veil: retention sweep: %v", err)
			}
		}
	}
}

// runGaps runs a gap round every GapTimeout/2 until ctx ends; a round that
// runs longer delays the next one only.
func (s *Server) runGaps(ctx context.Context) {
	t := time.NewTicker(max(s.opt.GapTimeout/2, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.ResolveGaps(ctx); err != nil && ctx.Err() == nil {
				s.log.Printf("veil: gaps: %v", err)
			}
		}
	}
}
