package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strconv"
	"time"

	"github.com/veil-replay/veil/server/keys"
	"github.com/veil-replay/veil/server/store"
)

// sessionLimiter limits the new sessions (or logins) an application and a
// client may start, in token buckets the store keeps, so every collector
// sharing the store counts against the same limits and a restart forgets
// nothing. A client is known only by a keyed hash of its address
// (clientID); addresses are never stored. It is safe for concurrent use.
type sessionLimiter struct {
	st   store.Store
	keys *keys.Keyring
	name string // "new-sessions" or "logins": the buckets' namespace
	lim  RateLimits
}

// RateLimits are the new-session rate limits; zero fields take the
// defaults of limits.go.
type RateLimits struct {
	ClientRate, ClientBurst float64 // new sessions per second, and at once, per client
	AppRate, AppBurst       float64 // the same per application
	NetRate, NetBurst       float64 // the same per IPv6 /48 (all its /64 clients)
}

func (l RateLimits) withDefaults() RateLimits {
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.ClientRate, NewSessionsPerClient)
	def(&l.ClientBurst, NewSessionsPerClientBurst)
	def(&l.AppRate, NewSessionsPerApp)
	def(&l.AppBurst, NewSessionsPerAppBurst)
	def(&l.NetRate, NewSessionsPerNetwork)
	def(&l.NetBurst, NewSessionsPerNetworkBurst)
	return l
}

func newSessionLimiter(st store.Store, k *keys.Keyring, name string, lim RateLimits) *sessionLimiter {
	return &sessionLimiter{st: st, keys: k, name: name, lim: lim.withDefaults()}
}

// allow counts one new session (or login) of app from client; false means
// refused, and nothing is counted then. A store error refuses too (the
// caller answers it as a server fault).
func (sl *sessionLimiter) allow(ctx context.Context, app string, client netip.Addr, now time.Time) (bool, error) {
	takes := []store.TokenTake{
		{Key: bucketKey(sl.name+":client:", sl.clientID(client, now)), Rate: sl.lim.ClientRate, Burst: sl.lim.ClientBurst},
		{Key: bucketKey(sl.name+":app:", app), Rate: sl.lim.AppRate, Burst: sl.lim.AppBurst},
	}
	if a := client.Unmap(); a.Is6() {
		network, _ := a.Prefix(NetworkIPv6Bits)
		takes = append(takes, store.TokenTake{Key: bucketKey(sl.name+":net:", sl.hashed(network, now)),
			Rate: sl.lim.NetRate, Burst: sl.lim.NetBurst})
	}
	return sl.st.TakeTokens(ctx, takes, now)
}

// allowClient counts one attempt of client against its own bucket only
// (viewer logins: a bucket every client shared would let a few of them shut
// out everyone else).
func (sl *sessionLimiter) allowClient(ctx context.Context, client netip.Addr, now time.Time) (bool, error) {
	return sl.st.TakeTokens(ctx, []store.TokenTake{
		{Key: bucketKey(sl.name+":client:", sl.clientID(client, now)), Rate: sl.lim.ClientRate, Burst: sl.lim.ClientBurst},
	}, now)
}

// clientID is a keyed hash of client's network (clientNet) for the period
// now falls in: the key is derived from the keyring, so every collector
// sharing it agrees, and without the keyring the hash can be neither
// reversed by trying every address nor linked across periods.
func (sl *sessionLimiter) clientID(client netip.Addr, now time.Time) string {
	return sl.hashed(clientNet(client), now)
}

// hashed is the keyed hash of a network for the period now falls in
// (clientID).
func (sl *sessionLimiter) hashed(network netip.Prefix, now time.Time) string {
	period := now.Unix() / int64(ClientKeyLifetime/time.Second)
	m := hmac.New(sha256.New, sl.keys.Derive("veil rate limits: clients"))
	m.Write(strconv.AppendInt(nil, period, 10))
	m.Write([]byte{0})
	b, _ := network.MarshalBinary()
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// ClientIPv6Bits is how much of an IPv6 address names a client: a single
// subscriber is routed a whole /64 (often more), so counting full addresses
// would give every visitor 2^64 clients and void every per-client limit.
const ClientIPv6Bits = 64

// clientNet is what a per-client limit counts: an IPv4 address itself, an
// IPv6 address's /64.
func clientNet(a netip.Addr) netip.Prefix {
	a = a.Unmap()
	if a.Is4() || !a.IsValid() {
		return netip.PrefixFrom(a, a.BitLen())
	}
	p, _ := a.Prefix(ClientIPv6Bits)
	return p
}

// bucketKey keeps a bucket's key within store.MaxTokenKey.
func bucketKey(prefix, name string) string {
	if len(prefix)+len(name) <= store.MaxTokenKey {
		return prefix + name
	}
	sum := sha256.Sum256([]byte(name))
	return prefix + hex.EncodeToString(sum[:])
}
