package masking

// piiCache remembers scrubPII's answers for short strings, for one Session:
// attribute values that leave in clear repeat across a page ("row r3",
// "name"), and each pass of the detectors reads the string twice (forwards
// and reversed). scrubPII depends on nothing but its input, and a slot
// answers only for the very string it holds (compared byte for byte), so
// the answer, and the count of matches added to Stats.PII, are scrubPII's.
// Not safe for concurrent use (one per Session).
type piiCache struct {
	slots [piiCacheSlots]piiCacheEntry
}

const (
	piiCacheSlots  = 128
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
	h := uint(len(v))
	for i := 0; i < len(v); i++ {
		h = h*31 + uint(v[i])
	}
	e := &c.slots[h%piiCacheSlots]
	if e.filled && e.in == v {
		return e.out, e.hits
	}
	out, hits := scrubPII(v)
	*e = piiCacheEntry{in: v, out: out, hits: hits, filled: true}
	return out, hits
}
