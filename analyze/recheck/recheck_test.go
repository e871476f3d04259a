package recheck_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// now is the verification clock of the fixtures (testdata/gen/common.py
// VERIFY_TIME): 2026-12-01T00:00:00Z, after every x= in them.
var now = time.Unix(1796083200, 0).UTC()

func zones(t *testing.T) dns.Resolver {
	t.Helper()
	z, err := dns.LoadZones("../../testdata/dns/fixtures.zone", "../../testdata/authres/authres.zone")
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// run analyses raw as headerscope does, so that the claims are compared
// with the verdicts analyze computes (DKIM, ARC, SPF, DMARC).
func run(t *testing.T, res dns.Resolver, raw []byte) *analyze.Report {
	t.Helper()
	return analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: res, Now: func() time.Time { return now }})
}

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../testdata/authres", name+".eml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// claim is the expected re-check of one claim: "entry/method" -> status,
// result and a substring of the reason.
type claim struct {
	entry  int
	method string
	status string
	result verdict.Result
	reason string
}

func TestSamples(t *testing.T) {
	res := zones(t)
	tests := []struct {
		name     string
		boundary int
		ip       string
		trusted  []bool // per entry
		claims   []claim
		spf      verdict.Result
		dmarc    verdict.Result
	}{
		{"gmail-pass", 1, "192.0.2.10", []bool{true}, []claim{
			{0, "dkim", recheck.Agrees, verdict.Pass, "claimed pass, re-verified pass"},
			{0, "spf", recheck.Agrees, verdict.Pass, "matched \"ip4:192.0.2.0/25\""},
			{0, "dmarc", recheck.Agrees, verdict.Pass, "aligned pass"},
		}, verdict.Pass, verdict.Pass},
		{"microsoft365-no-authserv-id", 2, "198.51.100.7", []bool{true, true}, []claim{
			{0, "spf", recheck.Agrees, verdict.Pass, "via include:_spf.example.net"},
			{0, "dkim", recheck.Agrees, verdict.Pass, ""},
			{0, "dmarc", recheck.Agrees, verdict.Pass, ""},
			{0, "compauth", recheck.NotRechecked, "", "proprietary"},
			{1, "spf", recheck.Agrees, verdict.Pass, ""},
		}, verdict.Pass, verdict.Pass},
		{"yahoo-dkim-body-modified", 1, "192.0.2.10", []bool{true}, []claim{
			{0, "dkim", recheck.Disagrees, verdict.Fail, "claimed pass, re-verified fail: body hash mismatch"},
			{0, "dmarc", recheck.Agrees, verdict.Pass, "aligned pass from spf (example.com)"},
		}, verdict.Pass, verdict.Pass},
		{"fastmail-spoofed-below-boundary", 1, "203.0.113.66", []bool{true, false, false}, []claim{
			{0, "spf", recheck.Agrees, verdict.SoftFail, "~all"},
			{0, "dmarc", recheck.Agrees, verdict.Fail, ""},
			{0, "iprev", recheck.NotRechecked, "", "reverse DNS"},
			{1, "dkim", recheck.NotRechecked, "", "no DKIM-Signature in the message matches header.d=example.com"},
			{1, "dmarc", recheck.Disagrees, verdict.Fail, "claimed pass"},
			{2, "spf", recheck.NotRechecked, "", "connecting IP this host saw"},
		}, verdict.SoftFail, verdict.Fail},
		{"opendkim-key-revoked-since", 0, "192.0.2.10", []bool{true, true}, []claim{
			{1, "dkim", recheck.Disagrees, verdict.PermError, "claimed pass, re-verified permerror: key revoked"},
			{1, "dkim-atps", recheck.NotRechecked, "", "RFC 6541"},
		}, verdict.Pass, verdict.Pass},
		{"rspamd-dkim-expired-since", 0, "192.0.2.10", []bool{true}, []claim{
			{0, "dkim", recheck.Disagrees, verdict.PermError, "expired"},
			{0, "arc", recheck.Agrees, verdict.None, "the message carries no ARC chain"},
		}, verdict.Pass, verdict.Pass},
		{"postfix-policyd-spf-disagrees", 0, "203.0.113.25", []bool{true}, []claim{
			{0, "spf", recheck.Disagrees, verdict.Fail, "claimed pass, re-verified fail: 203.0.113.25 for example.org is not authorized: matched \"-all\""},
		}, verdict.Fail, verdict.Fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, res, sample(t, tt.name))
			if rc := r.Received.Receiving; rc.Hop != tt.boundary || rc.ConnectingIP != tt.ip {
				t.Errorf("boundary hop %d ip %q, want %d %q", rc.Hop, rc.ConnectingIP, tt.boundary, tt.ip)
			}
			if len(r.Claims.AuthenticationResults) != len(tt.trusted) {
				t.Fatalf("%d entries, want %d", len(r.Claims.AuthenticationResults), len(tt.trusted))
			}
			for i, e := range r.Claims.AuthenticationResults {
				if e.Trusted != tt.trusted[i] {
					t.Errorf("entry %d (line %d, %q) trusted = %v (%s), want %v", i, e.Line, e.AuthServID, e.Trusted, e.TrustReason, tt.trusted[i])
				}
			}
			for _, c := range tt.claims {
				got := find(r.Claims.AuthenticationResults[c.entry], c.method)
				if got == nil {
					t.Errorf("entry %d has no %s claim", c.entry, c.method)
					continue
				}
				rc := got.Recheck
				if rc.Status != c.status || rc.Result != c.result || !strings.Contains(rc.Reason, c.reason) {
					t.Errorf("entry %d %s: recheck = %s %s %q, want %s %s containing %q", c.entry, c.method, rc.Status, rc.Result, rc.Reason, c.status, c.result, c.reason)
				}
			}
			if r.SPF.Verdict != tt.spf || r.DMARC.Verdict != tt.dmarc {
				t.Errorf("spf %s (%s) dmarc %s (%s), want %s %s", r.SPF.Verdict, r.SPF.Reason, r.DMARC.Verdict, r.DMARC.Reason, tt.spf, tt.dmarc)
			}
		})
	}
}

func find(e recheck.Entry, method string) *recheck.Claim {
	for i := range e.Results {
		if e.Results[i].Method == method {
			return &e.Results[i]
		}
	}
	return nil
}

func TestTimeTravel(t *testing.T) {
	res := zones(t)
	tests := []struct {
		name, want string
		result     verdict.Result
	}{
		{"rspamd-dkim-expired-since", "passed as of 2026-11-20 when received: the signature expired at 2026-11-21T12:00:00Z (x=) since", verdict.Pass},
		{"opendkim-key-revoked-since", "consistent with a pass on 2026-11-20 when received: the key has since been revoked", verdict.PermError},
		{"yahoo-dkim-body-modified", "fails even as of arrival (2026-11-20): body hash mismatch", verdict.Fail},
	}
	for _, tt := range tests {
		r := run(t, res, sample(t, tt.name))
		var tv *recheck.TimeTravel
		for _, e := range r.Claims.AuthenticationResults {
			if c := find(e, "dkim"); c != nil && c.Recheck.AsOfArrival != nil {
				tv = c.Recheck.AsOfArrival
			}
		}
		if tv == nil {
			t.Errorf("%s: no verification as of arrival", tt.name)
			continue
		}
		if tv.Result != tt.result || !strings.HasPrefix(tv.Conclusion, tt.want) {
			t.Errorf("%s: as of arrival %s %q, want %s %q", tt.name, tv.Result, tv.Conclusion, tt.result, tt.want)
		}
	}
}

// TestTimeTravelOncePerSignature adds a second claim of dkim=pass for the
// same signature: the re-check as of arrival must be computed once and
// shared, so that a message with thousands of such claims costs one.
func TestTimeTravelOncePerSignature(t *testing.T) {
	raw := sample(t, "opendkim-key-revoked-since")
	dup := []byte("Authentication-Results: mx.example.net; dkim=pass header.d=example.com\r\n")
	r := run(t, zones(t), append(dup, raw...))
	var seen []*recheck.TimeTravel
	for _, e := range r.Claims.AuthenticationResults {
		if c := find(e, "dkim"); c != nil && c.Recheck.AsOfArrival != nil {
			seen = append(seen, c.Recheck.AsOfArrival)
		}
	}
	if len(seen) < 2 {
		t.Fatalf("%d claims were re-checked as of arrival, want at least 2", len(seen))
	}
	for _, tv := range seen[1:] {
		if tv != seen[0] {
			t.Errorf("the signature was verified again as of arrival for each claim, want once")
		}
	}
}
