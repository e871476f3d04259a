// Package conclusion puts the findings of one analysis together into the
// answer an analyst wants first: is this message from whom it says, and if
// not, why not. It is a pure function of an analyze.Report: it verifies
// nothing itself and makes no lookup, it only reads the DKIM (RFC 6376),
// ARC (RFC 8617), DMARC (RFC 7489), SPF (RFC 7208) and
// Authentication-Results (RFC 8601) findings and the receiving boundary of
// the Received chain (RFC 5321 section 4.4) that analyze computed.
//
// A Verdict is data: a Kind from a small closed set and the Evidence that
// decided it, each piece with a typed Cause and a Pointer to the finding
// that proves it. The words are written by render, in one function used by
// the text report, the JSON report and the TUI.
//
// The rules, in order (the first that applies decides), are documented as
// a table in README.md ("The verdict"):
//
//  1. an aligned DKIM pass, or an aligned SPF pass for the connection the
//     receiver recorded (RFC 7489 section 3.1): authentic, or authentic but
//     changed when the reader sees something the signature does not cover;
//  2. a valid ARC chain whose ARC-Authentication-Results record an aligned
//     pass for the From domain (RFC 8617 section 7.2): forwarded, the ARC
//     chain vouches;
//  3. a result that could still be a pass once DNS answers or the body is
//     supplied: cannot tell (offline, or DNS failed, or headers only);
//  4. evidence of forgery: a pass claim in the receiver's name below the
//     receiving boundary that the message itself proves wrong, a host or
//     signer that imitates the From domain, or a DMARC failure under
//     p=reject or p=quarantine with no signature of the From domain at all
//     and SPF evaluated: spoofed;
//  5. the From domain's own signature, with one half still matching: the
//     message was changed after signing (altered);
//  6. a pass claim in the receiver's name below the boundary that only
//     today's DNS contradicts, or a From domain built to look like
//     another (an IDN look-alike, analyze/dmarc's from_lookalike), even
//     one that authenticated itself: suspicious;
//  7. otherwise: unauthenticated.
//
// A missing or revoked key, a temperror or a lookup not made is never
// enough for spoofed, and nothing unverified is ever authentic.
package conclusion

import (
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Kind is the conclusion about one message.
type Kind int

// The kinds of conclusion, a closed set.
const (
	// Authentic: the From domain authenticated the message (aligned DKIM
	// pass, or aligned SPF pass) and nothing the reader sees is outside it.
	Authentic Kind = iota
	// AuthenticChanged: the From domain authenticated the message, but
	// part of what the reader sees is not covered: content after l=, an
	// unsigned copy of a shown field above the signed one, or an aligned
	// signature broken while SPF still aligns.
	AuthenticChanged
	// Forwarded: nothing aligned verifies now, but a valid ARC chain
	// vouches that an earlier hop saw an aligned pass (RFC 8617 section
	// 7.2); believe it as far as the sealers are trusted.
	Forwarded
	// Altered: the From domain's own signature is there and one of its
	// halves still matches, but the message was changed after signing and
	// nothing vouches for the change.
	Altered
	// Spoofed: the message is not from its From domain and there is
	// evidence of forgery.
	Spoofed
	// Suspicious: not authenticated, with signs that call for care but
	// prove no forgery; or authenticated for a From domain built to look
	// like another (an IDN look-alike), which says who sent it, not who
	// the reader takes it for.
	Suspicious
	// Unauthenticated: nothing proves who sent it, and nothing shows it
	// forged.
	Unauthenticated
	// CannotTellOffline: the answer depends on DNS lookups that were not
	// made (--offline).
	CannotTellOffline
	// CannotTell: the answer depends on DNS lookups that failed for now,
	// or on a body that was not supplied.
	CannotTell
)

var kindNames = [...]string{
	Authentic:         "authentic",
	AuthenticChanged:  "authentic-but-changed",
	Forwarded:         "forwarded-arc-vouches",
	Altered:           "altered",
	Spoofed:           "spoofed",
	Suspicious:        "suspicious",
	Unauthenticated:   "unauthenticated",
	CannotTellOffline: "cannot-tell-offline",
	CannotTell:        "cannot-tell",
}

// String returns the kind as written in JSON: "authentic", "spoofed", ...
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "unknown"
	}
	return kindNames[k]
}

// Kinds lists every kind, in declaration order.
func Kinds() []Kind {
	out := make([]Kind, len(kindNames))
	for i := range out {
		out[i] = Kind(i)
	}
	return out
}

// Cause says what one piece of evidence shows.
type Cause int

// The causes, each with the Evidence fields it uses.
const (
	// AlignedDKIMPass: signature Domain aligned with the From domain
	// verified (Pointer: the DKIM-Signature).
	AlignedDKIMPass Cause = iota
	// AlignedSPFPass: SPF passed for Domain, aligned, for the client IP
	// Host the receiver recorded (Pointer: SPF).
	AlignedSPFPass
	// Unchanged: the passing signature covers the whole body and the
	// shown fields (Pointer: the DKIM-Signature).
	Unchanged
	// UnsignedBody: Count bytes of body after l= are not signed.
	UnsignedBody
	// UnsignedCopy: the Field a mail client shows (Pointer: that field)
	// is an unsigned copy above the one signature Domain covers (RFC 6376
	// sections 5.4.2 and 8.15).
	UnsignedCopy
	// FieldNotSigned: the shown Field is not covered by signature Domain.
	FieldNotSigned
	// ContentNotSigned: only SPF authenticates the message; no aligned
	// signature covers the content.
	ContentNotSigned
	// AlignedDKIMBroken: the signature of Domain, aligned, fails; Part
	// says which half no longer matches ("body", "header", "body and
	// header") and Detail gives the verifier's reason.
	AlignedDKIMBroken
	// ARCVouches: ARC set Instance sealed by Domain records Method=pass for
	// Host (aligned with the From domain), and the chain validates.
	ARCVouches
	// DMARCFail: DMARC fails for the From domain Domain under Policy (p=
	// or sp=), with Count the pct=.
	DMARCFail
	// NoAlignedPass: nothing aligned with the From domain Domain verified.
	NoAlignedPass
	// NoDMARCPolicy: Domain publishes no DMARC policy (Detail says why).
	NoDMARCPolicy
	// FalseClaim: an Authentication-Results claim (Pointer: the entry and
	// claim) by Host, Method=Claimed, below the receiving boundary, which
	// headerscope's re-check contradicts with Result. Impersonates is set
	// when Host names the receiver, ByContent when the message itself
	// (a hash that differs) proves the claim wrong, not today's DNS.
	FalseClaim
	// Lookalike: Host, given as Field ("HELO", "reverse DNS", "DKIM d=",
	// "MAIL FROM"), imitates the From domain Domain.
	Lookalike
	// KeyUnavailable: the key of aligned signature Domain is gone or
	// revoked (Query, Outcome): it cannot be verified, which proves
	// nothing either way.
	KeyUnavailable
	// AlignedDKIMInvalid: aligned signature Domain is Result
	// (permerror, policy) for Detail.
	AlignedDKIMInvalid
	// BodyMissing: aligned signature Domain cannot be checked without the
	// body; its header half verifies when Part is "header".
	BodyMissing
	// NotLookedUp: the lookup Query for Method ("DKIM key", "SPF", "DMARC
	// policy", "ARC key") was not made (offline).
	NotLookedUp
	// LookupFailed: the lookup Query for Method failed for now (Outcome).
	LookupFailed
	// SPFNotEvaluated: SPF could not be evaluated (Detail says why).
	SPFNotEvaluated
	// SPFResult: SPF for the aligned Domain from client Host is Result.
	SPFResult
	// NoSignature: the message has no DKIM-Signature.
	NoSignature
	// UnalignedSignature: a signature of Domain verifies, but Domain does
	// not align with the From domain.
	UnalignedSignature
	// FromProblem: there is no single From domain (Detail says why).
	FromProblem
	// ARCChainFail: the ARC chain is Result (fail), so it vouches for
	// nothing (Pointer: the set at fault, Detail: why).
	ARCChainFail
	// TestingKey: the passing signature of Domain uses a key in testing
	// mode (t=y), which RFC 6376 section 3.6.1 asks verifiers to treat
	// like no signature.
	TestingKey
	// FromLookalike: the From domain Domain (A-labels), shown to the
	// reader as Host (Unicode), is built to pass for another domain;
	// Detail is the reason analyze/dmarc gives (from_lookalike in the
	// JSON): characters that only look like ASCII, mixed scripts, or a
	// confusable skeleton of a signer's or a much-phished domain.
	FromLookalike
)

var causeNames = [...]string{
	AlignedDKIMPass:    "aligned-dkim-pass",
	AlignedSPFPass:     "aligned-spf-pass",
	Unchanged:          "unchanged",
	UnsignedBody:       "unsigned-body",
	UnsignedCopy:       "unsigned-copy",
	FieldNotSigned:     "field-not-signed",
	ContentNotSigned:   "content-not-signed",
	AlignedDKIMBroken:  "aligned-dkim-broken",
	ARCVouches:         "arc-vouches",
	DMARCFail:          "dmarc-fail",
	NoAlignedPass:      "no-aligned-pass",
	NoDMARCPolicy:      "no-dmarc-policy",
	FalseClaim:         "false-claim",
	Lookalike:          "lookalike",
	KeyUnavailable:     "key-unavailable",
	AlignedDKIMInvalid: "aligned-dkim-invalid",
	BodyMissing:        "body-missing",
	NotLookedUp:        "not-looked-up",
	LookupFailed:       "lookup-failed",
	SPFNotEvaluated:    "spf-not-evaluated",
	SPFResult:          "spf-result",
	NoSignature:        "no-signature",
	UnalignedSignature: "unaligned-signature",
	FromProblem:        "from-problem",
	ARCChainFail:       "arc-chain-fail",
	TestingKey:         "testing-key",
	FromLookalike:      "from-lookalike",
}

// String returns the cause as written in JSON.
func (c Cause) String() string {
	if c < 0 || int(c) >= len(causeNames) {
		return "unknown"
	}
	return causeNames[c]
}

// Finding names the kind of finding a Pointer points at.
type Finding string

// The findings a pointer can name; the JSON report uses the same words.
const (
	FindingDKIM        Finding = "dkim"                   // Index: DKIM-Signature from 0, top first
	FindingARC         Finding = "arc"                    // Instance: ARC set i=, 0 for the chain
	FindingAuthRes     Finding = "authentication_results" // Index: entry, Claim: resinfo in it
	FindingDMARC       Finding = "dmarc"                  // the DMARC evaluation
	FindingSPF         Finding = "spf"                    // the SPF evaluation
	FindingReceived    Finding = "received"               // Index: hop from 0, top first
	FindingHeaderField Finding = "header"                 // Field, Line
)

// Pointer locates the finding that proves one piece of evidence. Index
// and Claim are -1 when they do not apply; Line is the message line of the
// field concerned, 0 when there is none.
type Pointer struct {
	Finding  Finding
	Index    int
	Claim    int
	Instance int
	Field    string
	Line     int
}

// Evidence is one fact the verdict rests on. Which fields are set depends
// on the Cause (see each constant).
type Evidence struct {
	Cause   Cause
	Pointer Pointer
	// Primary evidence belongs in the one-line summary; the rest is shown
	// under it.
	Primary bool

	Domain  string
	Host    string
	Field   string
	Method  string
	Claimed string
	Part    string
	Policy  string
	Query   string
	Result  verdict.Result
	Outcome dns.Outcome
	Count   int64
	// Impersonates is set on a FalseClaim whose authserv-id names the
	// receiver.
	Impersonates bool
	// ByContent is set on a FalseClaim contradicted by the message's own
	// bytes rather than by DNS answers that may have changed since.
	ByContent bool
	// ChangedBy, on ARCVouches when an aligned signature broke, is the
	// sealer of the hop that changed the message: the oldest set whose
	// ARC-Message-Signature still verifies (RFC 8617 section 5.2 step 5's
	// oldest-pass), or the vouching set itself when every AMS verifies
	// (it saw the pass, then changed the message and signed it).
	ChangedBy string
	// Detail is the analysis's own reason for the finding, for display.
	Detail string
	// Body, on AlignedDKIMBroken judged by its body hash alone, is what
	// is known of the mismatch (render words it after Detail).
	Body dkim.BodyCause
}

// Verdict is the conclusion about one message.
type Verdict struct {
	Kind Kind
	// FromDomain is the RFC5322.From domain judged, empty when there is
	// none.
	FromDomain string
	Evidence   []Evidence
}
