package masking

// piiCache remembers scrubPII's answers for short strings, for one Session:
// attribute values that leave in clear repeat across a page ("row r3",
// "name"), and each pass of the detectors reads the string twice (forwards
// and reversed). scrubPII depends on nothing but its input, and a slot
// answers only for the very string it holds (compared byte for byte), so
// the answer, and the count of matches added to Stats.PII, are scrubPII's.
// Not safe for concurrent use (one per Session).
type piiCache struct {
	sets   [piiCacheSets][2]piiCacheEntry
	older  [piiCacheSets]uint8 // per set: the way to refill next
	misses int                 // answers computed (tests)
}

const (
	piiCacheSets   = 64 // of two ways each: two strings of one set do not push each other out
	piiCacheMaxLen = 64 // longer strings are rarely repeated
)

type piiCacheEntry struct {
	in, out string
	hits    int
	filled  bool
	_       [0]func() // not comparable: no equality code in the engine for it
}

// scrub is scrubPII(v), remembered.
func (c *piiCache) scrub(v string) (string, int) {
	if len(v) > piiCacheMaxLen || v == "" {
		return scrubPII(v)
	}
	k := piiCacheSet(v)
	set := &c.sets[k]
	for w := range set {
		if e := &set[w]; e.filled && e.in == v {
			c.older[k] = uint8(1 - w)
			return e.out, e.hits
		}
	}
	c.misses++
	out, hits := scrubPII(v)
	w := c.older[k]
	set[w] = piiCacheEntry{in: v, out: out, hits: hits, filled: true}
	c.older[k] = 1 - w
	return out, hits
}

// piiCacheSet is v's set: FNV-1a, folded. A multiplier of 31 (31⁴ ≡ 1
// mod 128) put strings that differ in one character four places apart
// into one slot, where the values a table's class toggles alternate
// between pushed each other out at every toggle.
func piiCacheSet(v string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(v); i++ {
		h ^= uint32(v[i])
		h *= 16777619
	}
	return (h ^ h>>15 ^ h>>23) % piiCacheSets
}
