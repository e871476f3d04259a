package dkim

import (
	"crypto"
	"strings"
	"testing"
	"time"

	msgauth "github.com/emersion/go-msgauth/dkim"

	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// TestResign edits signed messages, signs them again with Resign and
// checks the result with go-msgauth (the independent verifier) and with
// this package, judged at the new t=.
func TestResign(t *testing.T) {
	rk, ek := testKeys(t)
	res := mapResolver{
		"rsa._domainkey.example.com": {rsaRecord(rk, "")},
		"ed._domainkey.example.com":  {edRecord(ek)},
	}
	edits := map[string]func(string) string{
		"subject": func(s string) string { return strings.Replace(s, "Quarterly report", "[EXTERNAL] Quarterly report", 1) },
		"footer":  func(s string) string { return s + "-- \r\nList footer\r\n" },
		"refolded": func(s string) string {
			return strings.Replace(s, "Subject: Quarterly report", "Subject: Quarterly\r\n report", 1)
		},
	}
	for _, sel := range []string{"rsa", "ed"} {
		var signer crypto.Signer = rk
		if sel == "ed" {
			signer = ek
		}
		for _, hc := range []msgauth.Canonicalization{msgauth.CanonicalizationSimple, msgauth.CanonicalizationRelaxed} {
			for name, edit := range edits {
				signed := sign(t, testMessage, signer, sel, hc, msgauth.CanonicalizationSimple)
				// go-msgauth stamps t= with the wall clock: judge and
				// re-sign an hour after it.
				now := signedAt(t, signed).Add(time.Hour)
				edited := edit(signed)
				if got := verifyAt(t, edited, res, now).Verdict; got != verdict.Fail && name != "refolded" {
					t.Fatalf("%s c=%s %s: edited message verdict %v before Resign, want fail", sel, hc, name, got)
				}
				out, err := Resign([]byte(edited), 0, signer, now)
				if err != nil {
					t.Fatalf("%s c=%s %s: Resign: %v", sel, hc, name, err)
				}
				if got := msgauthVerdict(t, string(out), res); got != verdict.Pass {
					t.Errorf("%s c=%s %s: go-msgauth says %v after Resign, want pass\n%s", sel, hc, name, got, out)
				}
				r := verifyAt(t, string(out), res, now)
				if r.Verdict != verdict.Pass {
					t.Errorf("%s c=%s %s: verdict %v (%s) after Resign, want pass", sel, hc, name, r.Verdict, r.Reason)
				}
				if r.Timestamp == nil || !r.Timestamp.Equal(now) {
					t.Errorf("%s c=%s %s: t= %v, want the given clock %v", sel, hc, name, r.Timestamp, now)
				}
				if strings.Count(string(out), "DKIM-Signature:") != 1 {
					t.Errorf("%s c=%s %s: Resign added a field instead of replacing it", sel, hc, name)
				}
			}
		}
	}
}

// TestResignKeepsLayout checks that only bh=, t=, x= and b= change, that
// l= and sha1 (which go-msgauth cannot sign) are kept, and that a folded b=
// stays folded.
func TestResignKeepsLayout(t *testing.T) {
	rk, _ := testKeys(t)
	res := mapResolver{"rsa._domainkey.example.com": {rsaRecord(rk, "")}}
	now := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	field := "DKIM-Signature: v=1; a=rsa-sha1; c=simple/relaxed; d=example.com; s=rsa;\r\n" +
		"\tt=1000; x=2000; l=20; h=from:subject:from;\r\n" +
		"\tbh=AAAA; b=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n" +
		"\t AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"
	in := field + testMessage + "unsigned tail\r\n"
	out, err := Resign([]byte(in), 0, rk, now)
	if err != nil {
		t.Fatalf("Resign: %v", err)
	}
	r := verifyAt(t, string(out), res, now)
	if r.Header.Status != Match || r.Body.Status != Match {
		t.Fatalf("header %s, body %s after Resign, want both to match (%s)\n%s", r.Header.Status, r.Body.Status, r.Reason, out)
	}
	if r.Verdict != verdict.Policy {
		t.Errorf("verdict %v, want policy (rsa-sha1 is kept, and refused)", r.Verdict)
	}
	if r.Length == nil || *r.Length != 20 || r.Body.Unsigned == 0 {
		t.Errorf("l= %v, unsigned %d: want l=20 kept", r.Length, r.Body.Unsigned)
	}
	if r.Expiration == nil || r.Expiration.Sub(*r.Timestamp) != 1000*time.Second {
		t.Errorf("x= %v, t= %v: want x= moved with t=, 1000 s after it", r.Expiration, r.Timestamp)
	}
	f := message.Parse(out).Header("DKIM-Signature")[0].Text()
	lines := strings.Split(f, "\r\n")
	if len(lines) < 5 || !strings.HasPrefix(lines[0], "DKIM-Signature: v=1; a=rsa-sha1; c=simple/relaxed;") || !strings.HasPrefix(lines[3], "\t ") {
		t.Errorf("layout not kept:\n%s", f)
	}
}

func TestResignErrors(t *testing.T) {
	rk, ek := testKeys(t)
	signed := sign(t, testMessage, rk, "rsa", msgauth.CanonicalizationRelaxed, msgauth.CanonicalizationRelaxed)
	now := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name string
		raw  string
		n    int
		key  crypto.Signer
		want string
	}{
		{"no such signature", signed, 1, rk, "no DKIM-Signature number 2"},
		{"key of another type", signed, 0, ek, "does not fit a=rsa"},
		{"l= too long", strings.Replace(signed, "DKIM-Signature: ", "DKIM-Signature: l=9999; ", 1), 0, rk, "l=9999 is longer than the canonical body"},
		{"broken signature", strings.Replace(signed, "a=rsa-sha256", "a=rsa-md5", 1), 0, rk, "cannot be used as it is"},
	}
	for _, tt := range tests {
		_, err := Resign([]byte(tt.raw), tt.n, tt.key, now)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Resign error %v, want one with %q", tt.name, err, tt.want)
		}
	}
}

func TestSetTag(t *testing.T) {
	const f = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n\td=example.com; l=20; s=rsa; b=AAAA\r\n"
	tests := []struct {
		name, value, want string
	}{
		{"c", "simple/relaxed", "DKIM-Signature: v=1; a=rsa-sha256; c=simple/relaxed;\r\n\td=example.com; l=20; s=rsa; b=AAAA\r\n"},
		{"l", "5", "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n\td=example.com; l=5; s=rsa; b=AAAA\r\n"},
		{"l", "", "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n\td=example.com;  s=rsa; b=AAAA\r\n"},
		{"b", "", "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n\td=example.com; l=20; s=rsa\r\n"},
		{"x", "99", "DKIM-Signature: x=99; v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n\td=example.com; l=20; s=rsa; b=AAAA\r\n"},
		{"x", "", f},
	}
	for _, tt := range tests {
		got, err := SetTag([]byte(f), tt.name, tt.value)
		if err != nil || string(got) != tt.want {
			t.Errorf("SetTag(%s=%q) = %q, %v; want %q", tt.name, tt.value, got, err, tt.want)
		}
		if tt.value != "" {
			tags, _ := ParseTagList(string(got[len("DKIM-Signature:"):]))
			if i := tagIndex(tags, tt.name); i < 0 || tags[i].Value != tt.value {
				t.Errorf("SetTag(%s=%q): parsed back as %+v", tt.name, tt.value, tags)
			}
		}
	}
}

// FuzzSetTag: on any field, SetTag never panics, and a tag it sets reads
// back with the value given.
func FuzzSetTag(f *testing.F) {
	f.Add("DKIM-Signature: v=1; c=relaxed/relaxed; l=20; b=AA\r\n", "c", "simple/simple")
	f.Add("DKIM-Signature: v=1;\r\n\tl=20\r\n", "l", "")
	f.Add("DKIM-Signature:", "l", "5")
	f.Add("DKIM-Signature: ;;=;b=;", "b", "")
	f.Fuzz(func(t *testing.T, field, name, value string) {
		if !validTagName(name) || strings.ContainsAny(value, ";= \t\r\n") {
			return
		}
		out, err := SetTag([]byte(field), name, value)
		if err != nil || value == "" {
			return
		}
		colon := strings.IndexByte(string(out), ':')
		tags, problems := ParseTagList(string(out[colon+1:]))
		if len(problems) > 0 {
			return // the field was broken before
		}
		if i := tagIndex(tags, name); i < 0 || tags[i].Value != value {
			t.Fatalf("SetTag(%q, %s=%q) = %q: tag reads back as %+v", field, name, value, out, tags)
		}
	})
}
