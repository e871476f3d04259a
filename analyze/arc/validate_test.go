package arc

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// fixture reads a committed ARC fixture and its zone.
func fixture(t *testing.T, name string) (string, dns.Resolver) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "mail", name+".eml"))
	if err != nil {
		t.Fatalf("committed fixture %s: %v", name, err)
	}
	z, err := dns.LoadZone(filepath.Join(root, "dns", "fixtures.zone"))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw), z
}

func validate(raw string, r dns.Resolver) *Result {
	return Validate(context.Background(), dkim.NewVerifier(message.Parse([]byte(raw)), r, testClock))
}

// TestStructure breaks a valid three-hop chain in each way RFC 8617
// section 5.2 steps 1 to 3 forbid, and checks the verdict, the instance
// blamed and the reason.
func TestStructure(t *testing.T) {
	raw, z := fixture(t, "arc-pass-3-hops")
	if r := validate(raw, z); r.Verdict != verdict.Pass {
		t.Fatalf("unmodified fixture: %s (%s), want pass", r.Verdict, r.Reason)
	}
	tests := []struct {
		name     string
		old, new string
		inst     int
		reason   string
	}{
		{"instance over 50", "ARC-Seal: i=3;", "ARC-Seal: i=51;", 0, `ARC-Seal at line 1: i="51" is beyond the limit of 50 ARC sets`},
		{"instance zero", "ARC-Message-Signature: i=2;", "ARC-Message-Signature: i=0;", 0, `ARC-Message-Signature at line 29: i="0" is not an instance number from 1 to 50`},
		{"instance three digits", "ARC-Authentication-Results: i=1;", "ARC-Authentication-Results: i=001;", 0, `ARC-Authentication-Results at line 60: i="001" is not an instance number`},
		{"aar without prefix", "ARC-Authentication-Results: i=1; relay.example.com;", "ARC-Authentication-Results: relay.example.com; i=1;", 0, `does not start with the instance tag`},
		{"newest cv fail", "ARC-Seal: i=3; cv=pass;", "ARC-Seal: i=3; cv=fail;", 3, "ARC-Seal i=3 has cv=fail: a hop recorded that the chain had already failed"},
		{"older cv fail", "ARC-Seal: i=2; cv=pass;", "ARC-Seal: i=2; cv=fail;", 2, "ARC-Seal i=2 has cv=fail"},
		{"cv none above 1", "ARC-Seal: i=2; cv=pass;", "ARC-Seal: i=2; cv=none;", 2, "ARC-Seal i=2 has cv=none: only the first set may say so"},
		{"cv pass at 1", "ARC-Seal: i=1; cv=none;", "ARC-Seal: i=1; cv=pass;", 1, "ARC-Seal i=1 has cv=pass: the first set must have cv=none"},
		{"gap", "ARC-Seal: i=2;", "ARC-Seal: i=4;", 2, "ARC set i=2 has no ARC-Seal"},
		{"duplicate", "ARC-Message-Signature: i=1;", "ARC-Message-Signature: i=2;", 1, "ARC set i=1 has no ARC-Message-Signature"},
		{"seal with h=", "ARC-Seal: i=1; cv=none;", "ARC-Seal: i=1; h=from; cv=none;", 1, "ARC-Seal i=1 could not be verified (permerror): h= is not allowed in an ARC-Seal"},
		{"seal missing cv", "ARC-Seal: i=2; cv=pass;", "ARC-Seal: i=2;", 2, `ARC-Seal i=2 could not be verified (permerror): missing required tag "cv"`},
		{"seal rsa-sha1", "ARC-Seal: i=1; cv=none; a=rsa-sha256;", "ARC-Seal: i=1; cv=none; a=rsa-sha1;", 1, "a=rsa-sha1 is not allowed"},
		{"seal changed", "ARC-Seal: i=1; cv=none; a=rsa-sha256; d=relay.example.com; s=arc;", "ARC-Seal: i=1; cv=none; a=rsa-sha256; d=relay.example.com; s=arc; x=1;", 1, "changed after this hop sealed them; the seals at i=3, i=2 fail too"},
		{"aar changed", "ARC-Authentication-Results: i=2; lists.example.org; dkim=pass", "ARC-Authentication-Results: i=2; lists.example.org; dkim=fail", 2, "ARC-Seal i=2 did not verify"},
		{"newest ams key gone", "ARC-Message-Signature: i=3; a=rsa-sha256; c=relaxed/relaxed;", "ARC-Message-Signature: i=3; a=rsa-sha256; c=relaxed/relaxed; s=nokey;", 3, "newest ARC-Message-Signature i=3 could not be verified (permerror)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(raw, tc.old) {
				t.Fatalf("fixture lacks %q", tc.old)
			}
			r := validate(strings.Replace(raw, tc.old, tc.new, 1), z)
			if r.Verdict != verdict.Fail || r.FailedInstance != tc.inst || !strings.Contains(r.Reason, tc.reason) {
				t.Errorf("Validate(%s) = %s, instance %d, %q; want fail, instance %d, reason containing %q", tc.name, r.Verdict, r.FailedInstance, r.Reason, tc.inst, tc.reason)
			}
		})
	}
}

// TestSealTrace checks the explanation of a seal: the fields hashed in
// RFC 8617 section 5.1.1 order, the seal itself last with b= emptied and
// no final CRLF, and the hash recovered from the RSA signature equal to
// the computed one.
func TestSealTrace(t *testing.T) {
	raw, z := fixture(t, "arc-pass-2-hops")
	r := validate(raw, z)
	if r.Verdict != verdict.Pass || len(r.Sets) != 2 {
		t.Fatalf("Validate = %s (%s) with %d sets, want pass with 2", r.Verdict, r.Reason, len(r.Sets))
	}
	s := r.Sets[1].Seal
	var got []string
	for _, f := range s.Header.Fields {
		got = append(got, f.Name+" "+string(rune('0'+f.Instance)))
	}
	want := []string{"ARC-Authentication-Results 1", "ARC-Message-Signature 1", "ARC-Seal 1", "ARC-Authentication-Results 2", "ARC-Message-Signature 2"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("seal i=2 hashed %v, want %v", got, want)
	}
	sig := s.Header.Signature.Canonical
	if !strings.HasPrefix(sig, "arc-seal:i=2;") || strings.HasSuffix(sig, "\r\n") || !strings.Contains(sig, "b=") || strings.Contains(sig, "b=Y") {
		t.Errorf("seal i=2 signature input = %q, want relaxed, b= empty, no CRLF", sig)
	}
	if s.Header.Status != dkim.Match || s.Header.Computed == "" || s.Header.Computed != s.Header.Claimed {
		t.Errorf("seal i=2 header: status %s, computed %q, claimed %q; want match with equal hashes", s.Header.Status, s.Header.Computed, s.Header.Claimed)
	}
	if s.DNS == nil || s.DNS.Query != "arc._domainkey.forwarder.example.net" || s.Key == nil || s.Key.Bits != 2048 {
		t.Errorf("seal i=2 key: DNS %+v, key %+v", s.DNS, s.Key)
	}
	for _, tag := range s.Tags {
		if tag.Meaning == "" || (tag.Name == "cv" && !strings.Contains(tag.Section, "RFC 8617")) {
			t.Errorf("seal tag %s: meaning %q, section %q", tag.Name, tag.Meaning, tag.Section)
		}
	}
	if a := r.Sets[0].AAR; a == nil || a.AuthServID != "lists.example.org" || a.Parsed == nil || len(a.Parsed.ResultsFor("dkim")) != 1 {
		t.Errorf("AAR i=1 = %+v, want authserv-id lists.example.org with a dkim result", a)
	}
}

func TestParseInstance(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"1", 1, true}, {"50", 50, true}, {"07", 7, true},
		{"0", 0, false}, {"51", 0, false}, {"", 0, false}, {"100", 0, false}, {"+1", 0, false}, {"a", 0, false}, {"1 2", 0, false},
	}
	for _, tc := range tests {
		got, why := authres.ParseInstance(tc.in)
		if got != tc.want || (why == "") != tc.ok {
			t.Errorf("authres.ParseInstance(%q) = %d, %q; want %d, ok %v", tc.in, got, why, tc.want, tc.ok)
		}
	}
}

func TestARCInstance(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{" i=1; example.org; spf=pass", 1},
		{"i = 12 ; example.org; none", 12},
		{" (hop one) i=3; example.org; none", 3},
		{" i=1 example.org; spf=pass", 0},
		{" example.org; i=1; spf=pass", 0},
		{" I=1; example.org; none", 0},
		{" i=; example.org; none", 0},
		{" i=x; example.org; none", 0},
		{"", 0},
	}
	for _, tc := range tests {
		got, why := authres.ARCInstance(tc.in)
		if got != tc.want || (why == "") != (tc.want != 0) {
			t.Errorf("authres.ARCInstance(%q) = %d, %q; want %d", tc.in, got, why, tc.want)
		}
	}
}

func TestNone(t *testing.T) {
	r := validate("From: a@example.com\r\nDKIM-Signature: v=1\r\n\r\nbody\r\n", dns.Offline{})
	if r.Verdict != verdict.None || len(r.Sets) != 0 {
		t.Errorf("Validate(no ARC) = %s with %d sets, want none", r.Verdict, len(r.Sets))
	}
}

// TestHeadersOnly checks pasted headers: the seals verify and the newest
// AMS signs the header, but the body is not there to check, so the chain
// is neutral rather than pass or fail.
func TestHeadersOnly(t *testing.T) {
	raw, z := fixture(t, "arc-pass-1-hop")
	end := strings.Index(raw, "\n\n")
	if i := strings.Index(raw, "\r\n\r\n"); i >= 0 && (end < 0 || i < end) {
		end = i + 1
	}
	if end < 0 {
		t.Fatal("fixture has no body")
	}
	r := validate(raw[:end+1], z)
	if r.Verdict != verdict.Neutral || !strings.Contains(r.Reason, "no body supplied") {
		t.Errorf("Validate(headers only) = %s (%s), want neutral, no body supplied", r.Verdict, r.Reason)
	}
}

// TestUnchecked: offline, a chain whose only faults are keys not looked up
// is temperror, "not checked", never fail; a body that no longer matches
// the newest AMS is a fail even without its key.
func TestUnchecked(t *testing.T) {
	raw, _ := fixture(t, "arc-pass-3-hops")
	r := validate(raw, dns.Offline{})
	if r.Verdict != verdict.TempError || !strings.HasPrefix(r.Reason, "not checked:") || r.FailedInstance != 0 {
		t.Errorf("offline: %s (%s), failed instance %d; want temperror, not checked", r.Verdict, r.Reason, r.FailedInstance)
	}
	body := strings.Index(raw, "\r\n\r\n")
	if body < 0 {
		body = strings.Index(raw, "\n\n")
	}
	r = validate(raw[:body]+"\r\n\r\nanother body\r\n", dns.Offline{})
	if r.Verdict != verdict.Fail || !strings.Contains(r.Reason, "body hash mismatch") {
		t.Errorf("offline, body changed: %s (%s), want fail for the body hash", r.Verdict, r.Reason)
	}
	raw2 := strings.Replace(raw, "ARC-Seal: i=2; cv=pass;", "ARC-Seal: i=2; cv=fail;", 1)
	if r := validate(raw2, dns.Offline{}); r.Verdict != verdict.Fail {
		t.Errorf("offline, cv=fail recorded: %s (%s), want fail", r.Verdict, r.Reason)
	}
}
