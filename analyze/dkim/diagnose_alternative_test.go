package dkim

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	msgauth "github.com/emersion/go-msgauth/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
)

func keys(ws []altWord) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.key
	}
	return out
}

func TestAlternativeTokens(t *testing.T) {
	for _, c := range []struct {
		in          string
		html        bool
		words, urls []string
	}{
		{"The amount is EUR 12,400.00, due.", false, []string{"the", "amount", "is", "eur", "12,400.00", "due"}, nil},
		{"IBAN: DE89 3704", false, []string{"iban", "de89", "3704"}, nil},
		{"pay online<https://pay.example.com/x?a=1&b=2>.", false, []string{"pay", "online", "https://pay.example.com/x?a=1&b=2"}, nil},
		{"mail alice@example.com, don't", false, []string{"mail", "alice@example.com", "don", "t"}, nil},
		{"by 06/01/2023.What if INV-2026-0412", false, []string{"by", "06/01/2023", "what", "if", "inv", "2026-0412"}, nil},
		{"[image: brand logo] Hi [cid:image001.png@01D9] there [x]", false, []string{"hi", "there", "x"}, nil},
		{"below.https://a.example/x and <mailto:Alice@Example.com?subject=x>", false, []string{"below", "https://a.example/x", "and", "mailto:alice@example.com"}, nil},
		{"groupes\xa0de caf\xe9", false, []string{"groupes", "de", "caf\xe9"}, nil},
		{"http://t.example/?a=1&amp;b=2", false, []string{"http://t.example/?a=1&b=2"}, nil},
		{"<p>EUR&nbsp;12,400.00</p>", true, []string{"eur", "12,400.00"}, nil},
		{"<p>caf&eacute; &amp; Co</p>", true, []string{"café", "co"}, nil},
		{"<head><title>Invoice</title><style>p{x:1}</style></head><!-- note --><b>Hi</b>there", true, []string{"hi", "there"}, nil},
		{"<a href=\"https://a.example/?x=1&amp;y=2\">pay</a><img src=\"https://t.example/p.gif\">", true, []string{"pay"}, []string{"https://a.example/?x=1&y=2"}},
		{"<A HREF=https://b.example/>go</A>", true, []string{"go"}, []string{"https://b.example"}},
		{"<p>unterminated <b", true, []string{"unterminated"}, nil},
	} {
		tk := &tokenizer{}
		if c.html {
			htmlWords([]byte(c.in), tk)
		} else {
			tk.text([]byte(c.in), 0, false)
		}
		if got := keys(tk.words); !slices.Equal(got, c.words) {
			t.Errorf("words(%q) = %q, want %q", c.in, got, c.words)
		}
		if got := keys(tk.links); !slices.Equal(got, c.urls) {
			t.Errorf("links(%q) = %q, want %q", c.in, got, c.urls)
		}
		if !slices.IsSorted(tk.offs) || !slices.IsSorted(tk.linkOffs) {
			t.Errorf("offsets of %q not ascending: %v %v", c.in, tk.offs, tk.linkOffs)
		}
	}
}

func TestBase64RawOffsets(t *testing.T) {
	text := strings.Repeat("abcdefghij", 12)
	enc := base64.StdEncoding.EncodeToString([]byte(text))
	b := []byte(enc[:76] + "\r\n" + enc[76:] + "\r\n")
	got := base64RawOffsets(b, []int{0, 2, 3, 56, 57, 119, 500})
	want := []int{0, 0, 4, 72, 78, 158, len(b)}
	if !slices.Equal(got, want) {
		t.Errorf("base64RawOffsets = %v, want %v", got, want)
	}
}

// TestLineChangedOnlyWhenSuspected checks, over every diagnosis fixture,
// that a line-changed finding appears only where the fixture expects one:
// a message explained by a known transformation, or whose alternatives
// differ, never gets one, and none is ever verified.
func TestLineChangedOnlyWhenSuspected(t *testing.T) {
	zone, err := dns.LoadZone("../../testdata/dns/fixtures.zone")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	want, order := readDiagnosisExpect(t)
	seen := 0
	for _, name := range order {
		expected := 0
		for _, w := range want[name] {
			if w.kind == string(KindLineChanged) {
				expected++
			}
		}
		raw, err := os.ReadFile(filepath.Join("../../testdata/diagnosis", name+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		m := message.Parse(raw)
		r := NewVerifier(m, zone, now).Verify(context.Background(), m.Header("DKIM-Signature")[0], KindDKIM, 0)
		got := 0
		if r.Diagnosis != nil {
			for _, f := range r.Diagnosis.Findings {
				if f.Kind != KindLineChanged {
					continue
				}
				got++
				if f.Status != Suspected || f.Evidence == "" || f.RepairedHash != "" {
					t.Errorf("%s: %+v: a changed line is only ever suspected, with evidence", name, f)
				}
			}
		}
		if got != expected {
			t.Errorf("%s: %d line-changed findings, want %d:%s", name, got, expected, dumpFindings(r.Diagnosis.Findings))
		}
		seen += expected
	}
	if seen < 6 {
		t.Errorf("only %d line-changed findings expected in the fixtures: the generator lost its cases", seen)
	}
}

// FuzzAlternativeWords checks that the HTML and plain-text word readers
// never panic and keep their offsets ascending and in range.
func FuzzAlternativeWords(f *testing.F) {
	for _, s := range []string{"<p>EUR&nbsp;12,400.00</p>", "<a href='https://a.example/'>x</a>", "<!--", "<head>", "&#x;&", "https://", "<style>a</STYLE>b", "a.-b/c'd@e"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, h := range []bool{false, true} {
			tk := &tokenizer{}
			if h {
				htmlWords(b, tk)
			} else {
				tk.text(b, 0, false)
			}
			if len(tk.words) != len(tk.offs) || len(tk.links) != len(tk.linkOffs) {
				t.Fatalf("%d words at %d offsets, %d links at %d", len(tk.words), len(tk.offs), len(tk.links), len(tk.linkOffs))
			}
			for _, offs := range [][]int{tk.offs, tk.linkOffs} {
				if !slices.IsSorted(offs) || len(offs) > 0 && (offs[0] < 0 || offs[len(offs)-1] >= len(b)) {
					t.Fatalf("offsets %v out of order or range (len %d)", offs, len(b))
				}
			}
		}
	})
}

// hostileAlternative is a multipart/alternative of n lines in each part,
// signed, then changed: same says whether the parts carry the same text
// (one line of the plain part edited after signing) or every line differs.
func hostileAlternative(t *testing.T, n int, same bool) (string, mapResolver, time.Time) {
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	var plain, htm strings.Builder
	for i := range n {
		fmt.Fprintf(&plain, "Item %d costs EUR %d,%03d.00 to account DE%02d %04d\r\n", i, i/1000, i%1000, i%100, i)
		other := i
		if !same {
			other = i + n
		}
		fmt.Fprintf(&htm, "<p>Item %d costs <b>EUR&nbsp;%d,%03d.00</b> to account DE%02d %04d</p>\r\n", other, other/1000, other%1000, other%100, other)
	}
	body := "--alt\r\nContent-Type: text/plain\r\n\r\n" + plain.String() + "--alt\r\nContent-Type: text/html\r\n\r\n" + htm.String() + "--alt--\r\n"
	msg := strings.Replace(testMessage, "Message-ID:", "Content-Type: multipart/alternative; boundary=alt\r\nMessage-ID:", 1)
	head, _, _ := strings.Cut(msg, "\r\n\r\n")
	signed := sign(t, head+"\r\n\r\n"+body, rk, "rsa", msgauth.CanonicalizationRelaxed, msgauth.CanonicalizationRelaxed)
	edit := fmt.Sprintf("Item %d costs EUR", n/2)
	return strings.Replace(signed, edit, "Item 9999999 costs EUR", 1), res, signedAt(t, signed)
}

// TestDiagnoseHostileAlternatives checks that comparing alternatives of
// thousands of lines stays within the message's allowance, locates the one
// line edited when the parts carry the same text, and finds nothing when
// every line differs.
func TestDiagnoseHostileAlternatives(t *testing.T) {
	for _, same := range []bool{true, false} {
		msg, res, now := hostileAlternative(t, 5000, same)
		r := verifyAt(t, msg, res, now)
		d := r.Diagnosis
		if d == nil {
			t.Fatalf("no diagnosis: %s %q", r.Verdict, r.Reason)
		}
		if d.Candidates > MaxDiagnosisCandidates || d.Bytes > diagnosisAllowance(len(msg)) {
			t.Errorf("%d candidates, %d bytes; bounds %d, %d", d.Candidates, d.Bytes, MaxDiagnosisCandidates, diagnosisAllowance(len(msg)))
		}
		var got []Finding
		for _, f := range d.Findings {
			if f.Status == Verified {
				t.Errorf("verified %+v", f)
			}
			if f.Kind == KindLineChanged {
				got = append(got, f)
			}
		}
		want := 0
		if same {
			want = 2 // the plain line, and the HTML line it no longer matches
		}
		if len(got) != want {
			t.Errorf("same=%v: %d line-changed findings, want %d:%s", same, len(got), want, dumpFindings(got))
		}
		if same && len(got) > 0 && !strings.Contains(got[0].Added, "Item 9999999") {
			t.Errorf("the edited line is not named: %s", dumpFindings(got))
		}
	}
}

// BenchmarkDiagnoseHostileAlternatives diagnoses a failing body whose
// multipart/alternative has 5,000 and 20,000 lines in each part, one
// edited (same) or every one different: the time must grow with the
// lines, not their square.
func BenchmarkDiagnoseHostileAlternatives(b *testing.B) {
	for _, n := range []int{5000, 20000} {
		for _, same := range []bool{true, false} {
			b.Run(fmt.Sprintf("lines=%d/same=%v", n, same), func(b *testing.B) {
				msg, res, now := hostileAlternative(&testing.T{}, n, same)
				raw := []byte(msg)
				b.SetBytes(int64(len(raw)))
				for b.Loop() {
					m := message.Parse(raw)
					r := NewVerifier(m, res, now).Verify(context.Background(), m.Header("DKIM-Signature")[0], KindDKIM, 0)
					if r.Diagnosis == nil {
						b.Fatalf("%s: %s", r.Verdict, r.Reason)
					}
					b.ReportMetric(float64(r.Diagnosis.Bytes), "diag-bytes/op")
				}
			})
		}
	}
}

func TestDiffWords(t *testing.T) {
	ws := func(s string) []altWord {
		var out []altWord
		for _, f := range strings.Fields(s) {
			out = append(out, altWord{key: f, text: f})
		}
		return out
	}
	show := func(hs []altHunk) string {
		var parts []string
		for _, h := range hs {
			parts = append(parts, strings.Join(keys(h.del), " ")+">"+strings.Join(keys(h.ins), " "))
		}
		return strings.Join(parts, "|")
	}
	for _, c := range []struct {
		a, b, want string
		ok         bool
	}{
		{"a b c d", "a b c d", "", true},
		{"a b c d", "a x c d", "b>x", true},
		{"pay 100 to 200 then 100", "pay 100 to 200 then 200", "100>200", true},
		{"a b c", "a c", "b>", true},
		{"", "a", ">a", true},
		{"a b c d e f", "a x y c d e g", "b>x y|f>g", true},
		{"logo a b c", "a b c alt", "logo>|>alt", true},
		{strings.Repeat("a ", 40), strings.Repeat("b ", 40), "", false},
	} {
		hs, ok := diffWords(ws(c.a), ws(c.b))
		if ok != c.ok || show(hs) != c.want {
			t.Errorf("diffWords(%q, %q) = %q, %v; want %q, %v", c.a, c.b, show(hs), ok, c.want, c.ok)
		}
	}
}
