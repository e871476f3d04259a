// Package dmarc evaluates DMARC (RFC 7489) for one message, as a receiver
// would: it finds the single RFC5322.From domain (section 6.6.1), discovers
// the policy record at _dmarc.<domain> or at the Organizational Domain
// (section 6.6.3), parses it leniently (section 6.3), checks the
// identifier alignment of each DKIM and SPF result (section 3.1) and says
// which policy applies (p=, sp=, pct=). It reports the DNS path of every
// lookup, and returns RFC 8601 result words (pass, fail, none, temperror,
// permerror) with a reason that reads as a verdict.
//
// Data flow: analyze calls Evaluate with the message.Message, a
// dns.Resolver, the message's DKIM results and headerscope's own SPF
// result; Evaluate reads the From field (ReadFrom), looks up the policy
// record through the resolver and returns a Result holding the verdict,
// the alignment of each identifier and every dns.Trace. analyze stores it
// as Report.DMARC; recheck compares dmarc claims with it, render words it
// and conclusion weighs it. Nothing is printed and no other I/O is done.
package dmarc

import (
	"context"
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// SPFInput is the SPF outcome DMARC builds on (RFC 7489 section 4.2): the
// result and the domain SPF authenticated, the MAIL FROM domain or, when
// MAIL FROM was empty, the HELO domain.
type SPFInput struct {
	Result verdict.Result
	Domain string
	// Source says where the result comes from, for display: "re-evaluated
	// by headerscope", "claimed by mx.example.net".
	Source string
}

// Mode is how closely an identifier must match the From domain to align
// (RFC 7489 section 3.1): adkim= and aspf= choose it.
type Mode string

// The alignment modes of RFC 7489 section 3.1.
const (
	Relaxed Mode = "relaxed" // the Organizational Domains are the same (r, the default)
	Strict  Mode = "strict"  // the domains are identical (s)
)

// String returns the mode in words.
func (m Mode) String() string { return string(m) }

// Alignment is one authenticated identifier checked against the From
// domain (RFC 7489 section 3.1).
type Alignment struct {
	Method   string // "dkim" or "spf"
	Domain   string // d= or the SPF domain
	Selector string
	Result   verdict.Result // the DKIM or SPF result
	Mode     Mode           // Relaxed or Strict
	Aligned  bool
	// Pass is true when the identifier both authenticated and aligned:
	// that alone makes DMARC pass (RFC 7489 section 4.2).
	Pass   bool
	Reason string
}

// Result is the DMARC evaluation of one message.
type Result struct {
	Verdict verdict.Result
	Reason  string
	// FromDomain is the RFC5322.From domain; FromProblem says why there is
	// none (several From fields, several domains, unparseable).
	FromDomain  string
	FromProblem string
	// FromLenient says how a From field that is not valid RFC 5322 was
	// read; FromUnicode is the From domain as written when it is an
	// internationalized name (FromDomain is then its A-label form, the
	// one looked up), and FromLookalike says why it may imitate another
	// domain.
	FromLenient   string
	FromUnicode   string
	FromLookalike []string
	// OrgDomain is the From domain's Organizational Domain, found by
	// OrgMethod.
	OrgDomain string
	OrgMethod string
	// RecordName is where the record was found ("_dmarc.example.com"),
	// and Fallback is true when that is the Organizational Domain's.
	RecordName string
	Fallback   bool
	Record     *Record
	// Policy is the policy that applies to this message ("none",
	// "quarantine", "reject"), PolicyTag the tag it came from ("p" or
	// "sp") and Percent the pct= share of failing mail it applies to.
	Policy    Policy
	PolicyTag string
	Percent   int
	// Disposition says in words what a receiver following the record
	// does with this message.
	Disposition string
	Alignments  []Alignment
	DNS         []*dns.Trace
	Notes       []string
}

// Evaluator evaluates DMARC with a chosen Organizational Domain method.
type Evaluator struct {
	// Org finds Organizational Domains; nil means PublicSuffix.
	Org OrgDomainer
}

// Evaluate evaluates DMARC with the public suffix list (RFC 7489).
func Evaluate(ctx context.Context, res dns.Resolver, msg *message.Message, dkimResults []*dkim.Result, spf *SPFInput) *Result {
	return Evaluator{}.Evaluate(ctx, res, msg, dkimResults, spf)
}

// Evaluate evaluates DMARC for msg from its DKIM results and the SPF
// outcome (nil when SPF was not evaluated), looking the policy up with
// res.
func (e Evaluator) Evaluate(ctx context.Context, res dns.Resolver, msg *message.Message, dkimResults []*dkim.Result, spf *SPFInput) *Result {
	org := e.Org
	if org == nil {
		org = PublicSuffix{}
	}
	r := &Result{OrgMethod: org.Name()}
	var signers []string
	for _, d := range dkimResults {
		if d != nil && d.Domain != "" {
			signers = append(signers, d.Domain)
		}
	}
	f := ReadFrom(msg, signers)
	r.FromDomain, r.FromProblem, r.FromLenient = f.Domain, f.Problem, f.Lenient
	r.FromUnicode, r.FromLookalike = f.Unicode, f.Lookalike
	if r.FromDomain == "" {
		// RFC 7489 section 6.6.1 lets the receiver reject such a message
		// or apply no DMARC; there is no domain to look a policy up for,
		// so the finding is a permerror of the message, not of a record.
		r.Verdict, r.Reason = verdict.PermError, r.FromProblem
		return r
	}
	r.OrgDomain = org.OrgDomain(r.FromDomain)
	if !r.discover(ctx, res) {
		return r
	}
	r.align(org, dkimResults, spf)
	r.decide()
	return r
}

// discover finds and parses the policy record (RFC 7489 section 6.6.3),
// and reports whether evaluation can go on.
func (r *Result) discover(ctx context.Context, res dns.Resolver) bool {
	names := []string{r.FromDomain}
	if r.OrgDomain != r.FromDomain {
		names = append(names, r.OrgDomain)
	}
	var tried []string
	for i, d := range names {
		name := "_dmarc." + d
		tried = append(tried, name)
		t := res.Lookup(ctx, name, "TXT")
		r.DNS = append(r.DNS, t)
		if t.Outcome.Temporary() || t.Outcome == dns.TooMany {
			r.Verdict = verdict.TempError
			r.Reason = fmt.Sprintf("DMARC record lookup at %s failed (%s): the policy cannot be known now", name, describe(t))
			return false
		}
		var recs []string
		for _, rec := range t.TXT() {
			if IsDMARC(rec.Text()) {
				recs = append(recs, rec.Text())
			}
		}
		switch {
		case len(recs) > 1:
			// RFC 7489 section 6.6.3 step 5: several records end
			// discovery; DMARC is not applied.
			r.Verdict = verdict.None
			r.Reason = fmt.Sprintf("%s has %d DMARC records: with more than one, no DMARC policy applies (RFC 7489 section 6.6.3)", name, len(recs))
			return false
		case len(recs) == 1:
			r.RecordName, r.Fallback = name, i > 0
			rec, _ := ParseRecord(recs[0]) // IsDMARC made sure it parses
			r.Record = rec
			return r.checkRecord()
		}
	}
	r.Verdict = verdict.None
	r.Reason = fmt.Sprintf("no DMARC record at %s: the domain publishes no DMARC policy", strings.Join(tried, " nor at "))
	return false
}

// checkRecord applies RFC 7489 section 6.6.3 step 6 to a record without a
// valid p=.
func (r *Result) checkRecord() bool {
	rec := r.Record
	if rec.PolicyValid {
		return true
	}
	for _, u := range rec.AggregateURIs {
		if strings.HasPrefix(strings.ToLower(u), "mailto:") && strings.Contains(u, "@") {
			r.Notes = append(r.Notes, "the record has no valid p=, but a valid rua=: it is treated as p=none (RFC 7489 section 6.6.3)")
			rec.Policy = PolicyNone
			if rec.SubdomainPolicy == "" {
				rec.SubdomainPolicy = PolicyNone
			}
			return true
		}
	}
	r.Verdict = verdict.PermError
	r.Reason = fmt.Sprintf("the record at %s has no valid p= and no valid rua=: no DMARC policy applies (RFC 7489 section 6.6.3)", r.RecordName)
	return false
}

func describe(t *dns.Trace) string {
	if t.Detail != "" {
		return string(t.Outcome) + ": " + t.Detail
	}
	return string(t.Outcome)
}
