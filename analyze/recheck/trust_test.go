package recheck_test

import (
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/recheck"
)

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
	tests = append(tests, struct {
		above, below string
		trusted      []bool
		reason       string
	}{"X-Dummy: 1", "X-Dummy: 2\r\nAuthentication-Results: spoof.example.com; spf=pass smtp.mailfrom=a@example.com", []bool{false}, "below the receiving hop's Received field"})
	for _, tt := range tests {
		raw := strings.Replace(strings.Replace(base, "%s", tt.above, 1), "%s", tt.below, 1)
		r := recheck.Read(message.Parse([]byte(raw)), nil, recheck.ARCVerdict{})
		if len(r.AuthenticationResults) != len(tt.trusted) {
			t.Fatalf("%q: %d entries", tt.above, len(r.AuthenticationResults))
		}
		e := r.AuthenticationResults[0]
		if e.Trusted != tt.trusted[0] || !strings.Contains(e.TrustReason, tt.reason) {
			t.Errorf("above %q below %q: trusted %v (%s), want %v containing %q", tt.above, tt.below, e.Trusted, e.TrustReason, tt.trusted[0], tt.reason)
		}
	}
}
