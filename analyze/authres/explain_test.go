package authres

import (
	"strings"
	"testing"
)

func TestExplainMethod(t *testing.T) {
	tests := []struct{ method, section, contains string }{
		{"dkim", "RFC 8601 section 2.7.1", "DKIM-Signature"},
		{"SPF", "RFC 8601 section 2.7.2", "SPF record"},
		{"dmarc", "RFC 7489 section 11.2", "aligned"},
		{"arc", "RFC 8617 section 4.4", "Authenticated Received Chain"},
		{"iprev", "RFC 8601 section 3", "reverse"},
		{"compauth", "Microsoft 365 anti-spam message headers", "Microsoft"},
		{"x-aligned-from", "RFC 8601 section 2.7.6", "private extension"},
		{"frobnicate", "RFC 8601 section 6", "unregistered"},
	}
	for _, tt := range tests {
		text, sec := ExplainMethod(tt.method)
		if sec != tt.section || !strings.Contains(text, tt.contains) {
			t.Errorf("ExplainMethod(%q) = %q, %q; want section %q and text containing %q", tt.method, text, sec, tt.section, tt.contains)
		}
	}
	// Every method the package knows explains itself and its words.
	for m, info := range methods {
		if info.text == "" || info.section == "" {
			t.Errorf("method %q has no explanation", m)
		}
		for r, e := range info.results {
			if e.text == "" || e.section == "" || r != strings.ToLower(r) {
				t.Errorf("method %q result %q: %+v", m, r, e)
			}
		}
	}
}

func TestExplainResult(t *testing.T) {
	tests := []struct{ method, result, section, contains string }{
		{"dkim", "policy", "RFC 8601 section 2.7.1", "not acceptable"},
		{"spf", "softfail", "RFC 7208 section 8.5", "probably not"},
		{"spf", "hardfail", "RFC 8601 section 2.7.2", "deprecated"},
		{"dmarc", "PASS", "RFC 7489 section 11.2", "aligned"},
		{"arc", "fail", "RFC 8617 section 4.4", "broken"},
		{"dmarc", "softfail", "RFC 8601 section 2.7.2", "Not a result defined for dmarc"},
		{"dkim", "bogus", "RFC 8601 section 2.7.1", "Not a result defined for dkim"},
		{"x-custom", "pass", "RFC 8601 section 2.7", "succeeded"},
		{"x-custom", "clean", "RFC 8601 section 2.7.7", "Not a registered result"},
		{"rrvs", "unknown", "RFC 7293", "could not tell"},
	}
	for _, tt := range tests {
		text, sec := ExplainResult(tt.method, tt.result)
		if sec != tt.section || !strings.Contains(text, tt.contains) {
			t.Errorf("ExplainResult(%q, %q) = %q, %q; want section %q and text containing %q", tt.method, tt.result, text, sec, tt.section, tt.contains)
		}
	}
}

func TestExplainProperty(t *testing.T) {
	tests := []struct{ method, ptype, prop, section, contains string }{
		{"", "smtp", "mailfrom", "RFC 8601 section 2.7.2", "MAIL FROM"},
		{"auth", "smtp", "mailfrom", "RFC 8601 section 2.7.4", "AUTH="},
		{"", "header", "b", "RFC 6008 section 4", "signature"},
		{"", "Header", "Oldest-Pass", "RFC 8617 section 5.2", "oldest"},
		{"", "policy", "published-domain-policy", "RFC 8601 section 2.4", "local policy"},
		{"", "header", "x-foo", "RFC 8601 section 2.3", "private extension"},
		{"", "", "action", "Microsoft 365 anti-spam message headers", "DMARC action"},
		{"", "", "x-bits", "RFC 8601 section 2.2", "without a ptype"},
		{"", "weird", "thing", "RFC 8601 section 2.3", "unregistered"},
		{"dkim-atps", "header", "from", "RFC 6541", "ATPS"},
	}
	for _, tt := range tests {
		text, sec := ExplainMethodProperty(tt.method, tt.ptype, tt.prop)
		if sec != tt.section || !strings.Contains(text, tt.contains) {
			t.Errorf("ExplainMethodProperty(%q, %q, %q) = %q, %q; want section %q and text containing %q", tt.method, tt.ptype, tt.prop, text, sec, tt.section, tt.contains)
		}
	}
}
