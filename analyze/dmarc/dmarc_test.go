package dmarc

import (
	"context"
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

func zone(t *testing.T) dns.Resolver {
	t.Helper()
	z, err := dns.LoadZones("../../testdata/authres/authres.zone")
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func msg(from string) *message.Message {
	return message.Parse([]byte(from + "To: bob@example.net\r\nSubject: hi\r\n\r\nbody\r\n"))
}

func sig(d string, v verdict.Result) *dkim.Result {
	return &dkim.Result{Kind: dkim.KindDKIM, Domain: d, Selector: "s1", Verdict: v}
}

func TestEvaluate(t *testing.T) {
	res := zone(t)
	tests := []struct {
		name     string
		from     string
		dkim     []*dkim.Result
		spf      *SPFInput
		want     verdict.Result
		policy   string // "p=reject"
		reason   string // substring
		fallback bool
	}{
		{"pass-dkim-relaxed", "From: Alice <alice@example.com>\r\n", []*dkim.Result{sig("mail.example.com", verdict.Pass)}, nil,
			verdict.Pass, "p=reject", "aligned pass from dkim (mail.example.com)", false},
		{"pass-spf", "From: alice@example.com\r\n", nil, &SPFInput{Result: verdict.Pass, Domain: "bounces.example.com"},
			verdict.Pass, "p=reject", "aligned pass from spf (bounces.example.com)", false},
		{"fail-unaligned-dkim", "From: alice@example.com\r\n", []*dkim.Result{sig("example.net", verdict.Pass)},
			&SPFInput{Result: verdict.Fail, Domain: "example.com"},
			verdict.Fail, "p=reject", "no DKIM signature both passed and aligned", false},
		{"fail-aligned-but-failed", "From: alice@example.com\r\n", []*dkim.Result{sig("example.com", verdict.Fail)}, nil,
			verdict.Fail, "p=reject", "no SPF result to align", false},
		{"fail-headers-only", "From: alice@example.com\r\n", []*dkim.Result{sig("example.com", verdict.Neutral)}, nil,
			verdict.Fail, "p=reject", "neutral only because no body was supplied", false},
		{"fail-strict", "From: alice@example.org\r\n", []*dkim.Result{sig("mail.example.org", verdict.Pass)}, nil,
			verdict.Fail, "p=quarantine", "with From example.org", false},
		{"pass-strict-identical", "From: alice@example.org\r\n", []*dkim.Result{sig("EXAMPLE.ORG", verdict.Pass)}, nil,
			verdict.Pass, "p=quarantine", "dkim (example.org)", false},
		{"fallback-org-sp", "From: news@news.example.com\r\n", nil, &SPFInput{Result: verdict.SoftFail, Domain: "example.com"},
			verdict.Fail, "sp=quarantine", "SPF did not both pass and align", true},
		{"none-no-record", "From: bob@mail.example.net\r\n", []*dkim.Result{sig("example.net", verdict.Pass)}, nil,
			verdict.None, "", "no DMARC record at _dmarc.mail.example.net nor at _dmarc.example.net", false},
		{"none-two-records", "From: x@two.example\r\n", nil, nil,
			verdict.None, "", "has 2 DMARC records", false},
		{"none-not-first", "From: x@notfirst.example\r\n", nil, nil,
			verdict.None, "", "no DMARC record", false},
		{"temperror", "From: x@servfail.example\r\n", nil, nil,
			verdict.TempError, "", "lookup at _dmarc.servfail.example failed (servfail", false},
		{"permerror-bad-p", "From: x@badp.example\r\n", nil, nil,
			verdict.PermError, "", "no valid p= and no valid rua=", false},
		{"rua-only-acts-as-none", "From: x@ruaonly.example\r\n", nil, nil,
			verdict.Fail, "p=none", "no DKIM signature", false},
		{"permerror-two-from", "From: a@example.com\r\nFrom: b@example.com\r\n", nil, nil,
			verdict.PermError, "", "has 2 From fields", false},
		{"permerror-two-domains", "From: a@example.com, b@example.org\r\n", nil, nil,
			verdict.PermError, "2 addresses in 2 domains", "2 addresses in 2 domains", false},
		{"permerror-no-from", "Sender: a@example.com\r\n", nil, nil,
			verdict.PermError, "", "no From field", false},
		{"permerror-unparseable", "From: <<<\r\n", nil, nil,
			verdict.PermError, "", "no address could be read", false},
		{"one-domain-two-addresses", "From: =?x-unknown?q?A?= <a@example.com>, b@EXAMPLE.com\r\n", []*dkim.Result{sig("example.com", verdict.Pass)}, nil,
			verdict.Pass, "p=reject", "aligned pass", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(context.Background(), res, msg(tt.from), tt.dkim, tt.spf)
			if r.Verdict != tt.want {
				t.Fatalf("Evaluate(%q) = %s (%s), want %s", tt.from, r.Verdict, r.Reason, tt.want)
			}
			if !strings.Contains(r.Reason, tt.reason) {
				t.Errorf("Evaluate(%q).Reason = %q, want it to contain %q", tt.from, r.Reason, tt.reason)
			}
			if tt.policy != "" && !strings.Contains(tt.policy, "addresses") {
				if got := r.PolicyTag + "=" + r.Policy.String(); got != tt.policy {
					t.Errorf("Evaluate(%q) policy = %s, want %s", tt.from, got, tt.policy)
				}
			}
			if r.Fallback != tt.fallback {
				t.Errorf("Evaluate(%q).Fallback = %v, want %v", tt.from, r.Fallback, tt.fallback)
			}
			if r.FromDomain != "" && len(r.DNS) == 0 {
				t.Errorf("Evaluate(%q) made no DNS lookup", tt.from)
			}
		})
	}
}

func TestEvaluateDisposition(t *testing.T) {
	r := Evaluate(context.Background(), zone(t), msg("From: a@example.org\r\n"), nil, &SPFInput{Result: verdict.Pass, Domain: "mail.example.org"})
	if r.Verdict != verdict.Fail {
		t.Fatalf("verdict = %s (%s), want fail", r.Verdict, r.Reason)
	}
	if !strings.Contains(r.Disposition, "pct=50: only 50% of failing messages get it, the rest get none") {
		t.Errorf("Disposition = %q", r.Disposition)
	}
	if len(r.Alignments) != 1 || r.Alignments[0].Aligned || !strings.Contains(r.Alignments[0].Reason, "relaxed would have aligned") {
		t.Errorf("Alignments = %+v", r.Alignments)
	}
}

// fixedOrg is an OrgDomainer that always answers one domain, to show the
// strategy is replaceable.
type fixedOrg struct{ org string }

func (f fixedOrg) OrgDomain(string) string { return f.org }
func (fixedOrg) Name() string              { return "fixed" }

func TestEvaluatorOrgDomainer(t *testing.T) {
	e := Evaluator{Org: fixedOrg{"example.com"}}
	r := e.Evaluate(context.Background(), zone(t), msg("From: a@deep.sub.example.org\r\n"), nil, nil)
	if r.RecordName != "_dmarc.example.com" || !r.Fallback || r.OrgMethod != "fixed" {
		t.Errorf("Evaluate with a fixed OrgDomainer: record %q fallback %v method %q", r.RecordName, r.Fallback, r.OrgMethod)
	}
}

func TestPublicSuffix(t *testing.T) {
	for in, want := range map[string]string{
		"mail.example.com":                  "example.com",
		"Example.COM.":                      "example.com",
		"a.b.example.co.uk":                 "example.co.uk",
		"mx.google.example":                 "google.example",
		"example":                           "example",
		"x.mail.protection.outlook.example": "outlook.example",
	} {
		if got := (PublicSuffix{}).OrgDomain(in); got != want {
			t.Errorf("OrgDomain(%q) = %q, want %q", in, got, want)
		}
	}
}
