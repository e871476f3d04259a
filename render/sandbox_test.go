package render

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
)

// TestSandboxView renders the sandbox comparison of a Subject edit at
// several widths, with and without colour, while the new version is
// still being checked and once it is: every line fits, the edited field
// is shown canonical on both sides, and the words say what is known.
func TestSandboxView(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "mail", "dkim-fail-header-subject.eml"))
	if err != nil {
		t.Fatal(err)
	}
	zone, err := dns.LoadZone(filepath.Join("..", "testdata", "dns", "fixtures.zone"))
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }
	edited := []byte(strings.Replace(string(raw), "\r\nSubject: ", "\r\nSubject: \t[edited]  ", 1))
	before := SandboxSide{Raw: raw, Report: analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: zone, Now: now})}
	for _, checked := range []bool{false, true} {
		after := SandboxSide{Raw: edited}
		if checked {
			after.Report = analyze.Analyze(context.Background(), edited, analyze.Options{Resolver: zone, Now: now})
		}
		s := Sandbox{Before: before, After: after, Changes: SandboxChanges{Fields: []string{"Subject"}},
			KeyNote: SandboxKeyNote("s\x1b[2J", "example.com", false, "")}
		for _, w := range []int{40, 80, 120} {
			for _, color := range []bool{false, true} {
				out := SandboxView(s, NewStyles(color), w)
				for i, l := range strings.Split(out, "\n") {
					if n := ansi.StringWidth(l); n > w {
						t.Errorf("width %d colour %v: line %d is %d columns: %q", w, color, i+1, n, ansi.Strip(l))
					}
				}
				plain := strings.Join(strings.Fields(ansi.Strip(out)), " ")
				for _, want := range []string{"Subject, canonical", "subject:[edited]·", "no teaching key for s\\x1b[2J._domainkey.example.com"} {
					if w >= 80 && !strings.Contains(plain, want) {
						t.Errorf("width %d: %q missing:\n%s", w, want, ansi.Strip(out))
					}
				}
				if strings.Contains(out, "\x1b[2J") {
					t.Errorf("width %d: a message's escape reached the output", w)
				}
				if got := strings.Contains(plain, "checking…"); got == checked {
					t.Errorf("checked %v: \"checking…\" shown = %v", checked, got)
				}
			}
		}
	}
}

func TestSandboxNoSignature(t *testing.T) {
	raw := []byte("From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n")
	out := ansi.Strip(SandboxView(Sandbox{Before: SandboxSide{Raw: raw}, After: SandboxSide{Raw: raw}}, NewStyles(false), 80))
	if !strings.Contains(out, "No DKIM-Signature") {
		t.Errorf("no signature: %q", out)
	}
}

func TestSandboxChangesMerge(t *testing.T) {
	c := SandboxChanges{Fields: []string{"Subject"}}.Merge(SandboxChanges{Fields: []string{"subject", "To", " "}, Body: true})
	if len(c.Fields) != 2 || !c.Body || c.Signature {
		t.Errorf("Merge = %+v, want Subject and To once, body changed", c)
	}
}
