package spf

import (
	"context"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/verdict"
)

func TestCheck(t *testing.T) {
	z, err := dns.LoadZones("../../testdata/authres/authres.zone")
	if err != nil {
		t.Fatal(err)
	}
	ip := netip.MustParseAddr
	tests := []struct {
		name      string
		in        Input
		want      verdict.Result
		mechanism string
		path      []string
		reason    string
	}{
		{"pass-ip4", Input{IP: ip("192.0.2.10"), MailFrom: "bounce@example.com"}, verdict.Pass, "ip4:192.0.2.0/25", nil, "192.0.2.10 for example.com is authorized"},
		{"pass-include", Input{IP: ip("198.51.100.7"), MailFrom: "bounce@example.com"}, verdict.Pass, "ip4:198.51.100.0/24", []string{"include:_spf.example.net"}, "via include:_spf.example.net"},
		{"pass-include-ipv6", Input{IP: ip("2001:db8:5::25"), MailFrom: "a@example.com"}, verdict.Pass, "ip6:2001:db8:5::/48", []string{"include:_spf.example.net"}, "authorized"},
		{"pass-redirect", Input{IP: ip("192.0.2.11"), MailFrom: "a@example.net"}, verdict.Pass, "ip4:192.0.2.0/25", []string{"redirect=example.com"}, "via redirect=example.com"},
		{"pass-mx", Input{IP: ip("192.0.2.201"), MailFrom: "a@example.org"}, verdict.Pass, "mx", nil, "matched \"mx\""},
		{"pass-a", Input{IP: ip("192.0.2.202"), MailFrom: "a@EXAMPLE.org"}, verdict.Pass, "a:relay.example.org", nil, "authorized"},
		{"pass-helo-null-sender", Input{IP: ip("192.0.2.10"), HELO: "mail.example.com"}, verdict.Pass, "a", nil, "for mail.example.com"},
		{"pass-bare-domain", Input{IP: ip("192.0.2.10"), MailFrom: "example.com"}, verdict.Pass, "ip4:192.0.2.0/25", nil, "authorized"},
		{"fail", Input{IP: ip("203.0.113.9"), MailFrom: "a@example.org"}, verdict.Fail, "-all", nil, "is not authorized: matched \"-all\""},
		{"softfail", Input{IP: ip("203.0.113.9"), MailFrom: "a@example.com"}, verdict.SoftFail, "~all", nil, "probably not authorized"},
		{"softfail-include-did-not-match", Input{IP: ip("203.0.113.9"), MailFrom: "a@example.com"}, verdict.SoftFail, "~all", nil, "~all"},
		{"neutral", Input{IP: ip("203.0.113.9"), MailFrom: "a@neutral.example.net"}, verdict.Neutral, "?all", nil, "neither authorized nor forbidden"},
		{"none-no-spf-record", Input{IP: ip("203.0.113.9"), MailFrom: "a@nospf.example.net"}, verdict.None, "", nil, "nospf.example.net has no SPF record"},
		{"none-nxdomain", Input{IP: ip("203.0.113.9"), MailFrom: "a@nowhere.example"}, verdict.None, "", nil, "no SPF record"},
		{"permerror-too-many-lookups", Input{IP: ip("203.0.113.99"), MailFrom: "a@toomany.example.net"}, verdict.PermError, "a:h11.example.net", nil, "more than 10 DNS-querying terms"},
		{"permerror-void-lookups", Input{IP: ip("203.0.113.99"), MailFrom: "a@voids.example.net"}, verdict.PermError, "a:v3.example.net", nil, "void lookups"},
		{"temperror", Input{IP: ip("203.0.113.9"), MailFrom: "a@tempfail.example.net"}, verdict.TempError, "", nil, "failed temporarily"},
		{"none-unknown-ip", Input{MailFrom: "a@example.com"}, verdict.None, "", nil, "not re-checked: the connecting IP is not in the message"},
		{"none-no-identity", Input{IP: ip("192.0.2.10")}, verdict.None, "", nil, "neither the MAIL FROM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Check(context.Background(), z, tt.in)
			if r.Verdict != tt.want || r.Mechanism != tt.mechanism || !reflect.DeepEqual(r.Path, tt.path) {
				t.Fatalf("Check(%+v) = %s %q %q (%s), want %s %q %q", tt.in, r.Verdict, r.Mechanism, r.Path, r.Reason, tt.want, tt.mechanism, tt.path)
			}
			if !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("Check(%+v).Reason = %q, want it to contain %q", tt.in, r.Reason, tt.reason)
			}
			if tt.in.IP.IsValid() && (tt.in.MailFrom != "" || tt.in.HELO != "") && len(r.DNS) == 0 {
				t.Errorf("Check(%+v) recorded no DNS lookup", tt.in)
			}
		})
	}
}

func TestCheckLookupLimitTraces(t *testing.T) {
	z, _ := dns.LoadZones("../../testdata/authres/authres.zone")
	r := Check(context.Background(), z, Input{IP: netip.MustParseAddr("203.0.113.99"), MailFrom: "a@toomany.example.net"})
	if !r.LookupLimit || r.VoidLimit {
		t.Errorf("LookupLimit %v VoidLimit %v, want true false", r.LookupLimit, r.VoidLimit)
	}
	// One TXT lookup, then A and AAAA for each of the ten terms allowed.
	if len(r.DNS) != 21 || r.DNS[0].Query != "toomany.example.net" || r.DNS[0].Type != "TXT" {
		t.Errorf("DNS = %d lookups, first %+v", len(r.DNS), r.DNS[0])
	}
	v := Check(context.Background(), z, Input{IP: netip.MustParseAddr("203.0.113.99"), MailFrom: "a@voids.example.net"})
	if !v.VoidLimit || v.LookupLimit {
		t.Errorf("voids: LookupLimit %v VoidLimit %v, want false true", v.LookupLimit, v.VoidLimit)
	}
}
