package dns

import (
	"context"
	"fmt"
	"strings"
	"time"

	mdns "github.com/miekg/dns"
)

// Zone is a Resolver that answers from RFC 1035 zone files (--dns-zone), as
// a recursive resolver would answer if the files were the whole of the DNS:
//
//   - CNAMEs are followed inside the zone; a loop or a chain longer than
//     MaxCNAMEHops is SERVFAIL, as in Live.
//   - A name with no record and no name below it is NXDOMAIN; a name that
//     exists (with records, or as an empty non-terminal such as
//     _domainkey.example.com when s1._domainkey.example.com exists, RFC
//     8020) but has no record of the type asked is NODATA.
//   - A name that does not exist is answered from the wildcard "*" at its
//     closest encloser, if there is one (RFC 4592 section 3.3.1).
//   - Names compare without regard to case (RFC 4343).
//
// The files start with origin "." and $INCLUDE is refused: relative names
// need an $ORIGIN line. Records need no SOA; their TTL defaults to 3600.
//
// Simulated faults, for training rooms and tests: a TXT record whose only
// character-string is exactly "headerscope:servfail", "headerscope:timeout"
// or "headerscope:refused" makes every lookup that reaches its owner name
// (directly, through a CNAME or through a wildcard) end as SERVFAIL, a
// timeout or REFUSED, at once and with a Detail that says it was simulated
// by the zone file:
//
//	$ORIGIN example.com.
//	broken._domainkey  TXT "headerscope:servfail"
//
// Two more markers say what a name answered when --record-dns recorded it
// (see WriteZone), so that a recorded zone replays every outcome exactly:
// "headerscope:nxdomain" makes its owner name answer NXDOMAIN, as if it were
// absent (even when names below it exist, which RFC 8020 would otherwise
// make an empty non-terminal), and "headerscope:nodata" makes its owner name
// exist without being an answer itself: a lookup of any type that finds no
// other record there is NODATA.
//
// A Zone is read-only once loaded and safe for concurrent use.
type Zone struct {
	names  []string
	rrs    map[string][]mdns.RR // by owner: lower case, no final dot
	order  []string             // owners in the order first seen
	exists map[string]bool      // owners and all their ancestors
	dup    map[string]bool
	count  int // records
	size   int // bytes of records in presentation form
}

func newZone() *Zone {
	return &Zone{rrs: map[string][]mdns.RR{}, exists: map[string]bool{}, dup: map[string]bool{}}
}

// faults maps the TXT string that simulates a fault to its outcome.
var faults = map[string]Outcome{
	"headerscope:servfail": ServFail,
	"headerscope:timeout":  Timeout,
	"headerscope:refused":  Refused,
}

// Describe names the zone files: "zone file keys.zone".
func (z *Zone) Describe() string {
	if len(z.names) == 1 {
		return "zone file " + z.names[0]
	}
	return "zone files " + strings.Join(z.names, ", ")
}

// Len returns the number of records loaded.
func (z *Zone) Len() int { return z.count }

// Lookup answers from the zone.
func (z *Zone) Lookup(ctx context.Context, name, qtype string) *Trace {
	start := time.Now()
	q, t, bad := checkQuestion(name, qtype, z.Describe(), "zone")
	if bad != nil {
		return bad
	}
	tr := &Trace{Query: q, Type: mdns.TypeToString[t], Server: z.Describe(), Transport: "zone"}
	ch := newChain(q)
	z.resolve(ctx, q, t, ch, tr)
	tr.CNAMEs = ch.hops
	tr.Duration = time.Since(start)
	return tr
}

func (z *Zone) resolve(ctx context.Context, cur string, t uint16, ch *chain, tr *Trace) {
	where := func() string {
		if len(ch.hops) == 0 {
			return cur
		}
		return fmt.Sprintf("%s (reached through the CNAME chain %s)", cur, chainText(ch.start, ch.hops))
	}
	for {
		if err := ctx.Err(); err != nil {
			tr.Outcome = Timeout
			tr.Detail = fmt.Sprintf("the lookup of %s was stopped (%v)", cur, context.Cause(ctx))
			tr.Failure = stopped(ctx, cur, tr.Type)
			return
		}
		rrs, ok := z.find(cur)
		if !ok || hasMarker(rrs, markNXDomain) {
			tr.Outcome, tr.Rcode = NXDomain, "NXDOMAIN"
			tr.Detail = fmt.Sprintf("%s does not exist (NXDOMAIN from %s)", where(), z.Describe())
			return
		}
		if o, s := fault(rrs); o != "" {
			tr.Outcome = o
			if o != Timeout {
				tr.Rcode = strings.ToUpper(string(o))
			}
			tr.Detail = fmt.Sprintf("%s for %s, simulated by the zone file (TXT %q at %s)", simulated[o], where(), s, cur)
			return
		}
		var cname *mdns.CNAME
		for _, rr := range rrs {
			if rr.Header().Rrtype == t {
				if isMarker(rr, markNoData) {
					continue
				}
				r := record(rr)
				tr.Records = append(tr.Records, r)
			} else if c, ok := rr.(*mdns.CNAME); ok {
				cname = c
			}
		}
		tr.Rcode = "NOERROR"
		if len(tr.Records) > 0 {
			tr.Outcome = OK
			return
		}
		if cname == nil {
			tr.Outcome = NoData
			tr.Detail = fmt.Sprintf("%s exists but has no %s record (NOERROR with an empty answer from %s)", where(), tr.Type, z.Describe())
			return
		}
		next := canon(cname.Target)
		if why := ch.add(cur, next, cname.Hdr.Ttl); why != "" {
			tr.Outcome, tr.Rcode, tr.Detail = ServFail, "SERVFAIL", why
			return
		}
		cur = next
	}
}

var simulated = map[Outcome]string{
	ServFail: "SERVFAIL",
	Timeout:  "no answer in time",
	Refused:  "REFUSED",
}

// find returns the records at name and whether the name exists, answering
// a name that does not exist from the wildcard at its closest encloser
// (RFC 4592 section 3.3.1). Records from a wildcard are returned with the
// name asked as their owner, as a server synthesizes them.
func (z *Zone) find(name string) ([]mdns.RR, bool) {
	if z.exists[name] {
		return z.rrs[name], true
	}
	// The closest encloser is the longest existing ancestor; only the
	// wildcard directly below it may answer (RFC 4592 section 2.2.1).
	for n := name; ; {
		i := strings.IndexByte(n, '.')
		if i < 0 {
			return nil, false
		}
		n = n[i+1:]
		if !z.exists[n] {
			continue
		}
		wild := z.rrs["*."+n]
		if !z.exists["*."+n] {
			return nil, false
		}
		out := make([]mdns.RR, len(wild))
		for j, rr := range wild {
			c := mdns.Copy(rr)
			c.Header().Name = mdns.Fqdn(name)
			out[j] = c
		}
		return out, true
	}
}

// fault returns the simulated outcome the records ask for, if any, and the
// string that asked for it.
func fault(rrs []mdns.RR) (Outcome, string) {
	for _, rr := range rrs {
		if txt, ok := rr.(*mdns.TXT); ok && len(txt.Txt) == 1 {
			s := unescapeTXT(txt.Txt[0])
			if o, ok := faults[s]; ok {
				return o, s
			}
		}
	}
	return "", ""
}

// The markers a recorded zone uses for a name's answer rather than a fault.
const (
	markNXDomain = "headerscope:nxdomain"
	markNoData   = "headerscope:nodata"
)

// isMarker reports whether rr is a TXT record whose only character-string
// is mark.
func isMarker(rr mdns.RR, mark string) bool {
	txt, ok := rr.(*mdns.TXT)
	return ok && len(txt.Txt) == 1 && unescapeTXT(txt.Txt[0]) == mark
}

func hasMarker(rrs []mdns.RR, mark string) bool {
	for _, rr := range rrs {
		if isMarker(rr, mark) {
			return true
		}
	}
	return false
}
