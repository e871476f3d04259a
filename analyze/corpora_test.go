package analyze

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
)

// sharedCorpus returns ../shared/corpora/<name> beside the repository, or
// skips the test when it is absent (a fresh clone does not have it).
func sharedCorpus(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "corpora", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s not present", dir)
	}
	return dir
}

// suiteCase is the part of a dkim-suites case.json this test reads.
type suiteCase struct {
	Expect struct {
		ARC string `json:"arc"`
	} `json:"expect"`
	// Accept holds, per DKIM-Signature top first, every verdict that is
	// right; null or empty means the signature is not scored.
	Accept struct {
		DKIM [][]string `json:"dkim"`
	} `json:"accept"`
	// ReasonCheck holds, per signature, a regular expression a non-pass
	// reason must match; null means any reason.
	ReasonCheck struct {
		DKIM []*string `json:"dkim"`
	} `json:"reason_check"`
	Now int64 `json:"now"`
}

// TestDKIMSuites runs the 156 cases taken from eight other DKIM and ARC
// implementations' test suites (../shared/corpora/dkim-suites): every
// scored signature's verdict must be one the case accepts, for a reason
// that matches its reason_check, and the ARC verdict must be the expected
// one.
func TestDKIMSuites(t *testing.T) {
	root := filepath.Join(sharedCorpus(t, "dkim-suites"), "cases")
	names, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		dir := filepath.Join(root, n.Name())
		t.Run(n.Name(), func(t *testing.T) {
			var c suiteCase
			b, err := os.ReadFile(filepath.Join(dir, "case.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &c); err != nil {
				t.Fatal(err)
			}
			var expect struct {
				Expect struct {
					DKIM []*string `json:"dkim"`
				} `json:"expect"`
			}
			if err := json.Unmarshal(b, &expect); err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(filepath.Join(dir, "message.eml"))
			if err != nil {
				t.Fatal(err)
			}
			zone, err := dns.LoadZone(filepath.Join(dir, "zone.txt"))
			if err != nil {
				t.Fatal(err)
			}
			now := time.Unix(c.Now, 0).UTC()
			rep := Analyze(context.Background(), raw, Options{Resolver: zone, Now: func() time.Time { return now }})
			if got, want := len(rep.DKIM)+rep.DKIMNotEvaluated, len(expect.Expect.DKIM); got != want {
				t.Errorf("%d DKIM-Signatures, the case has %d", got, want)
			}
			for i, acc := range c.Accept.DKIM {
				if len(acc) == 0 || i >= len(rep.DKIM) {
					continue
				}
				r := rep.DKIM[i]
				if !slices.Contains(acc, string(r.Verdict)) {
					t.Errorf("signature %d (line %d): %s (%s), want one of %v", i, r.Line, r.Verdict, r.Reason, acc)
					continue
				}
				if i < len(c.ReasonCheck.DKIM) && c.ReasonCheck.DKIM[i] != nil && r.Verdict != "pass" {
					re, err := regexp.Compile("(?i)" + *c.ReasonCheck.DKIM[i])
					if err != nil {
						t.Fatalf("reason_check %d: %v", i, err)
					}
					if !re.MatchString(r.Reason) {
						t.Errorf("signature %d (line %d): %s for the wrong reason: %q does not match %s", i, r.Line, r.Verdict, r.Reason, re)
					}
				}
			}
			if c.Expect.ARC != "" && string(rep.ARC.Verdict) != c.Expect.ARC {
				t.Errorf("ARC %s (%s), want %s", rep.ARC.Verdict, rep.ARC.Reason, c.Expect.ARC)
			}
		})
	}
}
