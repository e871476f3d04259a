package dkim

import (
	"bytes"
	"context"
	"strings"
	"testing"

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

func FuzzCanonBody(f *testing.F) {
	for _, s := range []string{"a  b \r\n\r\n", "\n\n\r\r\n \t", "x", "", " C \r\nD \t E\r\n\r\n\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, can := range []string{"simple", "relaxed"} {
			once := canonBody(in, can)
			// Canonical output is a fixed point.
			if twice := canonBody(once, can); twice != once {
				t.Fatalf("%s is not idempotent on %q: %q then %q", can, in, once, twice)
			}
			// Simple only adds CRs before bare LFs and drops trailing
			// empty lines: all other bytes are kept.
			if can == "simple" && strings.ReplaceAll(strings.TrimRight(once, "\r\n"), "\r", "") != strings.ReplaceAll(strings.TrimRight(in, "\r\n"), "\r", "") {
				t.Fatalf("simple changed content of %q: %q", in, once)
			}
			var b bytes.Buffer
			bc := newBodyCanon(can == "relaxed", nopHash{&b}, -1)
			half := len(in) / 2
			bc.Write([]byte(in[:half]))
			bc.Write([]byte(in[half:]))
			bc.Close()
			if b.String() != once {
				t.Fatalf("%s split write differs on %q", can, in)
			}
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
