// Package recheck re-checks the claims receivers wrote into a message:
// every Authentication-Results (RFC 8601), X-MS-Exchange-Authentication-
// Results and ARC-Authentication-Results (RFC 8617) entry. It reads the
// Received chain (RFC 5321 section 4.4) to find where the message entered
// the receiver and from which IP, decides which entries the receiver wrote
// and which could have come from the sender, and compares each claim with
// what headerscope computes itself: DKIM (RFC 6376, matched with RFC 6008's
// header.b), ARC, DMARC (RFC 7489) and SPF (RFC 7208). Where a DKIM claim
// disagrees it verifies again as of the arrival date, to tell a key
// revoked or a signature expired since from a claim that never held.
//
// Data flow: analyze.Analyze calls Check once per message with an Input
// holding the parsed message.Message, the DKIM and ARC results it has
// already computed and a dns.Resolver. Check parses the Received chain
// (received), the result fields (authres), evaluates SPF (spf) and DMARC
// (dmarc) through that resolver, and returns a Result, which analyze
// stores as Report.Claims for render and the TUI to show. It never writes
// output and reaches DNS only through the resolver it is given.
package recheck

import (
	"context"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/spf"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// ARCVerdict is the ARC chain verdict headerscope computed (RFC 8617
// section 5.2), passed in plainly so that this package does not depend on
// the ARC validator. An empty Result means the chain was not validated.
type ARCVerdict struct {
	Result verdict.Result
	Reason string
	// SeenBy returns the status the hop that added ARC set i could have
	// computed (the chain of sets 1 to i-1), empty when that cannot be
	// known; nil when the chain was not validated.
	SeenBy func(i int) (verdict.Result, string)
	// AuthServIDs holds the authserv-id of each set's ARC-Authentication-
	// Results, by instance from 1.
	AuthServIDs []string
}

// Input is what Check needs.
type Input struct {
	Message *message.Message
	// DKIM holds the DKIM-Signature results, index i for the i-th field
	// from the top, as analyze computed them.
	DKIM     []*dkim.Result
	ARC      ARCVerdict
	Resolver dns.Resolver
	// Verifier is the verifier the DKIM results came from; re-checks as of
	// the arrival date reuse its body hashes. Nil makes a new one.
	Verifier *dkim.Verifier
	// Now is the clock the DKIM results were judged against.
	Now time.Time
}

// Recheck is headerscope's own result for one claim.
type Recheck struct {
	// Result is what headerscope found; empty when not re-checked.
	Result verdict.Result
	// Status is "agrees", "disagrees" or "not-rechecked".
	Status string
	// Reason reads as a verdict: "claimed pass, re-verified fail: body
	// hash mismatch", or why the claim was not re-checked.
	Reason string
	// DKIMIndex is the DKIM-Signature the claim was matched to (from 0,
	// top first), for a dkim claim.
	DKIMIndex *int
	// AsOfArrival is the verification again at the arrival date, made
	// when a DKIM claim of pass disagrees with today's result.
	AsOfArrival *TimeTravel
}

// The statuses of a Recheck.
const (
	Agrees       = "agrees"
	Disagrees    = "disagrees"
	NotRechecked = "not-rechecked"
)

// TimeTravel is a DKIM verification as of the arrival date.
type TimeTravel struct {
	When   time.Time
	Result verdict.Result
	// Conclusion says which it was: "passed as of ... when received: the
	// signature has since expired", or "fails even as of arrival: ...".
	Conclusion string
}

// Claim is one resinfo of an entry with headerscope's re-check.
type Claim struct {
	Method     string
	Result     string
	Reason     string
	Properties map[string]string
	// Explanation says what the method and its result mean, with RFCs.
	Explanation string
	Recheck     Recheck
	Raw         string
}

// Entry is one Authentication-Results, X-MS-Exchange-Authentication-
// Results or ARC-Authentication-Results field.
type Entry struct {
	Field      string
	AuthServID string
	// Instance is the ARC instance (i=) of an ARC-Authentication-Results.
	Instance int
	// Position is the field's index in the header, from 0 at the top, and
	// Line its first line.
	Position    int
	Line        int
	Trusted     bool
	TrustReason string
	Results     []Claim
	// Omitted counts the claims of the field past authres.MaxKept, read
	// but neither kept nor re-checked.
	Omitted  int
	Problems []authres.Problem
	// Decoded is true when the field was RFC 2047-encoded as a whole
	// (Microsoft 365) and was decoded to be read.
	Decoded bool
	Raw     string
	parsed  *authres.Header // for the re-checks
	// namesReceiver and below record what trust decided from: whether
	// the authserv-id names the receiver, and whether the field sits
	// below the receiving boundary (see ClaimsReceiver, BelowBoundary).
	namesReceiver, below bool
}

// ClaimsReceiver reports whether the entry's authserv-id names the
// receiver (its by-host or Organizational Domain). An untrusted entry
// that does claims a name it could not have been written under.
func (e Entry) ClaimsReceiver() bool { return e.namesReceiver }

// BelowBoundary reports whether the entry sits below the receiving hop's
// Received field: it arrived with the message, written before the
// receiver saw it.
func (e Entry) BelowBoundary() bool { return e.below }

// SPFField is one Received-SPF field (RFC 7208 section 9.1).
type SPFField struct {
	Position int
	Line     int
	Trusted  bool
	Parsed   *authres.ReceivedSPF
}

// Result is everything Check found.
type Result struct {
	AuthenticationResults []Entry
	// EntriesOmitted counts the result fields past MaxEntries, read (for
	// the trust decisions) but neither kept nor re-checked.
	EntriesOmitted int
	ReceivedSPF    []SPFField
	// AuthServIDs are the distinct authserv-ids seen, top first.
	AuthServIDs []string
	Received    []Hop
	Receiving   Receiving
	// DMARC and SPF are headerscope's own evaluations for the receiving
	// hop's connection.
	DMARC *dmarc.Result
	SPF   *spf.Result
}

// MaxEntries is how many Authentication-Results, X-MS-Exchange-
// Authentication-Results and ARC-Authentication-Results fields of one
// message are kept and re-checked, so that a message of a million such
// fields costs memory and time for MaxEntries of them.
const MaxEntries = 100

// Check re-checks every claim in in.Message. It never fails; what could
// not be re-checked says why.
func Check(ctx context.Context, in Input) *Result {
	if in.Resolver == nil {
		in.Resolver = dns.Offline{}
	}
	m := in.Message
	r := &Result{}
	r.Received = hops(m)
	r.Receiving = receiving(m, r.Received)
	end := receiverBlockEnd(m, r.Received, r.Receiving)
	names := receiverNames(r.Received, r.Receiving)
	r.collect(m, end, names, in.ARC)
	c := &checker{in: in, res: r, spfCache: map[spf.Input]*spf.Result{}}
	r.SPF = c.receiverSPF(ctx)
	var spfIn *dmarc.SPFInput
	if r.SPF != nil && r.SPF.Identity != "" {
		spfIn = &dmarc.SPFInput{Result: r.SPF.Verdict, Domain: r.SPF.Domain, Source: "re-evaluated by headerscope"}
	}
	r.DMARC = dmarc.Evaluate(ctx, in.Resolver, m, in.DKIM, spfIn)
	for i := range r.AuthenticationResults {
		c.entry(ctx, &r.AuthenticationResults[i])
	}
	return r
}

// isField reports whether name is one of names, ignoring case.
func isField(name string, names ...string) bool {
	for _, n := range names {
		if strings.EqualFold(name, n) {
			return true
		}
	}
	return false
}
