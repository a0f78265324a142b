package masking

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// BenchmarkScrubPII measures the detectors over strings of the kinds Veil
// keeps in clear, with and without something to mask.
func BenchmarkScrubPII(b *testing.B) {
	inputs := []struct{ name, in string }{
		{"class-list", "btn btn-primary btn-lg col-md-6 col-sm-12 mt-3 px-4 d-flex align-items-center " +
			"justify-content-between text-truncate css-1x2y3z4 Button_primary__3xK9a sc-bdVaJa kYjhlS"},
		{"url-path", "/shop/2026/12/05/category/womens-shoes/item-4521/reviews;page=2/assets/main.8f3a2c91.js"},
		{"paragraph", strings.Repeat("Our store opens at 9:30 on weekdays. Returns are accepted within 30 days "+
			"of purchase; see section 4.2 of the terms, or write to the address on your receipt. ", 8)},
		{"paragraph-unicode", strings.Repeat("Öffnungszeiten: Mo–Fr 9:30–18 Uhr. 東京都渋谷区の店舗は"+
			"年中無休です。Ελάτε να μας δείτε! ", 8)},
		{"paragraph-with-pii", strings.Repeat("Call +1 555 123 4567 or write to jane.doe@example.com; "+
			"refunds go to DE89 3704 0044 0532 0130 00 within 30 days. ", 8)},
	}
	for _, tc := range inputs {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.in)))
			b.ReportAllocs()
			for b.Loop() {
				scrubPII(tc.in)
			}
		})
	}
}

// BenchmarkScrubPIIHostile feeds the detectors the inputs that make each one
// work hardest, at two sizes: MB/s staying flat as the size grows 64-fold
// shows the scan is linear.
func BenchmarkScrubPIIHostile(b *testing.B) {
	patterns := []struct{ name, unit string }{
		{"at-signs", "a.b@"},          // every '@' has a local part and a domain that never ends
		{"iban-starts", "AB12"},       // every 4 bytes could start an IBAN
		{"iban-spaced", "AB12 CDEF "}, // IBAN candidates that run to their maximum length
		{"digit-pairs", "12-"},        // one endless digit run
		{"short-runs", "12345 "},      // runs one below the threshold
		{"domains", "x@a.bc-"},        // addresses sharing characters
		{"cjk-local", "東京@"},          // non-ASCII local parts read backwards
	}
	for _, p := range patterns {
		for _, size := range []int{1 << 10, 64 << 10} {
			in := strings.Repeat(p.unit, size/len(p.unit)+1)[:size]
			b.Run(fmt.Sprintf("%s/%dKiB", p.name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				for b.Loop() {
					scrubPII(in)
				}
			})
		}
	}
}

// TestScrubPIIScalesLinearly reads each hostile pattern at 4 KiB and at
// 64 KiB: a scan that is linear takes about 16 times as long for the
// longer string, one that reads a run again from each of its starts about
// 256 times (a detector of numbers in words did: 1.5 s for 64 KiB of
// "12-12-…"). The best of five runs is compared, so a busy machine does
// not decide it; the bound leaves 4× room over linear.
func TestScrubPIIScalesLinearly(t *testing.T) {
	best := func(in string) time.Duration {
		d := time.Duration(1 << 62)
		for range 5 {
			start := time.Now()
			scrubPII(in)
			d = min(d, time.Since(start))
		}
		return max(d, time.Microsecond)
	}
	for _, unit := range []string{"a.b@", "AB12", "AB12 CDEF ", "12-", "12345 ", "x@a.bc-", "東京@",
		"one ", "1 two ", "PIN ", "pin: 12 ", "fe80:", "12:", "12-ab-", "jane at ", "(at) ", "five-",
		"a @", "?a=b@", "1°2'3", "Password|a b ", "a@b dot ", "ABCPE1234"} {
		t.Run(unit, func(t *testing.T) {
			small := strings.Repeat(unit, (4<<10)/len(unit)+1)[:4<<10]
			large := strings.Repeat(unit, (64<<10)/len(unit)+1)[:64<<10]
			// The best of three ratios: a collection or a busy core can
			// inflate one (CI under -race once saw 77×); a quadratic scan
			// is 256× every time.
			var s, l time.Duration
			ratio := math.Inf(1)
			for range 3 {
				ss, ll := best(small), best(large)
				if r := float64(ll) / float64(ss); r < ratio {
					ratio, s, l = r, ss, ll
				}
			}
			assert.Less(t, ratio, 64.0, "64 KiB took %v, 4 KiB %v", l, s)
		})
	}
}
