package dmarc

import (
	"strings"
	"testing"
)

// TestReadFrom: DMARC finds the RFC5322.From domain whenever a receiver
// would (RFC 7489 section 6.6.1), says when it had to be lenient, and
// never shows a library's error text.
func TestReadFrom(t *testing.T) {
	tests := []struct {
		from    string
		domain  string
		lenient string // substring of From.Lenient; "" means strict
		problem string // substring of From.Problem
	}{
		{"From: Alice <alice@example.com>", "example.com", "", ""},
		{"From: alice@example.com (Alice)", "example.com", "", ""},
		{"From: Alice <alice@Example.COM.>", "example.com", "final dot", ""},
		{"From: Name <a@b.example >", "b.example", "white space inside the angle brackets", ""},
		{"From: Team, Other <a@b.example>", "b.example", "unquoted comma in the display name", ""},
		{"From: Account team ,_<a@b.example>", "b.example", "unquoted comma", ""},
		{"From: Brand.Example Security <a@b.example>", "b.example", "", ""}, // obs-phrase
		{"From: Name@Example <a@b.example>", "b.example", "special characters", ""},
		{"From: \"Name \"<\"a@b.example\">", "b.example", "quoted inside the angle brackets", ""},
		{"From: Name, <a@b.example.>, <a@b.example>", "b.example", "unquoted comma", ""},
		{"From: Name <@route.example:a@b.example>", "b.example", "source route", ""},
		{"From: =?UTF-8?B?QWxpY2U=?= , <a@b.example>", "b.example", "unquoted comma", ""},
		{"From: a@b.example, c@d.example", "", "", "2 domains"},
		{"From: Name <>", "", "empty address", "empty address"},
		{"From: Mail Delivery Subsystem <MAILER-DAEMON>", "", "without a domain", "has no domain"},
		{"From: Name,(<a@b.example>)", "", "only a comment", "no address could be read"},
		{"From: Name <a@%b.example>", "%b.example", "not a valid host name", ""},
		{"From: Name <a@b..example>", "", "", "not a domain name DNS can be asked about"},
		{"From: GLS. <a@b-example,com>", "b-example", "never closed", ""},
		{"To: x@y.example", "", "", "no From field"},
	}
	for _, tt := range tests {
		f := ReadFrom(msg(tt.from+"\r\n"), nil)
		if f.Domain != tt.domain {
			t.Errorf("ReadFrom(%q) domain = %q, want %q (problem %q)", tt.from, f.Domain, tt.domain, f.Problem)
		}
		if tt.lenient == "" && tt.problem == "" && f.Lenient != "" {
			t.Errorf("ReadFrom(%q) lenient = %q, want a strict read", tt.from, f.Lenient)
		}
		if tt.lenient != "" && !strings.Contains(f.Lenient, tt.lenient) {
			t.Errorf("ReadFrom(%q) lenient = %q, want it to say %q", tt.from, f.Lenient, tt.lenient)
		}
		if !strings.Contains(f.Problem, tt.problem) || (tt.problem == "") != (f.Problem == "") {
			t.Errorf("ReadFrom(%q) problem = %q, want %q", tt.from, f.Problem, tt.problem)
		}
		for _, s := range []string{f.Problem, f.Lenient} {
			if strings.Contains(s, "mail: ") {
				t.Errorf("ReadFrom(%q) shows net/mail's error text: %q", tt.from, s)
			}
		}
	}
}

// TestReadFromIDN: an internationalized From domain is looked up as its
// A-label, both forms are kept, and look-alikes are flagged.
func TestReadFromIDN(t *testing.T) {
	tests := []struct {
		from, domain, unicode string
		signers               []string
		lookalike             string // substring of one Lookalike entry; "" means none
	}{
		{"From: a@bücher.example", "xn--bcher-kva.example", "bücher.example", nil, ""},
		{"From: a@xn--bcher-kva.example", "xn--bcher-kva.example", "bücher.example", nil, ""},
		{"From: a@𝐚𝐨𝐤.𝐝𝐞", "aok.de", "𝐚𝐨𝐤.𝐝𝐞", nil, "only look like ASCII"},
		{"From: a@pаypal.com", "xn--pypal-4ve.com", "pаypal.com", nil, "mixes Latin and Cyrillic"},
		{"From: a@аррӏе.com", "xn--80ak6aa92e.com", "аррӏе.com", nil, "looks like apple.com"},
		{"From: a@bаnk.example", "xn--bnk-6cd.example", "bаnk.example", []string{"bank.example"}, "looks like bank.example"},
		{"From: a@例え.jp", "xn--r8jz45g.jp", "例え.jp", nil, ""},
	}
	for _, tt := range tests {
		f := ReadFrom(msg(tt.from+"\r\n"), tt.signers)
		if f.Domain != tt.domain || f.Unicode != tt.unicode {
			t.Errorf("ReadFrom(%q) = %q (%q), want %q (%q); problem %q", tt.from, f.Domain, f.Unicode, tt.domain, tt.unicode, f.Problem)
		}
		got := strings.Join(f.Lookalike, "; ")
		if (tt.lookalike == "") != (got == "") || !strings.Contains(got, tt.lookalike) {
			t.Errorf("ReadFrom(%q) lookalike = %q, want %q", tt.from, got, tt.lookalike)
		}
	}
}

func FuzzLenientList(f *testing.F) {
	for _, s := range []string{"Name <a@b.example >", "A, B <a@b>", `"x"<"a@b">`, "(c) <a@b", "a@b, (<c@d>)", `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		addrs, _ := lenientList(s)
		for _, a := range addrs {
			if len(a) > len(s) {
				t.Errorf("lenientList(%q) read %q, longer than the input", s, a)
			}
		}
	})
}
