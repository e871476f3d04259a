package analyze

import (
	"strings"
	"testing"
	"time"
)

// TestBoundaryEvidence: the receiving boundary follows the topmost
// receiver's own evidence (the client IP its result field names), not the
// host names alone; trust and the SPF evaluation follow it.
func TestBoundaryEvidence(t *testing.T) {
	tests := []struct {
		name     string
		raw      string
		boundary int
		ip       string
		trusted  []bool // per Authentication-Results entry, top first
		evidence string
	}{
		{
			// Two tenants of one provider: every hop has the provider's
			// host names, so the names alone put the boundary at the
			// sender's submission (and link-local IP).
			name: "two tenants of one provider",
			raw: "Received: from AB1PR01MB0001.prod.mail.example (2001:db8:1::1) by AB1PR01MB0002.prod.mail.example with HTTPS; Fri, 20 Nov 2026 12:00:05 +0000\r\n" +
				"Authentication-Results: spf=pass (sender IP is 192.0.2.40) smtp.mailfrom=sender.example; dkim=none (message not signed) header.d=none\r\n" +
				"Received: from OUT1.outbound.mail.example (192.0.2.40) by FE1.inbound.mail.example (10.0.0.1) with Microsoft SMTP Server; Fri, 20 Nov 2026 12:00:04 +0000\r\n" +
				"Received: from CD2PR02MB0003.prod.mail.example (2001:db8:2::3) by OUT1.outbound.mail.example (2001:db8:2::4) with Microsoft SMTP Server; Fri, 20 Nov 2026 12:00:03 +0000\r\n" +
				"X-MS-Exchange-Authentication-Results: spf=none (sender IP is fe80::1) smtp.mailfrom=sender.example; dkim=none (message not signed) header.d=none\r\n" +
				"Received: from laptop.sender.example (fe80::1) by CD2PR02MB0003.prod.mail.example with HTTPS; Fri, 20 Nov 2026 12:00:02 +0000\r\n" +
				"From: a@sender.example\r\n\r\nbody\r\n",
			boundary: 1, ip: "192.0.2.40", trusted: []bool{true, false},
			evidence: "names client IP 192.0.2.40, which hop #2 recorded",
		},
		{
			// One provider's internal hops carry several organizational
			// domains; each was stamped by the client of the hop above.
			name: "internal hops in several domains",
			raw: "Received: from MB0858.prod.mail.example (2001:db8::6) by MB0955.prod.mail.example with HTTPS; Fri, 20 Nov 2026 12:00:05 +0000\r\n" +
				"Received: from CA0223.eurprd01.prod.labs.example (2001:db8::10) by MB0858.prod.mail.example (2001:db8::6) with Microsoft SMTP Server; Fri, 20 Nov 2026 12:00:04 +0000\r\n" +
				"Received: from DB8EUR06FT049.eop.prod.protection.mail.example (2001:db8::d5) by CA0223.office.example (2001:db8::10) with Microsoft SMTP Server; Fri, 20 Nov 2026 12:00:03 +0000\r\n" +
				"Authentication-Results: spf=fail (sender IP is 203.0.113.65) smtp.mailfrom=shop.example; dkim=none (message not signed) header.d=none\r\n" +
				"Received: from spammer.example (203.0.113.65) by DB8EUR06FT049.mail.protection.mail.example (10.0.0.84) with Microsoft SMTP Server; Fri, 20 Nov 2026 12:00:02 +0000\r\n" +
				"From: a@shop.example\r\n\r\nbody\r\n",
			boundary: 3, ip: "203.0.113.65", trusted: []bool{true},
			evidence: "each hop above it was stamped by the host that received the one below",
		},
		{
			// A milter writes its result below the receiver's only
			// Received field, after the message's own fields.
			name: "result below the only Received field",
			raw: "Received: from out.sender.example (out.sender.example [192.0.2.7]) by mx.receiver.example (8.15/8.15) with ESMTP id t91; Fri, 20 Nov 2026 12:00:02 +0000\r\n" +
				"From: a@sender.example\r\nSubject: hi\r\n" +
				"Authentication-Results: mx.receiver.example; spf=pass smtp.mailfrom=a@sender.example\r\n\r\nbody\r\n",
			boundary: 0, ip: "192.0.2.7", trusted: []bool{true},
		},
		{
			// A receiver that writes its result on top writes nothing
			// below its only Received field: one there with its id came
			// with the message.
			name: "forged result below the only Received field",
			raw: "Authentication-Results: mx.receiver.example; spf=softfail smtp.mailfrom=a@bank.example\r\n" +
				"Received: from attacker.example (attacker.example [203.0.113.66]) by mx.receiver.example with ESMTP; Fri, 20 Nov 2026 12:00:02 +0000\r\n" +
				"From: a@bank.example\r\n" +
				"Authentication-Results: mx.receiver.example; dkim=pass header.d=bank.example\r\n\r\nbody\r\n",
			boundary: 0, ip: "203.0.113.66", trusted: []bool{true, false},
			evidence: "no result field names the client IP",
		},
		{
			// The lesson: a result forged below the receiver's own, with
			// the receiver's authserv-id, stays untrusted.
			name: "forged result below the boundary",
			raw: "Authentication-Results: mx.receiver.example; spf=softfail (client-ip=203.0.113.66) smtp.mailfrom=a@bank.example\r\n" +
				"Received: from attacker.example (attacker.example [203.0.113.66]) by mx.receiver.example with ESMTP; Fri, 20 Nov 2026 12:00:02 +0000\r\n" +
				"Authentication-Results: mx.receiver.example; dkim=pass header.d=bank.example; spf=pass smtp.mailfrom=a@bank.example\r\n" +
				"Received: from x (x [192.0.2.99]) by mx.receiver.example with ESMTP; Fri, 20 Nov 2026 12:00:01 +0000\r\n" +
				"From: a@bank.example\r\n\r\nbody\r\n",
			boundary: 0, ip: "203.0.113.66", trusted: []bool{true, false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Analyze(t.Context(), []byte(tt.raw), Options{Now: func() time.Time { return fixtureNow }})
			rc := r.Received.Receiving
			if rc.Hop != tt.boundary || rc.ConnectingIP != tt.ip {
				t.Errorf("boundary hop %d ip %q (%s), want %d %q", rc.Hop, rc.ConnectingIP, rc.Evidence, tt.boundary, tt.ip)
			}
			if !strings.Contains(rc.Evidence, tt.evidence) {
				t.Errorf("evidence %q, want it to say %q", rc.Evidence, tt.evidence)
			}
			if got := r.SPF.Input.IP.String(); got != tt.ip {
				t.Errorf("SPF evaluated for %s, want the IP the receiver recorded, %s", got, tt.ip)
			}
			for i, e := range r.Claims.AuthenticationResults {
				if i < len(tt.trusted) && e.Trusted != tt.trusted[i] {
					t.Errorf("entry %d (line %d) trusted = %v (%s), want %v", i, e.Line, e.Trusted, e.TrustReason, tt.trusted[i])
				}
			}
		})
	}
}

// TestSPFInputTrustedOnly: SPF is evaluated for the receiving hop's
// connection with identities from the fields the receiver wrote only; a
// claim the sender could have written names none.
func TestSPFInputTrustedOnly(t *testing.T) {
	raw := "Received: from edge.example.net ([10.0.0.7] helo=edge.example.net)\r\n by mx1.example.net with esmtp (Exim 4.96); Fri, 20 Nov 2026 12:00:04 +0000\r\n" +
		"Received: from mail.example.com (mail.example.com [192.0.2.10])\r\n by edge.example.net (Postfix) with ESMTPS id 4Zk; Fri, 20 Nov 2026 12:00:01 +0000\r\n" +
		"Received: from [10.1.2.3] (unknown [198.51.100.77])\r\n by mail.example.com (Postfix) with ESMTPSA id 4Zj; Fri, 20 Nov 2026 12:00:02 +0000\r\n" +
		"Authentication-Results: spoof.example.com; spf=pass smtp.mailfrom=a@example.com\r\n" +
		"From: a@example.com\r\n\r\nbody\r\n"
	r := Analyze(t.Context(), []byte(raw), Options{Now: func() time.Time { return fixtureNow }})
	if e := r.Claims.AuthenticationResults[0]; e.Trusted {
		t.Errorf("spoofed entry trusted (%s)", e.TrustReason)
	}
	in := r.SPF.Input
	if in.IP.String() != "192.0.2.10" || in.HELO != "mail.example.com" || in.MailFrom != "" {
		t.Errorf("spf input = %+v: want the boundary hop's IP and HELO, and no MAIL FROM (an untrusted smtp.mailfrom must not be used)", in)
	}
}
