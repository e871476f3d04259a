package gallery

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
)

func TestGalleryLoads(t *testing.T) {
	ms := Messages()
	if len(ms) < 10 {
		t.Fatalf("%d teaching messages embedded, want the whole gallery", len(ms))
	}
	for i, m := range ms {
		if !strings.HasSuffix(m.Name, ".eml") || len(m.Raw) == 0 {
			t.Errorf("message %d = %q (%d bytes), want a non-empty .eml", i, m.Name, len(m.Raw))
		}
		if i > 0 && ms[i-1].Name >= m.Name {
			t.Errorf("messages not in file-name order: %q before %q", ms[i-1].Name, m.Name)
		}
	}
	z, err := Resolver()
	if err != nil {
		t.Fatalf("Resolver() = %v", err)
	}
	if got := z.Describe(); !strings.Contains(got, ZoneName) {
		t.Errorf("Describe() = %q, want it to name %q", got, ZoneName)
	}
}

// TestGalleryVerdicts analyses every teaching message against the gallery
// zone at the gallery's clock and checks that each still teaches what its
// name and body say: the DKIM verdicts in field order, the DMARC verdict,
// and a phrase the lesson turns on.
func TestGalleryVerdicts(t *testing.T) {
	tests := map[string]struct {
		dkim   []verdict.Result
		dmarc  verdict.Result
		phrase string // in a DKIM reason as render words it, empty for none
	}{
		"01-dkim-pass-rsa.eml":                       {[]verdict.Result{verdict.Pass}, verdict.Pass, ""},
		"02-dkim-pass-ed25519.eml":                   {[]verdict.Result{verdict.Pass}, verdict.Pass, ""},
		"03-dkim-fail-body-modified.eml":             {[]verdict.Result{verdict.Fail}, verdict.Fail, "body hash mismatch"},
		"04-dkim-fail-header-modified.eml":           {[]verdict.Result{verdict.Fail}, verdict.Fail, `verifies again when "[EXTERNAL]·" is removed from Subject`},
		"05-dkim-pass-cname-chain.eml":               {[]verdict.Result{verdict.Pass}, verdict.Pass, ""},
		"06-dkim-permerror-revoked.eml":              {[]verdict.Result{verdict.PermError}, verdict.Fail, "revoked"},
		"07-dkim-permerror-no-key.eml":               {[]verdict.Result{verdict.PermError}, verdict.Fail, "no key"},
		"08-dkim-policy-rsa-sha1.eml":                {[]verdict.Result{verdict.Policy}, verdict.None, "rsa-sha1 is not acceptable"},
		"09-dkim-pass-length-appended.eml":           {[]verdict.Result{verdict.Pass}, verdict.None, ""},
		"10-arc-pass-2-hops-mailing-list.eml":        {[]verdict.Result{verdict.Fail}, verdict.Fail, "body hash mismatch"},
		"11-authres-spoofed.eml":                     {[]verdict.Result{verdict.Fail}, verdict.Fail, "body hash mismatch"},
		"12-dkim-neutral-headers-only.eml":           {[]verdict.Result{verdict.Neutral}, verdict.Fail, ""},
		"13-dkim-fail-simple-header-refolded.eml":    {[]verdict.Result{verdict.Fail, verdict.Pass}, verdict.Pass, "unfolded: it was re-wrapped in transit"},
		"14-dkim-pass-subject-added-above.eml":       {[]verdict.Result{verdict.Fail, verdict.Pass}, verdict.Pass, "signed header field changed"},
		"15-dmarc-pass-idn-lookalike.eml":            {[]verdict.Result{verdict.Pass}, verdict.Pass, ""},
		"16-authres-microsoft365.eml":                {[]verdict.Result{verdict.Pass}, verdict.Pass, ""},
		"17-dkim-fail-subject-tagged-by-gateway.eml": {[]verdict.Result{verdict.Fail}, verdict.Fail, `verifies again when "[EXTERNAL]·" is removed from Subject`},
		"18-dkim-fail-body-reencoded.eml":            {[]verdict.Result{verdict.Fail}, verdict.Fail, "body hash mismatch"},
	}
	z, err := Resolver()
	if err != nil {
		t.Fatal(err)
	}
	ms := Messages()
	if len(ms) != len(tests) {
		t.Errorf("%d teaching messages, %d in this test: add the new ones here", len(ms), len(tests))
	}
	for _, m := range ms {
		want, ok := tests[m.Name]
		if !ok {
			continue
		}
		rep := analyze.Analyze(context.Background(), m.Raw, analyze.Options{Resolver: z, Now: func() time.Time { return Now }})
		var got []verdict.Result
		reasons := ""
		for _, r := range rep.DKIM {
			got = append(got, r.Verdict)
			reasons += render.DKIMReason(r) + "\n"
		}
		if !slices.Equal(got, want.dkim) {
			t.Errorf("%s: DKIM verdicts %v, want %v\n%s", m.Name, got, want.dkim, reasons)
		}
		dmarc := verdict.None
		if rep.DMARC != nil {
			dmarc = rep.DMARC.Verdict
		}
		if dmarc != want.dmarc {
			t.Errorf("%s: DMARC %v, want %v", m.Name, dmarc, want.dmarc)
		}
		if !strings.Contains(reasons, want.phrase) {
			t.Errorf("%s: DKIM reasons %q, want one with %q", m.Name, reasons, want.phrase)
		}
	}
}
