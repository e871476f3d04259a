// Package arc validates the Authenticated Received Chain of a message as a
// receiver does (RFC 8617 section 5.2) and keeps, as data, everything an
// explanation needs: each ARC set grouped by instance, the structural rules
// it broke (RFC 8617 sections 4 and 5.1.1), each ARC-Message-Signature
// verified by the DKIM engine (RFC 6376, RFC 8301), each ARC-Seal with the
// header fields fed to its hash, the computed and signed hashes and its key
// lookup, what each hop's ARC-Authentication-Results claimed (RFC 8601), and
// the oldest-pass value.
//
// Validate never fails: a chain it cannot make sense of is a chain result
// of fail with the reason and the instance at fault, and every set that can
// be read is still reported.
package arc

import (
	"time"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// MaxSets is the most ARC sets a message may carry (RFC 8617 section
// 4.2.1 and 5.2 step 1).
const MaxSets = authres.MaxInstance

// Header field names of the three members of an ARC set (RFC 8617 section
// 4.1).
const (
	SealField    = "ARC-Seal"
	AMSField     = "ARC-Message-Signature"
	AARField     = "ARC-Authentication-Results"
	sealShort    = "AS"
	amsShort     = "AMS"
	aarShort     = "AAR"
	chainSection = "RFC 8617 section 5.2"
)

// Result is the validation of a message's ARC chain.
type Result struct {
	// Verdict is none (no ARC field at all), pass or fail: the chain
	// validation status of RFC 8617 section 5.2. It is neutral in one case
	// the RFC does not foresee: pasted headers whose seals verify and whose
	// newest AMS signs the header, but whose body is not there to check.
	Verdict verdict.Result
	// Reason says why, naming the instance and member at fault.
	Reason string
	// FailedInstance is the instance of the set that made the chain fail,
	// 0 when the chain did not fail or no single set is to blame.
	FailedInstance int
	// OldestPass is the oldest-pass value of RFC 8617 section 5.2 step 5:
	// the lowest instance from which every ARC-Message-Signature up to the
	// newest still validates, or 0 when all of them do. It is computed only
	// when the chain passes; otherwise it is 0 and means nothing.
	OldestPass int
	// Sets are the ARC sets by instance, oldest (i=1) first. A set whose
	// members are missing has nil in their place.
	Sets []*Set
	// Problems lists every structural fault found, in the order of the
	// header, including those that did not decide the verdict.
	Problems []Problem
}

// CVStatus is the chain validation status a hop recorded in its seal's cv=
// (RFC 8617 section 4.1.3, 5.1.1): what it found the chain before it to be.
type CVStatus string

// The chain validation statuses of RFC 8617 section 4.1.3.
const (
	CVNone CVStatus = "none" // the hop received no chain: only set i=1
	CVPass CVStatus = "pass" // the chain the hop received validated
	CVFail CVStatus = "fail" // it did not; the chain is failed from then on
)

// String returns the status as cv= writes it.
func (c CVStatus) String() string { return string(c) }

// Set is one ARC set: the three header fields a hop added, sharing an
// instance number (RFC 8617 section 4.1).
type Set struct {
	Instance int
	// CV is the cv= of the seal, lower case, as written ("none", "pass",
	// "fail"), or empty when there is no readable seal.
	CV               CVStatus
	Seal             *Seal
	MessageSignature *dkim.Result
	AAR              *AAR
}

// Seal is one ARC-Seal field and its verification (RFC 8617 section
// 4.1.3 and 5.1.1).
type Seal struct {
	Verdict verdict.Result
	Reason  string
	// Line is the field's line in the message and Field its raw text.
	Line  int
	Field string
	// Instance is i=, 0 when unreadable.
	Instance int
	// CV is cv= in lower case, empty when missing.
	CV        CVStatus
	Domain    string // d=
	Selector  string // s=
	Algorithm string
	Timestamp *time.Time // t=
	// TagReader holds the tags as written, with meanings and RFC
	// sections, the notes on them and the problems that make the seal
	// unverifiable (Fatal).
	dkim.TagReader
	// Header is the hash input of the seal: in Fields, every ARC field of
	// the sets 1 to this one in the order hashed (AAR, AMS, AS of each
	// set), with SignedField.Instance holding the ARC instance the field
	// belongs to; in Signature, this seal with b= emptied. Canonicalization
	// is always relaxed (RFC 8617 section 5.1.1).
	Header dkim.HeaderCheck
	Key    *dkim.Key
	DNS    *dns.Trace

	b    []byte
	hash string // "sha256"
	kind string // key type: "rsa", "ed25519"
}

// AAR is one ARC-Authentication-Results field: what a hop concluded about
// the message when it received it (RFC 8617 section 4.1.1).
type AAR struct {
	Line int
	Raw  string
	// Instance is the i= prefix, 0 when unreadable.
	Instance int
	// AuthServID names the hop that wrote the results (RFC 8601 section
	// 2.5).
	AuthServID string
	// Value is the field value after the colon, unfolded for display.
	Value string
	// Parsed is the Authentication-Results payload: each method, result
	// and property the hop recorded.
	Parsed *authres.Header
}

// Problem is one structural fault of the chain.
type Problem struct {
	// Instance is the set concerned, 0 when the field has no usable
	// instance.
	Instance int
	// Field is the header field name ("ARC-Seal") and Line its line, when
	// the problem is about one field.
	Field string
	Line  int
	Text  string
}

func (p Problem) String() string { return p.Text }
