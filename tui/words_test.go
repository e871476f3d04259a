package tui

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/render"
)

// TestMessageFindingWords checks that the message-wide findings are worded
// once, by render.MessageNotes: each note reads the same in the text
// report and in the TUI's message detail, and the TUI's row lists each
// note's head as the report line starts.
func TestMessageFindingWords(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile("../testdata/mail/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// A header without a signature, with a line that is tolerated: a
	// field line with no colon.
	broken := []byte("From: a@example.com\r\nnot a field\r\nSubject: s\r\n\r\nbody\r\n")
	tests := []struct {
		name string
		raw  []byte
		max  int
		want string // the head of a note the case must have
	}{
		{"no signature", []byte("From: a@example.com\r\nSubject: s\r\n\r\nbody\r\n"), 0, "no DKIM-Signature field"},
		{"signatures not evaluated", read("dkim-pass-dual-ed25519-rsa.eml"), 1, "1 more DKIM-Signature field not evaluated"},
		{"tolerated problems", broken, 0, "line 2: "},
	}
	st := render.NewStyles(false)
	ui := tuiStyles(false)
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, tt := range tests {
		rep := analyze.Analyze(context.Background(), tt.raw, analyze.Options{Resolver: dns.Offline{}, MaxSignatures: tt.max,
			Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }})
		notes := render.MessageNotes(rep)
		found := false
		for _, n := range notes {
			found = found || strings.HasPrefix(n.Head, tt.want)
		}
		if !found {
			t.Errorf("%s: notes %+v, want one that begins %q", tt.name, notes, tt.want)
		}
		var text strings.Builder
		if err := render.Text(&text, rep, tt.name, st, 200); err != nil {
			t.Fatal(err)
		}
		f := messageFinding{rep: rep}
		report, detail, row := words(text.String()), words(f.detail(render.ViewOverview, ui, 200)), f.label()
		for _, n := range notes {
			line := words(n.Label + " " + n.Head + n.Tail)
			if !strings.Contains(report, line) {
				t.Errorf("%s: the report does not say %q:\n%s", tt.name, line, report)
			}
			if !strings.Contains(detail, line) {
				t.Errorf("%s: the TUI's message detail does not say %q, as the report does:\n%s", tt.name, line, detail)
			}
			if n.Label != "tolerated" && !strings.Contains(row, n.Head) {
				t.Errorf("%s: the TUI's row %q does not say %q, as the report does", tt.name, row, n.Head)
			}
		}
		if row != render.MessageLine(rep) {
			t.Errorf("%s: row %q, want render.MessageLine %q", tt.name, row, render.MessageLine(rep))
		}
	}
}

// TestDKIMFindingWords checks that what the diagnosis verified changed is
// worded once, by render.FindingSentence: the TUI's row for the signature
// and the report's line for it carry the same reason (render.DKIMReason),
// and each verified finding reads the same in the row, the report's reason,
// its "What changed" section and the TUI's hashes view.
func TestDKIMFindingWords(t *testing.T) {
	zone, err := dns.LoadZone("../testdata/dns/fixtures.zone")
	if err != nil {
		t.Fatal(err)
	}
	st, ui := render.NewStyles(false), tuiStyles(false)
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, name := range []string{"dkim-fail-body-footer.eml", "dkim-fail-header-subject.eml", "dkim-fail-body-and-header.eml"} {
		raw, err := os.ReadFile("../testdata/mail/" + name)
		if err != nil {
			t.Fatal(err)
		}
		rep := analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: zone,
			Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }})
		var text strings.Builder
		if err := render.Text(&text, rep, name, st, 200); err != nil {
			t.Fatal(err)
		}
		report := words(text.String())
		for _, r := range rep.DKIM {
			f := dkimFinding{r: r}
			row, reason := f.label(), render.Safe(render.DKIMReason(r))
			if !strings.HasSuffix(row, reason) || !strings.Contains(report, words(reason)) {
				t.Errorf("%s: the TUI row %q and the report do not both end the signature's line with render.DKIMReason %q", name, row, reason)
			}
			hashes := words(f.detail(render.ViewHashes, ui, 200))
			verified := 0
			for _, fd := range r.Diagnosis.Findings {
				if fd.Status != dkim.Verified {
					continue
				}
				verified++
				s := words(render.FindingSentence(fd))
				if !strings.Contains(row, s) || !strings.Contains(report, s) || !strings.Contains(hashes, s) {
					t.Errorf("%s: finding %s is not worded %q in the TUI row, the report and the TUI's hashes view alike", name, fd.Kind, s)
				}
			}
			if verified == 0 {
				t.Errorf("%s: no verified finding to compare", name)
			}
		}
	}
}

// TestDNSAdviceInTheTUI checks that the TUI's DNS view gives the TUI's own
// advice on a lookup not made offline (L), where the report names the
// flags: one render function (render.DNSAdvice), two readers.
func TestDNSAdviceInTheTUI(t *testing.T) {
	raw, err := os.ReadFile("../testdata/mail/dkim-fail-body-footer.eml")
	if err != nil {
		t.Fatal(err)
	}
	rep := analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: dns.Offline{},
		Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }})
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	view := words(dkimFinding{r: rep.DKIM[0]}.detail(render.ViewDNS, tuiStyles(false), 200))
	if !strings.Contains(view, "L looks keys up live") || strings.Contains(view, "--offline") {
		t.Errorf("the TUI's DNS view does not give the TUI's advice:\n%s", view)
	}
	var text strings.Builder
	if err := render.Text(&text, rep, "offline", render.NewStyles(false), 200); err != nil {
		t.Fatal(err)
	}
	if report := words(text.String()); !strings.Contains(report, "leave out --offline") {
		t.Errorf("the report does not name the flag:\n%s", report)
	}
}
