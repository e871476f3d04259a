package authres

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestParseWild: Authentication-Results as real receivers write them,
// beside RFC 8601: each is read, with no problem reported.
func TestParseWild(t *testing.T) {
	enc := func(s string) string {
		// Microsoft 365 splits the encoded value into words of 45 bytes.
		var parts []string
		for len(s) > 0 {
			n := min(45, len(s))
			parts = append(parts, "=?utf-8?B?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
			s = s[n:]
		}
		return " " + strings.Join(parts, "\r\n ")
	}
	tests := []struct {
		name, in, want string
		decoded        bool
	}{
		{"whole field RFC 2047-encoded (Microsoft 365)",
			enc("spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.com; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=bücher.example;"),
			"result spf=pass\n  comment \"sender IP is 192.0.2.1\"\n  prop smtp.mailfrom \"example.com\"\nresult dkim=none\n  comment \"message not signed\"\n  prop header.d \"none\"\nresult dmarc=none\n  prop action \"none\"\n  prop header.from \"bücher.example\"\n", true},
		{"empty values",
			"mx.example.net; spf=none smtp.mailfrom=; dmarc=none header.from=;",
			"id \"mx.example.net\"\nresult spf=none\n  prop smtp.mailfrom \"\"\nresult dmarc=none\n  prop header.from \"\"\n", false},
		{"Yahoo's from= before each result, no \";\" after the id",
			"mta1.mail.example.com  from=example.com; domainkeys=neutral (no sig);  from=example.com; dkim=pass (ok)",
			"id \"mta1.mail.example.com\"\nresult domainkeys=neutral\n  comment \"no sig\"\n  prop header.from \"example.com\"\nresult dkim=pass\n  comment \"ok\"\n  prop header.from \"example.com\"\n", false},
		{"Amazon SES's Received-SPF keys as results",
			"amazonses.com;\r\n spf=pass (spfCheck: domain of example.net designates 192.0.2.5 as permitted sender) client-ip=192.0.2.5; envelope-from=postmaster@example.net; helo=mx.example.net;",
			"id \"amazonses.com\"\nresult spf=pass\n  comment \"spfCheck: domain of example.net designates 192.0.2.5 as permitted sender\"\n  prop client-ip \"192.0.2.5\"\n  prop envelope-from \"postmaster@example.net\"\n  prop helo \"mx.example.net\"\n", false},
		{"a propspec on its own after a result",
			"mx.example.net; iprev=pass policy.iprev=192.0.2.9; smtp.remote-ip=192.0.2.9",
			"id \"mx.example.net\"\nresult iprev=pass\n  prop policy.iprev \"192.0.2.9\"\n  prop smtp.remote-ip \"192.0.2.9\"\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Parse(tt.in)
			checkHeader(t, tt.in, h)
			if len(h.Problems) > 0 || h.Decoded != tt.decoded {
				t.Errorf("Parse(%q): problems %v, decoded %v; want none, %v", tt.in, h.Problems, h.Decoded, tt.decoded)
			}
			if got := summarize(0, false, h); got != tt.want {
				t.Errorf("Parse(%q) results:\n%s\nwant\n%s", tt.in, got, tt.want)
			}
		})
	}
}
