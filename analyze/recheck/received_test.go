package recheck

import (
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/message"
)

func TestReceivedChain(t *testing.T) {
	raw := "Received: from mx1.example.net (localhost [127.0.0.1])\r\n by inbox.example.net (Cyrus) with LMTPA; Fri, 20 Nov 2026 12:00:10 +0000\r\n" +
		"Received: from edge.example.net ([10.0.0.7] helo=edge.example.net)\r\n by mx1.example.net with esmtp (Exim 4.96); Fri, 20 Nov 2026 12:00:04 +0000\r\n" +
		"Received: from mail.example.com (mail.example.com [192.0.2.10])\r\n by edge.example.net (Postfix) with ESMTPS id 4Zk; Fri, 20 Nov 2026 12:00:01 +0000\r\n" +
		"Received: from [10.1.2.3] (unknown [198.51.100.77])\r\n by mail.example.com (Postfix) with ESMTPSA id 4Zj; Fri, 20 Nov 2026 12:00:02 +0000\r\n" +
		"Authentication-Results: spoof.example.com; spf=pass smtp.mailfrom=a@example.com\r\n" +
		"From: a@example.com\r\n\r\nbody\r\n"
	r := Check(t.Context(), Input{Message: message.Parse([]byte(raw))})
	if len(r.Received) != 4 {
		t.Fatalf("%d hops, want 4", len(r.Received))
	}
	wantDelay := []time.Duration{6 * time.Second, 3 * time.Second, -time.Second}
	for i, d := range wantDelay {
		if r.Received[i].Delay == nil || *r.Received[i].Delay != d {
			t.Errorf("hop %d delay = %v, want %v", i, r.Received[i].Delay, d)
		}
	}
	if r.Received[3].Delay != nil {
		t.Errorf("bottom hop has a delay %v", *r.Received[3].Delay)
	}
	rc := r.Receiving
	if rc.Hop != 2 || rc.ConnectingIP != "192.0.2.10" || rc.Receiver != "edge.example.net" || rc.ReceiverOrg != "example.net" || rc.HELO != "mail.example.com" {
		t.Errorf("receiving = %+v", rc)
	}
	if !r.Received[0].Internal || !r.Received[1].Internal || !r.Received[2].Boundary || r.Received[3].Internal {
		t.Errorf("internal/boundary flags wrong: %+v", r.Received)
	}
	e := r.AuthenticationResults[0]
	if e.Trusted || !strings.Contains(e.TrustReason, "below the receiving hop's Received field") {
		t.Errorf("spoofed entry trusted = %v (%s)", e.Trusted, e.TrustReason)
	}
	if r.SPF.Input.IP.String() != "192.0.2.10" || r.SPF.Input.MailFrom != "" {
		t.Errorf("spf input = %+v: an untrusted smtp.mailfrom must not be used", r.SPF.Input)
	}
}

func TestTrust(t *testing.T) {
	base := "Received: from mail.example.com (mail.example.com [192.0.2.10])\r\n by mx.example.net (Postfix) with ESMTPS id 1; Fri, 20 Nov 2026 12:00:01 +0000\r\n" +
		"%s\r\nReceived: from [10.1.2.3] (unknown [198.51.100.77]) by mail.example.com with ESMTPSA; Fri, 20 Nov 2026 12:00:00 +0000\r\n" +
		"%s\r\nFrom: a@example.com\r\n\r\n"
	tests := []struct {
		above, below string
		trusted      []bool
		reason       string
	}{
		{"Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=a@example.com", "X-Dummy: 1", []bool{true}, "written by the receiver"},
		{"Authentication-Results: mx2.example.net; spf=pass smtp.mailfrom=a@example.com", "X-Dummy: 1", []bool{true}, "written by the receiver"},
		{"Authentication-Results: relay.example.org; spf=pass smtp.mailfrom=a@example.com", "X-Dummy: 1", []bool{false}, "does not name the receiver"},
		{"X-Dummy: 1", "Authentication-Results: mx.example.net; dkim=pass header.d=example.com", []bool{false}, "claims the receiver's authserv-id"},
		{"Authentication-Results: spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=example.com", "X-Dummy: 1", []bool{true}, "no authserv-id"},
	}
	for _, tt := range tests {
		raw := strings.Replace(strings.Replace(base, "%s", tt.above, 1), "%s", tt.below, 1)
		r := Check(t.Context(), Input{Message: message.Parse([]byte(raw))})
		if len(r.AuthenticationResults) != len(tt.trusted) {
			t.Fatalf("%q: %d entries", tt.above, len(r.AuthenticationResults))
		}
		e := r.AuthenticationResults[0]
		if e.Trusted != tt.trusted[0] || !strings.Contains(e.TrustReason, tt.reason) {
			t.Errorf("above %q below %q: trusted %v (%s), want %v containing %q", tt.above, tt.below, e.Trusted, e.TrustReason, tt.trusted[0], tt.reason)
		}
	}
}
