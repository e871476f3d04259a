package conclusion

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
)

// fixtureNow is the clock the committed fixtures and the gallery are
// signed for.
var fixtureNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

const root = "../../testdata"

func analyzeWith(t *testing.T, raw []byte, res dns.Resolver) *analyze.Report {
	t.Helper()
	return analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: res, Now: func() time.Time { return fixtureNow }})
}

func loadZone(t *testing.T, paths ...string) *dns.Zone {
	t.Helper()
	z, err := dns.LoadZones(paths...)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// TestFixtures concludes on every committed fixture against its zone.
// Every fixture is listed, so that a new one must be given its kind.
func TestFixtures(t *testing.T) {
	want := map[string]Kind{}
	for _, c := range []struct {
		name string
		kind Kind
	}{
		{"arc-fail-body-modified", Unauthenticated},
		{"arc-fail-cv-fail-sealed", Altered},
		{"arc-fail-gap", Unauthenticated},
		{"arc-fail-missing-aar", Unauthenticated},
		{"arc-fail-tampered-seal", Unauthenticated},
		{"arc-none", Authentic},
		{"arc-pass-1-hop", Authentic},
		{"arc-pass-2-hops", Forwarded},
		{"arc-pass-3-hops", Forwarded},
		{"dkim-fail-body-and-header", Unauthenticated},
		{"dkim-fail-body-footer", Altered},
		{"dkim-fail-body-lost", Altered},
		{"dkim-fail-header-subject", Altered},
		{"dkim-fail-headers-only-modified", Unauthenticated},
		{"dkim-neutral-headers-only", CannotTell},
		{"dkim-pass-1000-signatures", Authentic},
		{"dkim-pass-cname-o365", Authentic},
		{"dkim-pass-dual-ed25519-rsa", Authentic},
		{"dkim-pass-ed25519", Authentic},
		{"dkim-pass-length-appended", AuthenticChanged},
		{"dkim-pass-lf-only", Authentic},
		{"dkim-pass-mixed-line-endings", Authentic},
		{"dkim-pass-oversigned", Authentic},
		{"dkim-pass-relaxed-relaxed", Authentic},
		{"dkim-pass-relaxed-simple", Authentic},
		{"dkim-pass-rfc8463-example", Authentic},
		{"dkim-pass-rsa1024", Authentic},
		{"dkim-pass-rsa2048-split-txt", Authentic},
		{"dkim-pass-rsa4096", Authentic},
		{"dkim-pass-simple-simple", Authentic},
		{"dkim-pass-unsigned-subject-added", Suspicious},
		{"dkim-pass-testing-key", Authentic},
		{"dkim-permerror-expired", Unauthenticated},
		{"dkim-permerror-future-timestamp", Unauthenticated},
		{"dkim-permerror-key-hash-sha1-only", Unauthenticated},
		{"dkim-permerror-key-type-mismatch", Unauthenticated},
		{"dkim-permerror-no-key", Unauthenticated},
		{"dkim-permerror-revoked", Unauthenticated},
		{"dkim-permerror-strict-subdomain-identity", Unauthenticated},
		{"dkim-permerror-syntax-algorithm-rsa-md5", Unauthenticated},
		{"dkim-permerror-syntax-bad-base64", Unauthenticated},
		{"dkim-permerror-syntax-duplicate-tag", Unauthenticated},
		{"dkim-permerror-syntax-h-without-from", Unauthenticated},
		{"dkim-permerror-syntax-identity-outside-domain", Unauthenticated},
		{"dkim-permerror-syntax-length-beyond-body", Unauthenticated},
		{"dkim-permerror-syntax-missing-bh", Unauthenticated},
		{"dkim-permerror-syntax-query-method", Unauthenticated},
		{"dkim-permerror-syntax-version-2", Unauthenticated},
		{"dkim-permerror-two-txt-records", Unauthenticated},
		{"dkim-policy-rsa-sha1", Unauthenticated},
		{"dkim-policy-rsa512", Unauthenticated},
		{"dkim-temperror-servfail", CannotTell},
		{"dkim-temperror-timeout", CannotTell},
	} {
		want[c.name] = c.kind
	}
	mails, err := filepath.Glob(filepath.Join(root, "mail", "*.eml"))
	if err != nil || len(mails) == 0 {
		t.Fatalf("no fixtures in %s/mail (%v)", root, err)
	}
	for _, path := range mails {
		name := strings.TrimSuffix(filepath.Base(path), ".eml")
		kind, ok := want[name]
		if !ok {
			t.Errorf("%s: no expected kind in the table", name)
			continue
		}
		zone := filepath.Join(root, "dns", name+".zone")
		if _, err := os.Stat(zone); err != nil {
			zone = filepath.Join(root, "dns", "fixtures.zone")
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		v := Of(analyzeWith(t, raw, loadZone(t, zone)))
		if v.Kind != kind {
			t.Errorf("%s: kind %s, want %s (evidence %s)", name, v.Kind, kind, causes(v))
		}
		checkInvariants(t, name, v)
	}
}

// causes lists the causes of a verdict for test messages.
func causes(v Verdict) string {
	var s []string
	for _, e := range v.Evidence {
		s = append(s, e.Cause.String())
	}
	return strings.Join(s, ",")
}

// checkInvariants holds for every verdict: evidence is given, at least
// one piece is in the summary, pointers name a finding, and the rules the
// README promises hold.
func checkInvariants(t *testing.T, name string, v Verdict) {
	t.Helper()
	if len(v.Evidence) == 0 {
		t.Errorf("%s: %s with no evidence", name, v.Kind)
		return
	}
	prim := false
	has := map[Cause]bool{}
	for _, e := range v.Evidence {
		prim = prim || e.Primary
		has[e.Cause] = true
		if e.Pointer.Finding == "" {
			t.Errorf("%s: evidence %s has no pointer", name, e.Cause)
		}
	}
	if !prim {
		t.Errorf("%s: no primary evidence for the summary", name)
	}
	switch v.Kind {
	case Authentic, AuthenticChanged:
		if !has[AlignedDKIMPass] && !has[AlignedSPFPass] {
			t.Errorf("%s: %s without an aligned pass", name, v.Kind)
		}
	case Spoofed:
		if !has[DMARCFail] && !has[Lookalike] && !has[FalseClaim] {
			t.Errorf("%s: spoofed without DMARC failure, lookalike or false claim", name)
		}
	case Forwarded:
		if !has[ARCVouches] {
			t.Errorf("%s: forwarded without an ARC set that vouches", name)
		}
	}
}
