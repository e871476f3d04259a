package dkim

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
)

func TestUnwrapLink(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.com%2Fa%3Fb%3D1%26c%3D2&data=05%7C01&sdata=x%3D&reserved=0", "https://example.com/a?b=1&c=2", true},
		// In HTML the gateway separates its parameters with "&amp;".
		{"https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.com%2F&amp;data=05&amp;reserved=0", "https://example.com/", true},
		{"https://eur03.safelinks.protection.outlook.com/?data=05&reserved=0", "", false},
		{"https://urldefense.proofpoint.com/v2/url?u=https-3A__example.com_a-5Fb-2Dc-3Fx-3D1&d=DwMFaQ&c=x&e=", "https://example.com/a_b-c?x=1", true},
		{"https://urldefense.proofpoint.com/v1/url?u=http%3A%2F%2Fexample.com%2F&k=abc", "http://example.com/", true},
		// v3: "*" is the next encoded character, "**A" a run of two.
		{"https://urldefense.com/v3/__https://example.com/a*b**Ac__;PyYh!!Cust!sig$", "https://example.com/a?b&!c", true},
		{"https://urldefense.com/v3/__https://example.com/__;!!Cust!sig$", "https://example.com/", true},
		// More tokens than encoded characters, or characters left over.
		{"https://urldefense.com/v3/__https://example.com/a**Zb__;Pw!!C!s$", "", false},
		{"https://urldefense.com/v3/__https://example.com/a__;Pw!!C!s$", "", false},
		{"https://urldefense.com/v3/__https://example.com/a*__;_w!!C!s$", "", false},
		// Mimecast keeps a token only.
		{"https://protect-eu.mimecast.com/s/Qx4ZC8kPrT2mNvLwHgYd1?domain=example.com", "", false},
		// An original with white space or a control character is not one.
		{"https://x.safelinks.protection.outlook.com/?url=https%3A%2F%2Fa%20b", "", false},
		{"https://x.safelinks.protection.outlook.com/?url=%zz", "", false},
	} {
		got, ok := unwrapLink(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("unwrapLink(%q) = %q, %v, want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestLinkWrapperEnds(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{`see https://eur03.safelinks.protection.outlook.com/?url=a&reserved=0.`, "https://eur03.safelinks.protection.outlook.com/?url=a&reserved=0"},
		{`<a href="https://urldefense.proofpoint.com/v2/url?u=a&amp;e=">x</a>`, "https://urldefense.proofpoint.com/v2/url?u=a&amp;e="},
		{`(https://urldefense.com/v3/__https://a.example/__;!!C!s$) more $`, "https://urldefense.com/v3/__https://a.example/__;!!C!s$"},
		{`<https://protect-eu.mimecast.com/s/abc?domain=a.example>`, "https://protect-eu.mimecast.com/s/abc?domain=a.example"},
	} {
		loc := linkWrapper.FindStringIndex(c.text)
		if loc == nil {
			t.Errorf("no wrapper found in %q", c.text)
			continue
		}
		if got := string(trimLinkTail([]byte(c.text[loc[0]:loc[1]]))); got != c.want {
			t.Errorf("wrapper in %q = %q, want %q", c.text, got, c.want)
		}
	}
}

// FuzzUnwrapLink checks that decoding a wrapper never panics and that what
// it returns is one URL: valid UTF-8 without white space.
func FuzzUnwrapLink(f *testing.F) {
	f.Add("https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.com%2F&data=05&reserved=0")
	f.Add("https://urldefense.proofpoint.com/v2/url?u=https-3A__example.com_&d=DwMFaQ&e=")
	f.Add("https://urldefense.com/v3/__https://example.com/a*b**Ac__;PyYhIQ!!Cust!sig$")
	f.Add("https://urldefense.com/v3/__**___;!!$")
	f.Fuzz(func(t *testing.T, w string) {
		got, ok := unwrapLink(w)
		if !ok {
			return
		}
		if got == "" || strings.ContainsAny(got, " \t\r\n\x00") {
			t.Fatalf("unwrapLink(%q) = %q", w, got)
		}
	})
}

// FuzzDelimScan checks that the delimiter scan points only at the other
// boundary, on delimiter lines inside the body, and stays bounded.
func FuzzDelimScan(f *testing.F) {
	f.Add([]byte("pre\r\n--X\r\n\r\nhi\r\n--X--\r\n"), "Y")
	f.Add([]byte("--a\n--a--\n--b\n--b--\n"), "a")
	f.Add([]byte("----\r\n------\r\n"), "")
	f.Fuzz(func(t *testing.T, body []byte, declared string) {
		ds := &delimScan{declared: declared}
		ds.scan(body)
		if ds.other == "" {
			if len(ds.at) != 0 {
				t.Fatalf("offsets %v without a boundary", ds.at)
			}
			return
		}
		if ds.other == declared || len(ds.at) > maxDelimLines {
			t.Fatalf("other %q (declared %q), %d lines", ds.other, declared, len(ds.at))
		}
		for _, at := range ds.at {
			if at < 2 || at+len(ds.other) > len(body) || string(body[at:at+len(ds.other)]) != ds.other || string(body[at-2:at]) != "--" {
				t.Fatalf("offset %d does not hold --%q", at, ds.other)
			}
		}
	})
}

// TestEncodeQPEmail compares with what Python's
// email.quoprimime.body_encode(text, eol="\r\n") writes.
func TestEncodeQPEmail(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"caf\xc3\xa9 = 1\r\n", "caf=C3=A9 =3D 1\r\n"},
		{strings.Repeat("x", 80) + "\r\n", strings.Repeat("x", 75) + "=\r\nxxxxx\r\n"},
		{strings.Repeat("a", 74) + "=b \r\n", strings.Repeat("a", 74) + "=\r\n=3Db=20\r\n"},
		{"line with trailing space \r\nnext\t\r\n", "line with trailing space=20\r\nnext=09\r\n"},
		{strings.Repeat("\xc3\xa9", 40) + "\r\n", strings.Repeat("=C3=A9", 12) + "=C3=\r\n=A9" + strings.Repeat("=C3=A9", 12) + "=\r\n" + strings.Repeat("=C3=A9", 12) + "=C3=\r\n=A9=C3=A9=C3=A9\r\n"},
		{"no line end", "no line end"},
	} {
		if got := string(encodeQPEmail([]byte(c.in))); got != c.want {
			t.Errorf("encodeQPEmail(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestQPRawOffsets(t *testing.T) {
	enc := []byte("ab=3Dc=\r\nde=C3=A9f")
	dec := decodeQP(enc) // "ab=cde\xc3\xa9f"
	got := qpRawOffsets(enc, []int{0, 2, 3, 4, 6, 8, 9})
	want := []int{0, 2, 5, 9, 11, 17, 18}
	if string(dec) != "ab=cde\xc3\xa9f" || len(got) != len(want) {
		t.Fatalf("decodeQP = %q, offsets %v", dec, got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("qpRawOffsets = %v, want %v", got, want)
			break
		}
	}
}

// FuzzQPRawOffsets checks that every decoded offset maps to an encoded
// one, in order, and that a plain byte maps to itself.
func FuzzQPRawOffsets(f *testing.F) {
	f.Add([]byte("ab=3Dc=\r\nde=C3=A9f"))
	f.Add([]byte("=\n=\r\n=ZZ=4"))
	f.Fuzz(func(t *testing.T, enc []byte) {
		dec := decodeQP(enc)
		if dec == nil {
			return
		}
		all := make([]int, len(dec)+1)
		for i := range all {
			all[i] = i
		}
		got := qpRawOffsets(enc, all)
		prev := -1
		for i, o := range got {
			if o < prev || o > len(enc) {
				t.Fatalf("offset %d of %q maps to %d after %d", i, enc, o, prev)
			}
			if i < len(dec) && enc[o] != '=' && enc[o] != dec[i] {
				t.Fatalf("decoded byte %d %q maps to %q", i, dec[i], enc[o])
			}
			prev = o
		}
	})
}

// TestLinksSuspected changes a word of the Safe Links fixture in
// quoted-printable parts as well: undoing the links no longer restores
// bh=, so the links are suspected, with the evidence, never verified.
func TestLinksSuspected(t *testing.T) {
	raw, zone := diagnosisFixture(t, "safelinks-quoted-printable.eml")
	raw = bytes.Replace(raw, []byte("Alice\r\n\r\n--_000"), []byte("Alicia\r\n\r\n--_000"), 1)
	m := message.Parse(raw)
	r := NewVerifier(m, zone, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)).Verify(context.Background(), m.Header("DKIM-Signature")[0], KindDKIM, 0)
	d := r.Diagnosis
	if d == nil || d.Body != SuspectedOnly || len(d.Findings) != 1 {
		t.Fatalf("diagnosis %+v, want one suspected finding", d)
	}
	f := d.Findings[0]
	if f.Kind != KindURLRewritten || f.Status != Suspected || f.Evidence == "" || f.Removed != "https://portal.example.com/reports/q4?id=42&view=full" || len(f.Changes) != 0 {
		t.Errorf("finding %+v", f)
	}
}

// diagnosisFixture reads testdata/diagnosis/NAME and the zone that
// publishes its signers' keys.
func diagnosisFixture(t *testing.T, name string) ([]byte, *dns.Zone) {
	t.Helper()
	zone, err := dns.LoadZone("../../testdata/dns/fixtures.zone")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../testdata/diagnosis/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return raw, zone
}
