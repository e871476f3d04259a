package dkim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/message"
)

func FuzzParseTagList(f *testing.F) {
	for _, s := range []string{"v=1; a=rsa-sha256; b=ab\r\n cd;", "a=;;b", "=", "x", " ; ; ", "v=1; v=1", "k=rsa; p=MIIB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tags, _ := parseTagList(in)
		for _, tg := range tags {
			if tg.Offset < 0 || tg.Offset+len(tg.Raw) > len(in) || in[tg.Offset:tg.Offset+len(tg.Raw)] != tg.Raw {
				t.Fatalf("tag %q raw %q not at offset %d", tg.Name, tg.Raw, tg.Offset)
			}
		}
	})
}

func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"v=DKIM1; k=rsa; p=", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAL", "t=y:s; h=sha1:sha256; s=email; p=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		k, pub := parseKey(in)
		if pub == nil && k.Problem == "" {
			t.Fatalf("parseKey(%q): no key and no problem", in)
		}
	})
}

// refCanonBody is RFC 6376 sections 3.4.3 and 3.4.4 written plainly: split
// into lines (a bare LF ends a line too), rewrite each, drop trailing empty
// lines, end with CRLF; an empty body is CRLF (simple) or "" (relaxed).
func refCanonBody(body string, can Canon) string {
	pieces := strings.Split(body, "\n")
	var lines []string
	for i, p := range pieces {
		if i < len(pieces)-1 {
			p = strings.TrimSuffix(p, "\r")
		} else if p == "" {
			break
		}
		if can == Relaxed {
			p = string(refRelaxLine([]byte(p)))
		}
		lines = append(lines, p)
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		if can == Relaxed {
			return ""
		}
		return "\r\n"
	}
	return strings.Join(lines, "\r\n") + "\r\n"
}

func FuzzCanonBody(f *testing.F) {
	for _, s := range []string{"a  b \r\n\r\n", "\n\n\r\r\n \t", "x", "", " C \r\nD \t E\r\n\r\n\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, can := range []Canon{Simple, Relaxed} {
			once := canonBody(in, can)
			if want := refCanonBody(in, can); once != want {
				t.Fatalf("%s body %q = %q, want %q", can, in, once, want)
			}
			// Canonical output is a fixed point.
			if twice := canonBody(once, can); twice != once {
				t.Fatalf("%s is not idempotent on %q: %q then %q", can, in, once, twice)
			}
			// Simple only adds CRs before bare LFs and drops trailing
			// empty lines: all other bytes are kept.
			if can == Simple && strings.ReplaceAll(strings.TrimRight(once, "\r\n"), "\r", "") != strings.ReplaceAll(strings.TrimRight(in, "\r\n"), "\r", "") {
				t.Fatalf("simple changed content of %q: %q", in, once)
			}
			// Blocks of a few bytes split lines, double spaces and CRLFs
			// at every place; without bare LFs, the searches-only scan
			// must agree.
			bare := strings.Contains(strings.ReplaceAll(in, "\r\n", ""), "\n")
			for _, blk := range []int{1, 2, 3, 7, 128 << 10} {
				old, oldMin := scanBlock, parallelScanMin
				scanBlock = blk
				// Half of the runs scan on another goroutine.
				if blk%2 == 1 {
					parallelScanMin = 0
				}
				got := canonBody(in, can)
				var hinted bytes.Buffer
				if !bare {
					canonBodyTo(&bodySink{h: &hinted, limit: -1}, []byte(in), can == Relaxed, true)
				}
				scanBlock, parallelScanMin = old, oldMin
				if got != once {
					t.Fatalf("%s body %q in blocks of %d = %q, want %q", can, in, blk, got, once)
				}
				if !bare && hinted.String() != once {
					t.Fatalf("%s body %q in blocks of %d, no bare LF = %q, want %q", can, in, blk, hinted.String(), once)
				}
			}
			// The shared path (the body hashed as is when it is its own
			// canonical form) must agree with the rewriting path.
			c := &bodyCache{}
			got := c.get([]byte(in), can, "sha256", -1)
			if want := sha256.Sum256([]byte(once)); !bytes.Equal(got.sum, want[:]) || got.canonical != int64(len(once)) {
				t.Fatalf("%s cached hash of %q differs from the hash of %q", can, in, once)
			}
		}
	})
}

// FuzzBodyCacheShared asks one message's cache for both canonical forms,
// in both orders: a hash shared between them must be right for each.
func FuzzBodyCacheShared(f *testing.F) {
	for _, s := range []string{"a b\r\n", "a b\r\n \r\n", "a  b\r\n", "x", "x \r\n\r\n", "a\nb\r\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		bare := strings.Contains(strings.ReplaceAll(in, "\r\n", ""), "\n")
		for _, order := range [][2]Canon{{Simple, Relaxed}, {Relaxed, Simple}} {
			// As NewVerifier sets it from the message's line-end counts.
			c := &bodyCache{noBareLF: !bare}
			for _, can := range order {
				got := c.get([]byte(in), can, "sha256", -1)
				want := sha256.Sum256([]byte(refCanonBody(in, can)))
				if !bytes.Equal(got.sum, want[:]) {
					t.Fatalf("%s after %v: hash of %q is not that of %q", can, order, in, refCanonBody(in, can))
				}
			}
		}
	})
}

// refRelaxLine is RFC 6376 section 3.4.4 for one line's content, written
// plainly, to check the fast relaxLine against.
func refRelaxLine(b []byte) []byte {
	var out []byte
	wsp := false
	for _, c := range b {
		if c == ' ' || c == '\t' {
			wsp = true
			continue
		}
		if wsp {
			out = append(out, ' ')
		}
		wsp = false
		out = append(out, c)
	}
	return out
}

func FuzzRelaxLine(f *testing.F) {
	for _, s := range []string{"a  b", "a \tb", "a\t b", "abcdefg  hijk", "1234567 \t", " x ", "\t", "abcdefgh ", "abcdefg \tz"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		b = bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r"), nil), []byte("\n"), nil)
		want := refRelaxLine(b)
		if got := relaxLine(nil, b); !bytes.Equal(got, want) {
			t.Fatalf("relaxLine(%q) = %q, want %q", b, got, want)
		}
		if clean := cleanRelaxed(b); clean != bytes.Equal(want, b) {
			t.Fatalf("cleanRelaxed(%q) = %v, but relaxed form is %q", b, clean, want)
		}
	})
}

func FuzzCanonHeader(f *testing.F) {
	for _, s := range []string{"A: X\r\n", "B : Y\t\r\n\tZ  \r\n", "x:\n", ":", "Subject:\r\n \r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		once := CanonHeader([]byte(in), "relaxed")
		if twice := CanonHeader(once, "relaxed"); !bytes.Equal(once, twice) {
			t.Fatalf("relaxed header is not idempotent on %q: %q then %q", in, once, twice)
		}
	})
}

func FuzzVerify(f *testing.F) {
	f.Add([]byte("DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\nFrom: a@example.com\r\n\r\nbody\r\n"))
	f.Add([]byte("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed; d=example.com; s=s; h=from:from; l=2; bh=; b=\r\n\r\n"))
	// A failing signature over a multipart body, so that the diagnosis runs.
	f.Add([]byte("DKIM-Signature: v=1; a=ed25519-sha256; c=simple/simple; d=example.com; s=s; h=from:subject:date:content-type; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=" + strings.Repeat("A", 86) + "==\r\n" +
		"From: a via L <l@example.org>\r\nReply-To: a@example.com\r\nSubject: [l] x (fwd)\r\nDate: Fri, 20 Nov 2026 12:00:00 GMT\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n" +
		"--b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=\r\nsse\r\n>From x\r\n--\r\n--b\r\nContent-Type: text/html\r\n\r\n<body>hi\r\n<p>f</p></body>\r\n--b--\r\n"))
	res := mapResolver{"s._domainkey.example.com": {"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="}}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := message.Parse(raw)
		v := NewVerifier(m, res, testNow)
		for i, fl := range m.Header("DKIM-Signature") {
			r := v.Verify(context.Background(), fl, KindDKIM, i)
			if !r.Verdict.Valid() || r.Reason == "" {
				t.Fatalf("verdict %q reason %q", r.Verdict, r.Reason)
			}
		}
	})
}

// FuzzFieldIndex checks the shared field index against SelectFields for
// any header and h= list. Seeds are in testdata/fuzz/FuzzFieldIndex.
func FuzzFieldIndex(f *testing.F) {
	f.Add("DKIM-Signature: a\r\nFrom: x\r\nsubject: 1\r\nSubject: 2\r\n\r\n", "from:subject:Subject:SUBJECT:dkim-signature:to")
	f.Add("a: 1\nA: 2\na : 3\n", "a:a:A:a:b")
	f.Fuzz(func(t *testing.T, header, h string) {
		m := message.Parse([]byte(header))
		names := strings.Split(h, ":")
		v := NewVerifier(m, nil, time.Time{})
		for _, self := range append(m.Fields, message.Field{Offset: -1}) {
			want := SelectFields(m.Fields, names, self.Offset)
			var got []SignedField
			v.index().selectFields(m.Fields, names, self, func(sf SignedField) { got = append(got, sf) })
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("self at offset %d of %q, h=%q:\n got %+v\nwant %+v", self.Offset, header, h, got, want)
			}
		}
	})
}
