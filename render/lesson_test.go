package render

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
)

// lessonReport analyses one fixture of testdata/mail against its zone.
func lessonReport(t *testing.T, name string) *analyze.Report {
	t.Helper()
	root := filepath.Join("..", "testdata")
	raw, err := os.ReadFile(filepath.Join(root, "mail", name+".eml"))
	if err != nil {
		t.Fatal(err)
	}
	zone := filepath.Join(root, "dns", name+".zone")
	if _, err := os.Stat(zone); err != nil {
		zone = filepath.Join(root, "dns", "fixtures.zone")
	}
	z, err := dns.LoadZone(zone)
	if err != nil {
		t.Fatal(err)
	}
	return analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: z, Now: func() time.Time { return goldenNow }})
}

// flat is a lesson step's text with its layout undone: no styles, no
// line breaks, no indentation, so that a value wrapped over lines can be
// found whole.
func flat(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(ansi.Strip(s), "\n") {
		b.WriteString(strings.TrimSpace(l))
	}
	return b.String()
}

// TestDKIMLessonValues: the values a DKIM lesson shows are the ones the
// verification computed, and those are what an independent computation
// over the same bytes gives: the body hash, the header hash of the
// canonical input shown, the body lines under the canonicalization used,
// the key's name.
func TestDKIMLessonValues(t *testing.T) {
	cases := []string{
		"dkim-pass-relaxed-relaxed",
		"dkim-pass-relaxed-simple",
		"dkim-pass-simple-simple",
		"dkim-fail-body-footer",
		"dkim-fail-header-subject",
		"dkim-pass-length-appended",
		"dkim-pass-ed25519",
		"dkim-pass-cname-o365",
		"dkim-permerror-no-key",
	}
	st := NewStyles(false)
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := os.Stat(filepath.Join("..", "testdata", "mail", name+".eml")); err != nil {
				t.Skipf("no fixture %s", name)
			}
			rep := lessonReport(t, name)
			if len(rep.DKIM) == 0 {
				t.Fatal("no signature")
			}
			r := rep.DKIM[0]
			l := DKIMLesson(rep, r, st, 400)
			if len(l.Steps) != 9 {
				t.Fatalf("%d steps, want 9", len(l.Steps))
			}
			step := func(i int) string { return flat(l.Steps[i].Text) }

			// Step 3: the name looked up is the one formed from s= and d=.
			if r.DNS != nil {
				if want := dkim.KeyName(r.Selector, r.Domain); !strings.EqualFold(r.DNS.Query, want) {
					t.Errorf("query %q, want %q", r.DNS.Query, want)
				}
				if !strings.Contains(step(2), r.DNS.Query) {
					t.Errorf("name step lacks %q: %s", r.DNS.Query, step(2))
				}
			}

			// Steps 6 and 7: the body lines and hash.
			m := rep.Message
			b := r.Body
			if b.Computed != "" {
				if !strings.Contains(step(6), b.Computed) || !strings.Contains(step(6), b.Claimed) {
					t.Errorf("bh= step lacks computed %s or claimed %s: %s", b.Computed, b.Claimed, step(6))
				}
				if r.Length == nil {
					sum := dkim.BodyHash(m, b.Canonicalization, b.Algorithm)
					if got := base64.StdEncoding.EncodeToString(sum); got != b.Computed {
						t.Errorf("bh computed %s in the report, %s by BodyHash", b.Computed, got)
					}
				}
			}
			if len(b.Lines) > 0 {
				own, _ := dkim.TraceBody(m.Body, b.Canonicalization, m.BodyLine)
				if !reflect.DeepEqual(own, b.Lines) {
					t.Errorf("TraceBody(%s) differs from the report's body lines", b.Canonicalization)
				}
				for _, ln := range b.Lines {
					if !ln.Removed && !strings.Contains(step(5), Visible(ln.Canonical)) {
						t.Errorf("body step lacks canonical line %d %q", ln.Line, ln.Canonical)
					}
				}
			}

			// Step 8: the canonical header input shown hashes to the
			// computed header hash.
			h := r.Header
			if h.Computed != "" && h.FieldsOmitted == 0 {
				var hh hash.Hash = sha256.New()
				if h.Algorithm == "sha1" {
					hh = sha1.New()
				}
				for _, f := range h.Fields {
					hh.Write([]byte(f.Canonical))
					if f.Instance > 0 && !strings.Contains(step(7), Visible(f.Canonical)) {
						t.Errorf("header step lacks %q", f.Canonical)
					}
				}
				hh.Write([]byte(h.Signature.Canonical))
				if got := hex.EncodeToString(hh.Sum(nil)); got != h.Computed {
					t.Errorf("header input hashes to %s, report says %s", got, h.Computed)
				}
				if !strings.Contains(step(7), h.Computed) || !strings.Contains(step(7), Visible(h.Signature.Canonical)) {
					t.Errorf("header step lacks the hash or the signature field: %s", step(7))
				}
			}

			// Step 9: the verdict and its reason.
			if !strings.Contains(step(8), string(r.Verdict)) || !strings.Contains(step(8), Safe(r.Reason)) {
				t.Errorf("verify step lacks %s %q: %s", r.Verdict, r.Reason, step(8))
			}
		})
	}
}

// TestARCLessonValues: one step per set, each hop's seal and AMS verdicts
// and cv= as the validation found them, and the chain's verdict last.
func TestARCLessonValues(t *testing.T) {
	st := NewStyles(false)
	for _, name := range []string{"arc-pass-2-hops", "arc-fail-gap", "arc-fail-tampered-seal"} {
		t.Run(name, func(t *testing.T) {
			rep := lessonReport(t, name)
			a := rep.ARC
			l := ARCLesson(rep, st, 400)
			if want := len(a.Sets) + 2; len(l.Steps) != want {
				t.Fatalf("%d steps, want %d", len(l.Steps), want)
			}
			for i, s := range a.Sets {
				text := flat(l.Steps[i+1].Text)
				if s.Seal != nil && !strings.Contains(text, string(s.Seal.Verdict)+" d="+s.Seal.Domain) {
					t.Errorf("hop %d lacks the seal's %s d=%s: %s", s.Instance, s.Seal.Verdict, s.Seal.Domain, text)
				}
				if !strings.Contains(text, "cv="+string(s.CV)) {
					t.Errorf("hop %d lacks cv=%s", s.Instance, s.CV)
				}
			}
			last := flat(l.Steps[len(l.Steps)-1].Text)
			if !strings.Contains(last, string(a.Verdict)) || !strings.Contains(last, Safe(a.Reason)) {
				t.Errorf("verdict step lacks %s %q: %s", a.Verdict, a.Reason, last)
			}
		})
	}
}

// TestLessonDiagram: the current stage is bracketed (it shows without
// colour), the diagram folds before an arrow when narrow, and ASCII mode
// uses no arrow glyph.
func TestLessonDiagram(t *testing.T) {
	l := Lesson{Stages: dkimStages}
	st := NewStyles(false)
	one := l.Diagram(3, st, 120)
	if len(one) != 1 || !strings.Contains(one[0], "name → [DNS] → key") {
		t.Errorf("diagram at 120: %q", one)
	}
	two := l.Diagram(8, st, 40)
	for _, s := range two {
		if ansi.StringWidth(s) > 40 {
			t.Errorf("diagram line wider than 40: %q", s)
		}
	}
	if len(two) < 2 || !strings.Contains(strings.Join(two, " "), "[b=]") {
		t.Errorf("diagram at 40: %q", two)
	}
	st.ASCII = true
	if a := strings.Join(l.Diagram(0, st, 200), ""); strings.Contains(a, "→") || !strings.Contains(a, "[message] -> tags") {
		t.Errorf("ASCII diagram: %q", a)
	}
}

// TestLessonDiagramManyHops: a chain of 50 hops keeps its diagram to two
// lines, the first, last and current stages and the current's neighbours
// shown.
func TestLessonDiagramManyHops(t *testing.T) {
	l := Lesson{Stages: []string{"chain"}}
	for i := 1; i <= 50; i++ {
		l.Stages = append(l.Stages, fmt.Sprintf("i=%d", i))
	}
	l.Stages = append(l.Stages, "verdict")
	got := l.Diagram(25, NewStyles(false), 80)
	if len(got) > maxDiagramLines {
		t.Errorf("%d lines: %q", len(got), got)
	}
	if want := "chain → … → i=24 → [i=25] → i=26 → … → verdict"; strings.Join(got, "") != want {
		t.Errorf("diagram %q, want %q", got, want)
	}
}
