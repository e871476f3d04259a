package render

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/conclusion"
	"github.com/headerscope/headerscope/analyze/dns"
)

// TestVerdictCard checks the words of the card on the gallery's lessons
// (issue 13's examples), with the gallery zone and offline.
func TestVerdictCard(t *testing.T) {
	dir := filepath.Join("..", "tui", "gallery")
	z, err := dns.LoadZone(filepath.Join(dir, "gallery.zone"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		msg     string
		res     dns.Resolver
		summary string
	}{
		{"01-dkim-pass-rsa", z, "Authentic: bank.example signed it (DKIM pass, aligned); nothing changed"},
		{"11-authres-spoofed", z, "Spoofed: DMARC fails under p=reject (From bank.example, no aligned pass); " +
			"2 Authentication-Results claiming pass sit below the receiving boundary (lines 8, 10); " +
			"HELO mail.bank-example.test imitates bank.example"},
		{"10-arc-pass-2-hops-mailing-list", z, "Forwarded: lists.example changed it on the way, breaking bank.example's DKIM signature; " +
			"the ARC chain from lists.example vouches for the original pass (dkim=pass for bank.example in ARC set i=1)"},
		{"01-dkim-pass-rsa", dns.Offline{}, "Cannot tell offline: keys not looked up"},
		{"09-dkim-pass-length-appended", z, "Authentic but changed: newsletter.example signed it (DKIM pass, aligned); " +
			"202 bytes after the signed part of the body (l=) are not signed"},
		{"14-dkim-pass-subject-added-above", z, "Authentic but changed: bank.example signed it (DKIM pass, aligned); " +
			"the Subject shown (line 21) is an unsigned copy added above the signed one"},
		{"15-dmarc-pass-idn-lookalike", z, "Suspicious: the From domain bаnk.example (xn--bnk-6cd.example) is a look-alike: " +
			"the label \"bаnk\" mixes Latin and Cyrillic letters, a common way to imitate a domain; " +
			"xn--bnk-6cd.example signed it (DKIM pass, aligned)"},
	}
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join(dir, "messages", tt.msg+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		rep := analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: tt.res, Now: func() time.Time { return goldenNow }})
		v := conclusion.Of(rep)
		c := VerdictCard(rep, v)
		if c.Summary != tt.summary {
			t.Errorf("%s (%s):\n got  %q\n want %q", tt.msg, rep.Resolver, c.Summary, tt.summary)
		}
		if len(c.Evidence) != len(v.Evidence) {
			t.Errorf("%s: %d evidence lines for %d pieces", tt.msg, len(c.Evidence), len(v.Evidence))
		}
		// The text report starts with the card, and the JSON carries the
		// same summary and kind.
		var txt, js bytes.Buffer
		if err := Text(&txt, rep, tt.msg, NewStyles(false), 200); err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(txt.String(), "\n")
		head, _, _ := strings.Cut(rest, "  · ")
		if got := strings.Join(strings.Fields(head), " "); got != "Verdict: "+tt.summary {
			t.Errorf("%s: text report does not start with the card:\n%s", tt.msg, head)
		}
		if err := JSON(&js, rep, tt.msg); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Verdict struct {
				Kind     string `json:"kind"`
				Summary  string `json:"summary"`
				Evidence []struct {
					Text    string         `json:"text"`
					Pointer map[string]any `json:"pointer"`
				} `json:"evidence"`
			} `json:"verdict"`
		}
		if err := json.Unmarshal(js.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Verdict.Kind != v.Kind.String() || got.Verdict.Summary != tt.summary || len(got.Verdict.Evidence) != len(v.Evidence) {
			t.Errorf("%s: JSON verdict %+v", tt.msg, got.Verdict)
		}
		for _, e := range got.Verdict.Evidence {
			if e.Text == "" || e.Pointer["finding"] == nil {
				t.Errorf("%s: evidence without text or pointer: %+v", tt.msg, e)
			}
		}
	}
}

// TestVerdictWords: every kind has a headline and every cause its own
// words (not the fallback of its name).
func TestVerdictWords(t *testing.T) {
	for _, k := range conclusion.Kinds() {
		if headlines[k] == "" {
			t.Errorf("kind %s has no headline", k)
		}
	}
	for c := conclusion.Cause(0); c.String() != "unknown"; c++ {
		e := conclusion.Evidence{Cause: c, Domain: "example.com", Pointer: conclusion.Pointer{Finding: conclusion.FindingDMARC, Index: -1, Claim: -1}}
		if got := phrase(conclusion.Verdict{FromDomain: "example.com"}, []conclusion.Evidence{e}); got == c.String() || got == "" {
			t.Errorf("cause %s has no words: %q", c, got)
		}
	}
}
