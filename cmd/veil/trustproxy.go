package main

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"
)

// parseTrustProxy reads --trust-proxy: comma-separated CIDRs or single
// addresses (a /32 or /128). Empty trusts no proxy.
func parseTrustProxy(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, errors.New(strconv.Quote(f) + " is neither an address nor a CIDR")
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
