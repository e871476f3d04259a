package render

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

// TestDiffGolden renders the received-vs-repaired diff of diagnosis
// fixtures (a header field, links in place, lines added, nothing
// verified) and compares it with render/testdata/diff-<case>.golden.
func TestDiffGolden(t *testing.T) {
	z, err := dns.LoadZone("../testdata/dns/fixtures.zone")
	if err != nil {
		t.Fatal(err)
	}
	st := NewStyles(false)
	for _, name := range []string{"list-mailman-munged", "safelinks-both-alternatives", "tabs-expanded", "mimecast-protect-suspected", "boundary-delimiters-rewritten"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("../testdata/diagnosis", name+".eml"))
			if err != nil {
				t.Fatal(err)
			}
			rep := analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: z, Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }})
			got := Diff(rep.DKIM[0], st, 80)
			for i, l := range strings.Split(got, "\n") {
				if w := len([]rune(l)); w > 80 {
					t.Errorf("line %d is %d wide: %q", i+1, w, l)
				}
			}
			path := filepath.Join("testdata", "diff-"+name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the output; run go test ./render -update and read the diff\ngot:\n%s", path, got)
			}
		})
	}
}

// TestCanonLengthCut checks that the Canonicalization view marks the body
// line where l= ends the signed part, once.
func TestCanonLengthCut(t *testing.T) {
	raw, err := os.ReadFile("../testdata/mail/dkim-pass-length-appended.eml")
	if err != nil {
		t.Fatal(err)
	}
	rep := analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: dns.Offline{}, Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }})
	canon := DKIM(rep.DKIM[0], ViewCanonicalization, NewStyles(false), 120)
	if n := strings.Count(canon, "l=113: the signed part of the body ends before this line"); n != 1 {
		t.Errorf("%d l= marks, want 1:\n%s", n, canon)
	}
}
