package main

import (
	"github.com/headerscope/headerscope/analyze/dns"
)

// resolvConf is where the system resolver is configured.
var resolvConf = "/etc/resolv.conf"

// dnsResolver builds the DNS resolver the flags ask for: --offline (no
// lookups), --dns-zone files (no network), --resolver, or the servers of
// /etc/resolv.conf. A set-up that cannot be used is a usage error that says
// what to give instead.
func (f *dnsFlags) dnsResolver(cmd string) (dns.Resolver, error) {
	switch {
	case f.offline && (len(f.zones) > 0 || f.resolver != ""):
		return nil, usagef(cmd, "--offline makes no lookups, so it cannot be combined with --dns-zone or --resolver")
	case len(f.zones) > 0 && f.resolver != "":
		return nil, usagef(cmd, "give either --dns-zone or --resolver, not both")
	case f.offline:
		return dns.Offline{}, nil
	case len(f.zones) > 0:
		z, err := dns.LoadZones(f.zones...)
		if err != nil {
			return nil, usagef(cmd, "--dns-zone: %v", err)
		}
		return z, nil
	case f.resolver != "":
		l, err := dns.NewLive([]string{f.resolver}, dns.LiveOptions{Origin: "--resolver"})
		if err != nil {
			return nil, usagef(cmd, "--resolver %q: %v", f.resolver, err)
		}
		// One run asks each question once, however many messages
		// carry the same selector.
		return dns.NewRunCache(f.record.wrap(l)), nil
	}
	l, err := dns.NewLiveFromResolvConf(resolvConf, dns.LiveOptions{})
	if err != nil {
		return nil, usagef(cmd, "cannot use the system resolver (%v); give --resolver ADDR, --dns-zone FILE, or --offline", err)
	}
	return dns.NewRunCache(f.record.wrap(l)), nil
}
