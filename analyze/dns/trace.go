// Package dns answers the DNS questions that DKIM (RFC 6376 section 3.6.2),
// ARC (RFC 8617), DMARC (RFC 7489) and SPF (RFC 7208) verification asks,
// and keeps, as data, the whole path of each answer: the query name, every
// CNAME hop, the server asked, the rcode, the AD bit, the time taken and each
// record with its TXT character-strings kept apart, so that a user can be
// shown why a key was or was not found.
//
// Three resolvers implement the Resolver interface: Live (a real stub
// resolver on github.com/miekg/dns), Zone (answers from an RFC 1035 zone
// file, for offline and training use) and Offline (makes no query at all).
// Two wrappers shape the work of one message: Cache asks each question
// once, and NewLimited bounds how many lookups a message may cause.
//
// Live and Zone answer alike, as a recursive resolver would: names follow
// RFC 1035 section 2.3.4 (labels of at most 63 octets, names of at most
// 253 characters; invalid ones are refused before any query), CNAME chains
// are followed up to MaxCNAMEHops and a loop is SERVFAIL, a name below
// which other names exist is an empty non-terminal answered with NODATA
// rather than NXDOMAIN (RFC 8020), zone wildcards match as RFC 4592 says,
// and a TXT record's character-strings are kept apart for the caller to
// join (RFC 6376 section 3.6.2.2).
//
// A failed lookup says what happened in Trace.Detail, a sentence of fact,
// and, when the reader could change the answer (try again, ask another
// resolver, go live, allow more lookups or time), what it ran into as
// data: a Failure with its Cause. No sentence of this package names a flag
// or a key: render words the advice (render.DNSAdvice), for a report in
// the command line's flags and for the TUI in its keys.
//
// Data flow: cmd/headerscope builds a Resolver from its flags (NewLive,
// NewLiveFromResolvConf, LoadZones or Offline, wrapped in a Recorder for
// --record-dns) and passes it, directly or through the TUI, in
// analyze.Options; analyze.Analyze wraps it in NewLimited and NewCache
// for one message and hands it to dkim, arc, recheck, dmarc and spf,
// which call Lookup and keep the *Trace it returns in their results, so
// that render can print the path of each answer. This package is the
// only one in analyze that touches the network, and only inside Live.
package dns

import (
	"context"
	"strings"
	"time"
)

// Outcome classifies how a lookup ended.
type Outcome string

// The outcomes of a lookup. Temporary ones map to temperror, permanent
// ones to permerror (RFC 6376 section 6.1.2; RFC 7208 section 5).
const (
	OK       Outcome = "ok"       // NOERROR with at least one record of the type asked
	NoData   Outcome = "nodata"   // NOERROR but no record of the type asked (permanent)
	NXDomain Outcome = "nxdomain" // the name does not exist (permanent)
	ServFail Outcome = "servfail" // the server failed, or a CNAME loop or overlong chain (temporary)
	Refused  Outcome = "refused"  // the server refused to answer (temporary)
	Timeout  Outcome = "timeout"  // no answer in time (temporary)
	Error    Outcome = "error"    // network error, malformed or mismatched answer (temporary)
	NotMade  Outcome = "not-made" // no query was sent (offline mode)
	TooMany  Outcome = "too-many" // a per-message lookup limit stopped the query (temporary: a higher limit may answer)
	BadName  Outcome = "bad-name" // the query name is not a valid domain name (permanent)
)

// Temporary reports whether the outcome may change if asked again later.
func (o Outcome) Temporary() bool {
	switch o {
	case ServFail, Refused, Timeout, Error, NotMade, TooMany:
		return true
	}
	return false
}

// Hop is one CNAME step of a lookup.
type Hop struct {
	From string
	To   string
	TTL  uint32
}

// Record is one answer record at the end of the CNAME chain.
type Record struct {
	Type string // "TXT", "A", "AAAA", "MX", "PTR", ...
	TTL  uint32
	// Strings holds a TXT record's character-strings, each kept apart as
	// on the wire (RFC 1035 section 3.3.14): a 2048-bit DKIM key usually
	// arrives as two.
	Strings []string
	// Data is the record's data in presentation form for other types:
	// an address ("192.0.2.1"), an MX exchange or PTR target
	// ("mx.example.com.", with its final dot), the rdata of anything else.
	Data string
	// Pref is an MX record's preference.
	Pref uint16
}

// Text returns a TXT record's strings joined without separators, as RFC
// 6376 section 3.6.2.2 and RFC 7208 section 3.3 require.
func (r Record) Text() string { return strings.Join(r.Strings, "") }

// Trace is the full account of one lookup.
type Trace struct {
	Query     string // the name asked, without the final dot
	Type      string // "TXT", ...
	Server    string // "192.0.2.53:53", "zone file keys.zone", "offline"
	Transport string // "udp", "tcp", "udp+tcp" (retried after TC), "zone", "none"
	Rcode     string // "NOERROR", "NXDOMAIN", "SERVFAIL", "REFUSED", ...
	Outcome   Outcome
	CNAMEs    []Hop
	Records   []Record
	AD        bool // the resolver said the answer was DNSSEC-validated
	Truncated bool // a UDP answer had the TC bit; the query was repeated over TCP
	Duration  time.Duration
	// Detail says in words what went wrong, when something did: a
	// sentence of fact, which names no flag or key of the program.
	Detail string
	// Failure is, when another try, another resolver or another choice
	// of the user may answer, what the lookup ran into, as data: render
	// words what to do about it (render.DNSAdvice).
	Failure *Failure
	// Cached is true when the answer was shared with an identical earlier
	// query of the same message or run.
	Cached bool
}

// Final returns the name the answer records belong to: the last CNAME
// target, or the query name.
func (t *Trace) Final() string {
	if n := len(t.CNAMEs); n > 0 {
		return t.CNAMEs[n-1].To
	}
	return t.Query
}

// TXT returns the TXT records of the answer.
func (t *Trace) TXT() []Record {
	var out []Record
	for _, r := range t.Records {
		if r.Type == "TXT" {
			out = append(out, r)
		}
	}
	return out
}

// Resolver answers one question and reports the path it took. A Resolver
// never returns a Go error: every failure is an Outcome with a Detail, and
// a Failure when the reader can act on it, so that it can be explained. It must be safe for concurrent use.
type Resolver interface {
	// Lookup asks for records of qtype ("TXT", "A", "AAAA", "MX", "PTR")
	// at name, following CNAMEs.
	Lookup(ctx context.Context, name, qtype string) *Trace
	// Describe says who answers, for display: "192.0.2.53:53 (from
	// /etc/resolv.conf)", "zone file testdata/dns/keys.zone", "offline".
	Describe() string
}
