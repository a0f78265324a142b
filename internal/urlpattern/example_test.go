package urlpattern_test

import (
	"fmt"

	"github.com/veil-replay/veil/internal/urlpattern"
)

func Example() {
	p, err := urlpattern.Compile(`(?i)^https://[^/]+/(account|pay)(/|$)`)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.MatchString("https://shop.example/Account/settings"))
	fmt.Println(p.MatchString("https://shop.example/accounts"))
	_, err = urlpattern.Compile(`/\p{Greek}+/`)
	fmt.Println(err)
	// Output:
	// true
	// false
	// Unicode classes are not supported in URL patterns (use explicit ranges): `\p{Greek}`
}
