package dns

import (
	"fmt"
	"strings"

	mdns "github.com/miekg/dns"
)

// MaxCNAMEHops is how many CNAME hops a lookup follows. One more hop, or a
// name seen twice, makes the lookup fail as SERVFAIL, as a recursive
// resolver would (BIND and Unbound stop after a small fixed number).
const MaxCNAMEHops = 8

// checkName validates a query name and returns it in canonical form: lower
// case, without the final dot. On failure it returns a sentence saying
// what is wrong, for Trace.Detail.
//
// RFC 1035 section 2.3.4: a label is at most 63 octets and a name at most
// 255 octets on the wire, which is 253 characters in presentation form
// without the final dot. Empty labels ("a..b") cannot be encoded at all.
func checkName(name string) (string, string) {
	n := trimDot(name)
	switch {
	case n == "" || n == ".":
		return "", "the name is empty"
	case len(n) > 253:
		return "", fmt.Sprintf("the name is %d characters long; DNS allows at most 253 (RFC 1035 section 2.3.4)", len(n))
	}
	for i := 0; i < len(n); i++ {
		// A message can carry any byte in d= or s=; only printable ASCII
		// other than the escape character reaches the resolver, so that
		// what is asked is exactly what is shown.
		if c := n[i]; c <= ' ' || c >= 0x7f || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' {
			return "", fmt.Sprintf("the name contains %q at offset %d, which is not allowed in a host name; internationalized names must be written as A-labels (xn--)", string(c), i)
		}
	}
	for _, l := range strings.Split(n, ".") {
		switch {
		case l == "":
			return "", "the name has an empty label (two dots in a row, or a leading dot)"
		case len(l) > 63:
			return "", fmt.Sprintf("the label %q is %d characters long; DNS allows at most 63 (RFC 1035 section 2.3.4)", l, len(l))
		}
	}
	return strings.ToLower(n), ""
}

// checkType maps a type name to its code, or returns a sentence saying it
// is unknown.
func checkType(qtype string) (uint16, string) {
	t, ok := mdns.StringToType[strings.ToUpper(qtype)]
	if !ok || t == mdns.TypeNone || t == mdns.TypeANY || t == mdns.TypeOPT {
		return 0, fmt.Sprintf("the query type %q is not supported", qtype)
	}
	return t, ""
}

// checkQuestion checks a lookup's name and type before any query, as
// every resolver does: it returns the lower-case name and the type code,
// or the trace of the refused lookup (Outcome BadName) when either is
// invalid.
func checkQuestion(name, qtype, server, transport string) (string, uint16, *Trace) {
	q, why := checkName(name)
	if why != "" {
		return "", 0, badName(name, qtype, server, transport, why)
	}
	t, why := checkType(qtype)
	if why != "" {
		return "", 0, badName(name, qtype, server, transport, why)
	}
	return q, t, nil
}

// badName returns the trace of a lookup refused before any query.
func badName(name, qtype, server, transport, why string) *Trace {
	return &Trace{
		Query:     trimDot(name),
		Type:      strings.ToUpper(qtype),
		Server:    server,
		Transport: transport,
		Outcome:   BadName,
		Detail:    fmt.Sprintf("%q cannot be looked up: %s; no query was made", trimDot(name), why),
	}
}

// canon returns an owner or target name from miekg/dns in the form Trace
// uses: lower case, no final dot.
func canon(s string) string { return strings.ToLower(trimDot(s)) }

// record converts one answer record into a Record, with TXT strings turned
// back into their wire bytes.
func record(rr mdns.RR) Record {
	h := rr.Header()
	r := Record{Type: mdns.Type(h.Rrtype).String(), TTL: h.Ttl}
	switch v := rr.(type) {
	case *mdns.TXT:
		r.Strings = make([]string, len(v.Txt))
		for i, s := range v.Txt {
			r.Strings[i] = unescapeTXT(s)
		}
	case *mdns.MX:
		r.Pref = v.Preference
		r.Data = v.Mx
	case *mdns.A:
		r.Data = v.A.String()
	case *mdns.AAAA:
		r.Data = v.AAAA.String()
	case *mdns.PTR:
		r.Data = v.Ptr
	case *mdns.CNAME:
		r.Data = v.Target
	default:
		// Presentation form of the rdata: the full record minus its
		// header, which ends with a tab.
		full, hdr := rr.String(), h.String()
		r.Data = strings.TrimPrefix(full, hdr)
	}
	return r
}

// unescapeTXT turns a character-string as miekg/dns keeps it (with "\"",
// "\\" and "\DDD" escapes, RFC 1035 section 5.1) back into its bytes, the
// way miekg/dns packs it on the wire.
func unescapeTXT(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(s) {
			break
		}
		if i+2 < len(s) && isDigit(s[i]) && isDigit(s[i+1]) && isDigit(s[i+2]) {
			b.WriteByte(byte((int(s[i]-'0')*100 + int(s[i+1]-'0')*10 + int(s[i+2]-'0')) & 0xff))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// chainText shows a CNAME chain as "a → b → c".
func chainText(start string, hops []Hop) string {
	parts := []string{start}
	for _, h := range hops {
		parts = append(parts, h.To)
	}
	return strings.Join(parts, " → ")
}

// chain tracks the CNAME hops of one lookup and stops loops and overlong
// chains.
type chain struct {
	start string
	hops  []Hop
	seen  map[string]bool
}

func newChain(start string) *chain {
	return &chain{start: start, seen: map[string]bool{start: true}}
}

// add records a hop and returns a Detail sentence when the chain must stop:
// the target was seen before (a loop) or the chain is too long.
func (c *chain) add(from, to string, ttl uint32) string {
	c.hops = append(c.hops, Hop{From: from, To: to, TTL: ttl})
	if c.seen[to] {
		return "CNAME loop: " + chainText(c.start, c.hops) + "; a recursive resolver answers SERVFAIL"
	}
	if len(c.hops) > MaxCNAMEHops {
		return fmt.Sprintf("CNAME chain longer than %d hops: %s; a recursive resolver gives up and answers SERVFAIL", MaxCNAMEHops, chainText(c.start, c.hops))
	}
	c.seen[to] = true
	return ""
}

// rcodeOutcome maps a response code to an outcome, given whether records
// of the type asked were found.
func rcodeOutcome(rcode int, found bool) Outcome {
	switch rcode {
	case mdns.RcodeSuccess:
		if found {
			return OK
		}
		return NoData
	case mdns.RcodeNameError:
		return NXDomain
	case mdns.RcodeServerFailure:
		return ServFail
	case mdns.RcodeRefused:
		return Refused
	}
	return Error
}

// rcodeText returns the mnemonic of a response code ("NOERROR").
func rcodeText(rcode int) string {
	if s, ok := mdns.RcodeToString[rcode]; ok {
		return s
	}
	return fmt.Sprintf("RCODE%d", rcode)
}
