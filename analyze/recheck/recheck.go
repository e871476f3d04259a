// Package recheck re-checks the claims receivers wrote into a message:
// every Authentication-Results (RFC 8601), X-MS-Exchange-Authentication-
// Results and ARC-Authentication-Results (RFC 8617) entry. It decides
// which entries the receiver wrote and which could have come from the
// sender, and compares each claim with what headerscope computed itself:
// DKIM (RFC 6376, matched with RFC 6008's header.b), ARC, DMARC (RFC 7489)
// and SPF (RFC 7208). Where a DKIM claim disagrees it verifies again as of
// the arrival date, to tell a key revoked or a signature expired since
// from a claim that never held; an SPF claim written by another host is
// evaluated for the connection that host saw.
//
// Data flow: analyze.Analyze reads the Received chain (received.ReadChain)
// and calls Read with the parsed message.Message, that chain and the ARC
// verdict: Read parses the result fields (authres) and decides which the
// receiver wrote, without I/O. analyze then evaluates SPF for the
// receiving hop's connection from the trusted claims, and DMARC, and calls
// Check with those results and the DKIM ones; Check fills in each claim's
// Recheck. analyze stores the Result as Report.Claims for render and the
// TUI to show. This package never writes output and reaches DNS only
// through the resolver it is given.
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
	"github.com/headerscope/headerscope/analyze/received"
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

// Given is what headerscope computed itself, for Check to compare the
// claims with.
type Given struct {
	// DKIM holds the DKIM-Signature results, index i for the i-th field
	// from the top.
	DKIM []*dkim.Result
	// DMARC and SPF are the evaluations for the receiving hop's
	// connection; nil when not made.
	DMARC *dmarc.Result
	SPF   *spf.Result
	// Resolver answers the lookups of the re-checks that only a claim
	// asks for: SPF for the connection another host saw, DKIM as of the
	// arrival date. Nil means no lookups.
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

// Parsed returns the field as authres parsed it, with every property and
// comment of each claim.
func (e Entry) Parsed() *authres.Header { return e.parsed }

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

// Result is every result field of a message with who wrote it, and, once
// Check has run, headerscope's re-check of each claim.
type Result struct {
	AuthenticationResults []Entry
	// EntriesOmitted counts the result fields past MaxEntries, read (for
	// the trust decisions) but neither kept nor re-checked.
	EntriesOmitted int
	ReceivedSPF    []SPFField
	// AuthServIDs are the distinct authserv-ids seen, top first.
	AuthServIDs []string

	// what Read was given, for Check
	msg   *message.Message
	chain *received.Chain
	arc   ARCVerdict
}

// MaxEntries is how many Authentication-Results, X-MS-Exchange-
// Authentication-Results and ARC-Authentication-Results fields of one
// message are kept and re-checked, so that a message of a million such
// fields costs memory and time for MaxEntries of them.
const MaxEntries = 100

// Read parses every Authentication-Results, X-MS-Exchange-Authentication-
// Results, ARC-Authentication-Results and Received-SPF field of m and
// decides which the receiver wrote, from the Received chain (RFC 8601
// section 5) and, for ARC-Authentication-Results, the ARC verdict (RFC
// 8617 section 4.1.1). It does no I/O; the claims are not re-checked until
// Check runs.
func Read(m *message.Message, chain *received.Chain, arc ARCVerdict) *Result {
	if chain == nil {
		chain = received.ReadChain(m)
	}
	r := &Result{msg: m, chain: chain, arc: arc}
	r.collect(m, chain, arc)
	return r
}

// Check re-checks every claim Read found against the results in g. It
// never fails; what could not be re-checked says why.
func (r *Result) Check(ctx context.Context, g Given) {
	if g.Resolver == nil {
		g.Resolver = dns.Offline{}
	}
	c := &checker{in: g, res: r, spfCache: map[spf.Input]*spf.Result{}}
	if g.SPF != nil {
		// A claim about the receiving hop's connection asks what was
		// evaluated already.
		c.spfCache[g.SPF.Input] = g.SPF
	}
	for i := range r.AuthenticationResults {
		c.entry(ctx, &r.AuthenticationResults[i])
	}
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
