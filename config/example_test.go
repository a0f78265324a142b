package config_test

import (
	"fmt"

	"github.com/veil-replay/veil/config"
)

func ExampleParse() {
	cfg, err := config.Parse([]byte(`{
		"application": "shop",
		"endpoint": "/veil/ingest",
		"excludeUrls": ["^https://shop\\.example/account/"],
		"recording": {"mode": "block-list", "mask": [".address"]}
	}`))
	if err != nil {
		panic(err)
	}
	compiled, err := cfg.Compile()
	if err != nil {
		panic(err)
	}
	fmt.Println(cfg.SamplePercent, cfg.PrivacySignals, compiled.RecordingSet().Mode())
	fmt.Println(compiled.Excluded("https://shop.example/account/orders"), compiled.Excluded("https://shop.example/cart"))

	_, err = config.Parse([]byte(`{"application": "shop", "endpoint": "/veil/ingest", "playback": {}}`))
	fmt.Println(err)
	// Output:
	// 100 honor block-list
	// true false
	// config: playback: playback rules live on the server only; a recorder configuration is sent to browsers
}
