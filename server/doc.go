// Package server is the collector behind `veil serve`: it takes the
// recorder's batches, masks them again with the application's recording
// rules, stores them encrypted (package keys) in a Store (package store),
// serves the recorder configuration, and answers the API with access control
// (package auth) and an append-only audit log.
//
// # Recorder endpoints (no token; CORS per application's allowedOrigins)
//
//	GET  /veil/config.json?app=A                recorder configuration (never playback rules), no-store
//	POST /veil/ingest?app=A&session=S&key=K&seq=N     body: gzip or plain JSON array of rrweb events → 204
//	POST /veil/ingest?app=A&session=S&key=K&delete=1  empty body: the visitor deletes the session → 204
//
// K is the session's secret, drawn by the recording tab and kept in its
// sessionStorage; the collector stores its hash, bound at the session's first
// accepted batch, and answers 403 without it (an older recorder fails closed).
// A visitor's deletion is audited on its own within VisitorDeletesPerApp,
// beyond it with others of its application (tombstone.go).
//
//	OPTIONS on both                             CORS preflight
//
// Ingest answers 400 malformed, 403 origin not allowed or wrong key, 404 unknown
// application, 413 too large (with Veil-Session-Full: the session is full;
// without it: the batch, or the application over its storage quota,
// MaxAppBytes), 415 neither gzip nor JSON, 429 too far ahead
// (see the limits in limits.go), each with {"error": "..."}; 5xx only for
// server faults. A (session, seq) is accepted once; batches wait for earlier
// ones; a gap not filled within GapTimeout is counted and the session is
// dropped until its next full snapshot (fail closed).
//
// # Operations (no token)
//
//	GET  /healthz                               200 while the process serves
//	GET  /readyz                                200, or 503 {"error","checks"} when the store does not answer or no key is loaded
//	GET  /api/openapi.json                      this API as OpenAPI 3.1
//	GET  /api/schema/{name}                     recorder.schema.json, settings.schema.json (JSON Schema 2020-12)
//
// Prometheus /metrics is served only on its own listener (`--metrics-addr`),
// never on the public port; logs go through log/slog (`--log-format json`)
// and never hold ids, tokens, queries or addresses. See docs/operations.md.
//
// # API (Authorization: Bearer <token>, or the viewer's cookie; JSON)
//
//	GET    /api/apps                          applications in scope            any role
//	GET    /api/sessions?app=&from=&to=&limit= session metadata, newest first   replay, replay-unmasked, admin
//	       filters: page (contains, on URLs scrubbed with the playback rules), minDuration, maxDuration, errors,
//	       rage, dead, browser, os, device (desktop|tablet|mobile|bot|unknown), minWidth, maxWidth
//	GET    /api/sessions/{id}                 one session's metadata           replay, replay-unmasked, admin
//	GET    /api/sessions/{id}/events          rrweb events, playback-masked    replay, replay-unmasked, admin
//	GET    /api/sessions/{id}/events?unmasked=1  as stored (capture level)     replay-unmasked
//	DELETE /api/sessions/{id}                 data-subject deletion            admin
//	GET    /api/apps/{app}/settings           settings                         settings, admin
//	PUT    /api/apps/{app}/settings           create or replace settings       settings, admin
//	DELETE /api/apps/{app}                    the application, its settings and every session of it  admin
//	GET    /api/settings/export               {"apps": {name: settings}}       settings, admin
//	POST   /api/settings/import               same shape, all or nothing       settings, admin
//	       (at most MaxApps applications, 409 above, and MaxAllSettingsBytes of settings in all, 413 above;
//	       the audit bytes of a token's settings changes are counted, SettingsAuditBytesPerToken, 429 above)
//	GET    /api/tokens, POST /api/tokens, DELETE /api/tokens/{id}              admin
//	       (tokens created through the API by all tokens together, TokenCreationsBurst at once, then
//	       TokenCreations a second, per collector; 429 above)
//	GET    /api/audit?app=&from=&to=&limit=, GET /api/audit/export (JSON lines) admin
//
// from and to are RFC 3339 or milliseconds since the epoch. Listings answer
// limit entries (DefaultPageSize when absent, at most MaxPageSize; 400 above)
// and, when there may be more, the header Veil-Next-Cursor: repeat the request
// with cursor=<it> to continue (paging.go). Listed page URLs are scrubbed
// again with the playback rules; consent and rules-version labels that are
// not labels are shown blank (a session keeps MaxPages page URLs of at most
// MaxPageBytes, MaxPagesBytes in all: package store). A replay (events, and
// each session a heatmap reads) reserves ReplayByteCost a stored byte from
// ReplayMemory: 413 for a session over MaxReplayBytes, 503 with Retry-After
// while the memory is taken (replaylimit.go); ingest stores at most
// MaxSessionBytes of a session, so every session stored replays. Views
// (events, heatmaps), each audited, are counted per token: ViewsPerTokenBurst
// at once, then ViewsPerToken a second; 429 with Retry-After beyond.
// Unknown or revoked bearer tokens are counted per client as failed logins
// are (TokenGuessesPerClientBurst, then TokenGuessesPerClient a second);
// past them every bearer token of that client is answered 429 with
// Retry-After before it is looked up (tokenguess.go).
//
// Tokens are scoped to applications; a session or application outside the
// scope answers 404 or 403. A token created through the API never does more
// than its creator, in role or scope (auth.Role.MayGrant): admin cannot create
// replay-unmasked tokens, which only `veil token create` makes. Every replay
// view, settings change, deletion and token change is audited, and so is
// every refused attempt (outcome "refused" in the audit log and its export):
// unmasked replay without the role, access outside the scope, a role lacking
// the action, failed viewer logins, refused token creation. Failed logins
// past AnonymousRefusalsBurst are audited together, one entry per reason
// (refusallimit.go).
//
// Every 4xx and 5xx outside the viewer's HTML pages is {"error": "..."},
// unknown paths (404) and wrong methods (405) included. --static and
// --demo-site serve regular files only: no listings, dotfiles, or symlinks
// out of the directory (static.go). HTTP timeouts and the connection cap are
// in httpserver.go; X-Forwarded-* are believed only from Options.TrustProxy
// (proxy.go).
//
// # Replay viewer (viewer.go; its script is /veil/viewer.js from the static directory)
//
//	GET  /viewer/login, POST /viewer/login     token → HttpOnly, SameSite=Strict session cookie
//	                                           (veil_session; over TLS __Host-veil_session, Secure);
//	                                           ?next= returns to the viewer page that asked (viewer paths only)
//	POST /viewer/logout                        ends the login
//	GET  /viewer/                              sessions with filters
//	GET  /viewer/sessions/{id}                 replay (events through the API above); ?t=SECONDS starts there
//	GET  /viewer/heatmap?app=A&page=URL        click heatmap over a playback-masked snapshot (newest 100 sessions)
//	GET  /viewer/sessions/{id}/delete          asks to confirm                 admin
//	POST /viewer/sessions/{id}/delete          deletion, then says what went   admin
//
// The cookie holds a random handle of a login kept in the store (by its hash,
// so logins survive restarts and a database copy holds no usable cookie),
// never the token;
// a cookie request is the token it logged in with (role, scope, audit
// actor), and the token is checked again on every request. State-changing
// cookie requests need the login's CSRF token (form field csrf, or the
// X-Veil-CSRF header on the API) and a same-origin Origin (the origin the
// client asked for: behind a trusted TLS proxy, https); cookies are Secure
// whenever the client reached us over TLS. Logins, failed logins and logouts
// are audited (viewer.login, viewer.logout); a logout ends its login even
// when its token was revoked meanwhile. A cookie request that the viewer did
// not make itself is refused 403 (notTheViewer): a page's image, style,
// font, frame or media load (Sec-Fetch-Dest) or no-cors prefetch
// (Sec-Fetch-Mode), which a replayed page could aim at the API, and a
// script's request from another origin of the site (Sec-Fetch-Site), which
// SameSite=Strict lets through; on the API, a link followed from another
// origin too (viewer pages still open from one). Browsers that send no Sec-Fetch-* headers
// are not covered by this check.
//
// Headers: viewer pages carry a CSP (script-src 'self', object-src 'none',
// base-uri 'none', frame-ancestors 'none', form-action 'self', images and
// fonts from here only; the replay iframe, about:blank and sandboxed
// allow-same-origin by rrweb, inherits it), X-Frame-Options DENY,
// X-DNS-Prefetch-Control off, COOP same-origin, nosniff and no-store. Every
// answer of an authenticated API route, errors, 201 and 204 included,
// carries nosniff, no-store, no-referrer, CORP same-origin and a CSP of
// default-src 'none' (apiHeaders). The viewer's script drops rel words
// other than stylesheet, alternate and icon from replays, capture level
// included: resource hints (preconnect, dns-prefetch) reach other hosts
// past any CSP.
//
// # Demo (`veil serve --demo-site DIR`)
//
// DIR is served at /demo/ and InstallDemo makes DIR/settings.json the
// settings of application "demo" and prints a fresh admin token.
package server
