package arc

import (
	"context"
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Seeds beyond these are in testdata/fuzz/<target>.

func FuzzParseSeal(f *testing.F) {
	f.Add(" i=1; cv=none; a=rsa-sha256; d=example.org; s=arc; t=12345; b=dGVzdA==")
	f.Add(" i=51; cv=pass; a=ed25519-sha256; d=example..org; s=; h=from; b=")
	f.Add(" i=1;; cv=None ; a = rsa-sha256 ; b=dGVz\r\n dA; d=example.org; s=arc;")
	f.Fuzz(func(t *testing.T, value string) {
		raw := []byte("ARC-Seal:" + value + "\r\n")
		s := parseSeal(message.Field{Name: SealField, Raw: raw, Line: 1})
		if len(s.Fatal) == 0 {
			if s.Instance < 1 || s.Instance > MaxSets {
				t.Errorf("parseSeal(%q): no problem but instance %d", value, s.Instance)
			}
			if s.CV != "none" && s.CV != "pass" && s.CV != "fail" {
				t.Errorf("parseSeal(%q): no problem but cv %q", value, s.CV)
			}
			if s.hash != "sha256" || s.Domain == "" || s.Selector == "" || s.b == nil {
				t.Errorf("parseSeal(%q): no problem but hash %q, d=%q, s=%q, b=%v", value, s.hash, s.Domain, s.Selector, s.b)
			}
		}
		if stripped, ok := dkim.StripB(raw, s.Tags); ok && len(stripped) > len(raw) {
			t.Errorf("StripB grew the seal %q to %q", raw, stripped)
		}
		n, why := authres.ARCInstance(value)
		if (why == "") != (n >= 1 && n <= MaxSets) {
			t.Errorf("authres.ARCInstance(%q) = %d, %q", value, n, why)
		}
	})
}

func FuzzValidate(f *testing.F) {
	f.Add([]byte("ARC-Seal: i=1; cv=none; a=rsa-sha256; d=example.org; s=arc; b=dGVzdA==\r\nARC-Message-Signature: i=1; a=rsa-sha256; d=example.org; s=arc; h=from; bh=dGVzdA==; b=dGVzdA==\r\nARC-Authentication-Results: i=1; example.org; spf=pass\r\nFrom: a@example.org\r\n\r\nbody\r\n"))
	f.Add([]byte("ARC-Seal: i=2; cv=fail\nARC-Seal: i=50; cv=pass\nARC-Authentication-Results: i=; x\nARC-Message-Signature: i=1\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := Validate(context.Background(), dkim.NewVerifier(message.Parse(raw), dns.Offline{}, testClock))
		switch r.Verdict {
		case verdict.None, verdict.Fail, verdict.Neutral, verdict.TempError:
		case verdict.Pass:
			// Without DNS no key can be had, so nothing can pass.
			t.Errorf("Validate passed with no DNS: %s", r.Reason)
		default:
			t.Errorf("Validate verdict %q", r.Verdict)
		}
		if r.Reason == "" {
			t.Errorf("Validate: %s with no reason", r.Verdict)
		}
		last := 0
		for _, s := range r.Sets {
			if s.Instance <= last || s.Instance > MaxSets {
				t.Errorf("sets out of order or range: %d after %d", s.Instance, last)
			}
			last = s.Instance
		}
		if r.Verdict == verdict.None && strings.Contains(strings.ToLower(string(raw)), "arc-seal:") && len(r.Sets) > 0 {
			t.Errorf("Validate: none with %d sets", len(r.Sets))
		}
	})
}
