package conclusion

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
)

// minimalZone holds the policies and SPF records of the minimal messages
// below (RFC 2606 names; 192.0.2.1 is every domain's only sender).
const minimalZone = `$ORIGIN example.
$TTL 3600
_dmarc.bank.example.     IN TXT "v=DMARC1; p=reject"
bank.example.            IN TXT "v=spf1 ip4:192.0.2.1 -all"
_dmarc.monitor.example.  IN TXT "v=DMARC1; p=none"
monitor.example.         IN TXT "v=spf1 ip4:192.0.2.1 -all"
quiet.example.           IN TXT "v=spf1 ip4:192.0.2.1 -all"
flaky.example.           IN TXT "headerscope:servfail"
_dmarc.example.com.      IN TXT "v=DMARC1; p=reject"
example.com.             IN TXT "v=spf1 ip4:192.0.2.1 -all"
`

// minimal builds a message that arrived at mx.inbox.example from helo at
// ip, with MAIL FROM alerts@from, and the given fields below the sender's
// own Received field (that is, below the receiving boundary, where the
// sender could have written them).
func minimal(helo, ip, from, below string) []byte {
	s := "Return-Path: <alerts@" + from + ">\n" +
		"Received: from " + helo + " (" + helo + " [" + ip + "])\n\tby mx.inbox.example with ESMTPS id 1; Fri, 20 Nov 2026 12:00:05 +0000\n" +
		"Received: from [203.0.113.7] (helo=laptop)\n\tby " + helo + " with ESMTPSA id 2; Fri, 20 Nov 2026 12:00:01 +0000\n" +
		below +
		"From: Alerts <alerts@" + from + ">\nTo: sam@inbox.example\nSubject: Your account\nDate: Fri, 20 Nov 2026 12:00:00 +0000\n\nHello.\n"
	return []byte(strings.ReplaceAll(s, "\n", "\r\n"))
}

func TestMinimal(t *testing.T) {
	z, err := dns.ParseZone(strings.NewReader(minimalZone), "minimal.zone")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		raw     []byte
		res     dns.Resolver
		kind    Kind
		primary []Cause
	}{
		{"spoofed-dmarc-reject", minimal("relay.other.test", "198.51.100.9", "bank.example", ""), z, Spoofed, []Cause{DMARCFail}},
		{"unauthenticated-dmarc-none", minimal("relay.other.test", "198.51.100.9", "monitor.example", ""), z, Unauthenticated, []Cause{NoSignature}},
		{"unauthenticated-no-policy", minimal("relay.other.test", "198.51.100.9", "quiet.example", ""), z, Unauthenticated, []Cause{NoSignature}},
		{"authentic-spf", minimal("out.bank.example", "192.0.2.1", "bank.example", ""), z, Authentic, []Cause{AlignedSPFPass, ContentNotSigned}},
		{"spoofed-lookalike-helo", minimal("mail.quiet-example.test", "198.51.100.9", "quiet.example", ""), z, Spoofed, []Cause{Lookalike}},
		// A claim in the receiver's name below the boundary that only
		// today's DNS contradicts (the policy may have been removed since):
		// suspicious, not spoofed.
		{"suspicious-claim-in-receivers-name", minimal("relay.other.test", "198.51.100.9", "quiet.example",
			"Authentication-Results: mx.inbox.example; dmarc=pass header.from=quiet.example\n"), z, Suspicious, []Cause{FalseClaim}},
		// Another host's claim that no longer holds is what a relay leaves:
		// evidence, not a conclusion.
		{"unauthenticated-foreign-claim", minimal("relay.other.test", "198.51.100.9", "quiet.example",
			"Authentication-Results: relay.elsewhere.test; dmarc=pass header.from=quiet.example\n"), z, Unauthenticated, []Cause{NoSignature}},
		{"suspicious-two-from", minimal("relay.other.test", "198.51.100.9", "quiet.example", "From: Bank <alerts@bank.example>\n"), z, Suspicious, []Cause{FromProblem}},
		{"unauthenticated-no-from", []byte("Received: from a.test (a.test [198.51.100.9])\r\n\tby mx.inbox.example; Fri, 20 Nov 2026 12:00:05 +0000\r\nSubject: hi\r\n\r\nbody\r\n"), z, Unauthenticated, []Cause{FromProblem}},
		{"cannot-tell-dns-error", minimal("relay.other.test", "198.51.100.9", "flaky.example", ""), z, CannotTell, []Cause{LookupFailed}},
		{"cannot-tell-offline", minimal("relay.other.test", "198.51.100.9", "bank.example", ""), dns.Offline{}, CannotTellOffline, []Cause{NotLookedUp}},
		// Offline, a HELO that imitates the From domain is still shown,
		// but the verdict waits for SPF.
		{"cannot-tell-offline-lookalike", minimal("mail.bank-example.test", "198.51.100.9", "bank.example", ""), dns.Offline{}, CannotTellOffline, []Cause{NotLookedUp, Lookalike}},
	}
	for _, tt := range tests {
		v := Of(analyzeWith(t, tt.raw, tt.res))
		if v.Kind != tt.kind {
			t.Errorf("%s: kind %s, want %s (evidence %s)", tt.name, v.Kind, tt.kind, causes(v))
		}
		for _, c := range tt.primary {
			if !hasPrimary(v, c) {
				t.Errorf("%s: no primary %s (evidence %s)", tt.name, c, causes(v))
			}
		}
		checkInvariants(t, tt.name, v)
	}
}

// TestSignedVariants edits committed signed fixtures: an unsigned Subject
// added above the signed one, and a missing key under p=reject with a
// failing SPF (never spoofed on a missing key alone).
func TestSignedVariants(t *testing.T) {
	extra := filepath.Join(t.TempDir(), "policy.zone")
	if err := os.WriteFile(extra, []byte("$ORIGIN example.com.\n$TTL 3600\n_dmarc.example.com. IN TXT \"v=DMARC1; p=reject\"\nexample.com. IN TXT \"v=spf1 ip4:192.0.2.1 -all\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	z := loadZone(t, filepath.Join(root, "dns", "fixtures.zone"), extra)
	read := func(name string) []byte {
		raw, err := os.ReadFile(filepath.Join(root, "mail", name+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	arrived := []byte("Return-Path: <alice@example.com>\r\nReceived: from relay.other.test (relay.other.test [198.51.100.9])\r\n\tby mx.inbox.example with ESMTPS id 1; Fri, 20 Nov 2026 12:00:05 +0000\r\n")

	v := Of(analyzeWith(t, append([]byte("Subject: Pay this invoice now\r\n"), read("dkim-pass-relaxed-relaxed")...), z))
	if v.Kind != AuthenticChanged || !hasPrimary(v, UnsignedCopy) {
		t.Errorf("unsigned Subject above the signed one: %s (evidence %s), want authentic-but-changed with unsigned-copy", v.Kind, causes(v))
	}
	for _, e := range v.Evidence {
		if e.Cause == UnsignedCopy && (e.Field != "Subject" || e.Pointer.Line != 1) {
			t.Errorf("unsigned copy %+v, want Subject on line 1", e)
		}
	}

	v = Of(analyzeWith(t, append(append([]byte(nil), arrived...), read("dkim-permerror-no-key")...), z))
	if v.Kind == Spoofed || !hasPrimary(v, KeyUnavailable) {
		t.Errorf("missing key under p=reject: %s (evidence %s), want not spoofed, with key-unavailable", v.Kind, causes(v))
	}

	v = Of(analyzeWith(t, read("dkim-pass-testing-key"), z))
	if v.Kind != Authentic || !hasPrimary(v, TestingKey) {
		t.Errorf("testing key: %s (evidence %s), want authentic with testing-key", v.Kind, causes(v))
	}

	// Both halves of the From domain's signature broken under p=reject,
	// SPF failing: what a list that tags the Subject and adds a footer
	// does to a genuine message, so unauthenticated, not spoofed, with the
	// DMARC failure in the summary.
	v = Of(analyzeWith(t, append(append([]byte(nil), arrived...), read("dkim-fail-body-and-header")...), z))
	if v.Kind != Unauthenticated || !hasPrimary(v, DMARCFail) || !hasPrimary(v, AlignedDKIMBroken) {
		t.Errorf("signature broken in both halves under p=reject: %s (evidence %s), want unauthenticated with dmarc-fail and aligned-dkim-broken", v.Kind, causes(v))
	}

	// A body changed after signing, and a claim of dkim=pass in the
	// receiver's name below the boundary: the message proves the claim
	// false, so someone wrote it to deceive.
	forged := []byte("Received: from relay.other.test (relay.other.test [198.51.100.9])\r\n\tby mx.inbox.example with ESMTPS id 1; Fri, 20 Nov 2026 12:00:05 +0000\r\n" +
		"Received: from [203.0.113.7] by relay.other.test with ESMTPSA id 2; Fri, 20 Nov 2026 12:00:01 +0000\r\n" +
		"Authentication-Results: mx.inbox.example; dkim=pass header.d=example.com\r\n")
	v = Of(analyzeWith(t, append(forged, read("dkim-fail-body-footer")...), z))
	if v.Kind != Spoofed || !hasPrimary(v, FalseClaim) {
		t.Errorf("forged claim in the receiver's name: %s (evidence %s), want spoofed with false-claim", v.Kind, causes(v))
	}
	for _, e := range v.Evidence {
		if e.Cause == FalseClaim && (!e.ByContent || !e.Impersonates || e.Pointer.Line != 4 || e.Method != "dkim") {
			t.Errorf("false claim %+v", e)
		}
	}

	// The same message with the signature removed is spoofed: nothing
	// could have passed.
	raw := read("dkim-permerror-no-key")
	if i := strings.Index(string(raw), "From:"); i > 0 {
		raw = raw[i:]
	}
	v = Of(analyzeWith(t, append(append([]byte(nil), arrived...), raw...), z))
	if v.Kind != Spoofed || !hasPrimary(v, DMARCFail) {
		t.Errorf("unsigned message under p=reject with SPF fail: %s (evidence %s), want spoofed", v.Kind, causes(v))
	}
}

// TestDegenerate: a report built by hand, an empty message and bytes that
// are no message at all still get a verdict with evidence.
func TestDegenerate(t *testing.T) {
	if v := Of(&analyze.Report{}); v.Kind != Unauthenticated || len(v.Evidence) == 0 {
		t.Errorf("empty report: %s (evidence %s)", v.Kind, causes(v))
	}
	for _, raw := range []string{"", "\r\n", "\x00\xff garbage", "From: a@\r\nFrom: b@c.example\r\n\r\n", "DKIM-Signature: v=1; d=example.com\r\nFrom: a@example.com\r\n\r\n"} {
		v := Of(analyzeWith(t, []byte(raw), dns.Offline{}))
		checkInvariants(t, strconv.Quote(raw), v)
	}
}

func TestImitates(t *testing.T) {
	tests := []struct {
		host, from string
		want       bool
	}{
		{"mail.bank-example.test", "bank.example", true},
		{"bankexample.test", "bank.example", true},
		{"bank.example.evil.test", "bank.example", true},
		{"mx.bank.example", "bank.example", false}, // the domain itself
		{"mail.bank.example", "alerts.bank.example", false},
		{"mail.comcast.net", "mail.com", false},       // a prefix of a label is not the domain
		{"bank-examples.test", "bank.example", false}, // a longer label is another name
		{"[192.0.2.1]", "bank.example", false},
		{"bank-example.test", "", false},
	}
	for _, tt := range tests {
		if got := imitates(tt.host, tt.from); got != tt.want {
			t.Errorf("imitates(%q, %q) = %v, want %v", tt.host, tt.from, got, tt.want)
		}
	}
}
