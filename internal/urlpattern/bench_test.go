package urlpattern

import (
	"regexp"
	"testing"
)

const (
	benchPattern = `(?i)^https://[^/]+/(account|checkout|pay)(/|\?|$)|[?&]token=`
	benchURL     = "https://shop.example/catalogue/shoes/red-runner-42?size=9&colour=red&ref=newsletter#reviews"
)

// BenchmarkMatch and BenchmarkRegexpMatch run the same search, for a ratio
// in one run (the engine checks the URL at start and on each navigation).
func BenchmarkMatch(b *testing.B) {
	p, err := Compile(benchPattern)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if p.MatchString(benchURL) {
			b.Fatal("matched")
		}
	}
}

func BenchmarkRegexpMatch(b *testing.B) {
	re := regexp.MustCompile(benchPattern)
	for b.Loop() {
		if re.MatchString(benchURL) {
			b.Fatal("matched")
		}
	}
}
