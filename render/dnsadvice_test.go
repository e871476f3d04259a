package render

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
)

// TestDNSAdvice checks that the advice on a failed lookup is worded once,
// here, for each reader: a report names the flags of `headerscope report`,
// the TUI its keys, and neither gives advice when nothing would help.
func TestDNSAdvice(t *testing.T) {
	report, tui := NewStyles(false), NewStyles(false)
	tui.Interactive = true
	tests := []struct {
		cause       dns.Cause
		report, tui string
	}{
		{dns.CauseTimeout, "try again or use --resolver", "start headerscope with --resolver ADDR"},
		{dns.CauseUnusable, "try again or use --resolver", "start headerscope with --resolver ADDR"},
		{dns.CauseServFail, "try again later or use --resolver", "try again in a new session"},
		{dns.CauseRefused, "use --resolver to pick another resolver", "start headerscope with --resolver ADDR"},
		{dns.CauseOddRcode, "try again or use --resolver", "start headerscope with --resolver ADDR"},
		{dns.CauseOffline, "give --dns-zone FILE, or leave out --offline", "L looks keys up live"},
		{dns.CauseLimit, "raise the limit with --max-lookups", "headerscope report --max-lookups allows more than 64"},
		{dns.CauseTimeUp, "raise it with --timeout", "headerscope report --timeout allows more than 30s"},
	}
	for _, tt := range tests {
		f := &dns.Failure{Cause: tt.cause, Limit: 64, Wait: 30 * time.Second}
		if got := DNSAdvice(f, report); !strings.Contains(got, tt.report) {
			t.Errorf("DNSAdvice(%s, report) = %q, want it to say %q", tt.cause, got, tt.report)
		}
		got := DNSAdvice(f, tui)
		if !strings.Contains(got, tt.tui) {
			t.Errorf("DNSAdvice(%s, TUI) = %q, want it to say %q", tt.cause, got, tt.tui)
		}
		if strings.Contains(got, "--offline") {
			t.Errorf("DNSAdvice(%s, TUI) = %q: the TUI goes live with L, not by leaving out a flag", tt.cause, got)
		}
	}
	if got := DNSAdvice(nil, report); got != "" {
		t.Errorf("DNSAdvice(nil) = %q, want none", got)
	}
	if got := DNSAdvice(&dns.Failure{Cause: "unknown"}, report); got != "" {
		t.Errorf("DNSAdvice(unknown cause) = %q, want none", got)
	}
}

// TestDNSDetailEverywhere checks that the text trace, the JSON "detail" of a
// lookup and the TUI's trace all show DNSDetail: the fact from analyze and
// the advice for their reader.
func TestDNSDetailEverywhere(t *testing.T) {
	tr := &dns.Trace{Query: "sel._domainkey.example.com", Type: "TXT", Server: "192.0.2.53:53", Rcode: "SERVFAIL",
		Outcome: dns.ServFail, Detail: "192.0.2.53:53 answered SERVFAIL for sel._domainkey.example.com",
		Failure: &dns.Failure{Cause: dns.CauseServFail, Server: "192.0.2.53:53", Name: "sel._domainkey.example.com", Type: "TXT"}}
	report, tui := NewStyles(false), NewStyles(false)
	tui.Interactive = true
	want := tr.Detail + "; try again later or use --resolver"
	if got := DNSDetail(tr, report); got != want {
		t.Errorf("DNSDetail(report) = %q, want %q", got, want)
	}
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if got := words(DNSTrace(tr, report, 300)); !strings.Contains(got, want) {
		t.Errorf("DNSTrace(report) = %q, want it to contain %q", got, want)
	}
	if got, w := words(DNSTrace(tr, tui, 300)), DNSDetail(tr, tui); !strings.Contains(got, w) || strings.Contains(got, "try again later or use --resolver") {
		t.Errorf("DNSTrace(TUI) = %q, want it to contain %q and not the report's advice", got, w)
	}
	var j struct {
		Detail string `json:"detail"`
	}
	b, err := json.Marshal(dnsJSON(tr))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &j); err != nil || j.Detail != want {
		t.Errorf("JSON detail = %q (%v), want %q", j.Detail, err, want)
	}
}
