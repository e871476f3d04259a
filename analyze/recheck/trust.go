package recheck

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/received"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// collect parses every result field and Received-SPF field and decides
// which the receiver wrote: those above the end of the receiver's block of
// fields whose authserv-id names the receiver.
func (r *Result) collect(m *message.Message, chain *received.Chain, arc ARCVerdict) {
	end := chain.ReceiverEnd()
	seen := map[string]bool{}
	// methods claimed by the trusted entries of each field name and
	// authserv-id, with the line that claimed them
	own := map[string]map[string]int{}
	// authserv-ids the receiver wrote above its Received field: a
	// receiver that writes there does not also write below it.
	above := map[string]bool{}
	for pos, f := range m.Fields {
		value := f.ValueText()
		switch {
		case isField(f.Name, "Received-SPF"):
			r.ReceivedSPF = append(r.ReceivedSPF, SPFField{Position: pos, Line: f.Line, Trusted: pos < end, Parsed: authres.ParseReceivedSPF(value)})
			continue
		case isField(f.Name, "Authentication-Results", "X-MS-Exchange-Authentication-Results"):
			e := Entry{Field: f.Name, Position: pos, Line: f.Line, Raw: value, parsed: authres.Parse(value)}
			e.Trusted, e.TrustReason = trust(e.parsed.AuthServID, pos, chain)
			id := strings.ToLower(e.parsed.AuthServID)
			if e.Trusted {
				above[id] = true
			} else if chain.BelowLast(pos) && chain.NamesReceiver(e.parsed.AuthServID) && !above[id] {
				// Sendmail milters, Amazon SES inbound and mail.ru
				// write their results below their own Received field,
				// after the message's fields.
				e.Trusted = true
				e.TrustReason = fmt.Sprintf("below the receiver's own Received field, with no other Received field under it, and its authserv-id %q names the receiver: a receiver must remove such fields that arrive with the message (RFC 8601 section 5), so it is the receiver's own", e.parsed.AuthServID)
			}
			e.namesReceiver, e.below = chain.NamesReceiver(e.parsed.AuthServID), pos >= end
			key := strings.ToLower(f.Name + "\x00" + e.parsed.AuthServID)
			if e.Trusted {
				e.Trusted, e.TrustReason = repeated(e, own, key)
			}
			r.add(&e, seen)
		case isField(f.Name, "ARC-Authentication-Results"):
			i, h := authres.ParseARC(value)
			e := Entry{Field: f.Name, Instance: i, Position: pos, Line: f.Line, Raw: value, parsed: h}
			e.Trusted, e.TrustReason = arcTrust(i, arc)
			r.add(&e, seen)
		}
	}
}

func (r *Result) add(e *Entry, seen map[string]bool) {
	if len(r.AuthenticationResults) >= MaxEntries {
		r.EntriesOmitted++
		return
	}
	e.AuthServID, e.Problems, e.Omitted, e.Decoded = e.parsed.AuthServID, e.parsed.Problems, e.parsed.Omitted, e.parsed.Decoded
	if id := strings.ToLower(e.AuthServID); id != "" && !seen[id] {
		seen[id] = true
		r.AuthServIDs = append(r.AuthServIDs, e.AuthServID)
	}
	for _, res := range e.parsed.Results {
		// Folded claims are shown unfolded (RFC 5322 section 2.2.3), never
		// with literal line ends.
		c := Claim{Method: res.Method, Result: res.Value, Reason: res.Reason, Raw: message.Unfold(res.Raw)}
		if len(res.Properties) > 0 {
			c.Properties = map[string]string{}
			for _, p := range res.Properties {
				if _, dup := c.Properties[p.Key()]; !dup {
					c.Properties[p.Key()] = p.Value
				}
			}
		}
		mt, ms := authres.ExplainMethod(res.Method)
		rt, rs := authres.ExplainResult(res.Method, res.Value)
		c.Explanation = fmt.Sprintf("%s (%s) %q: %s (%s)", mt, ms, res.Value, rt, rs)
		e.Results = append(e.Results, c)
	}
	r.AuthenticationResults = append(r.AuthenticationResults, *e)
}

// trust decides whether the receiver wrote an Authentication-Results
// field. RFC 8601 section 5: a receiver must remove fields claiming its own
// authserv-id that arrive with the message, so a field above the
// receiving hop with the receiver's id is the receiver's own; anything
// else may have been written by an earlier host or by the sender.
func trust(id string, pos int, chain *received.Chain) (bool, string) {
	rc := chain.Receiving
	if rc.Hop < 0 {
		return false, "there is no Received field, so nothing shows who wrote this field: it could have been written by the sender"
	}
	above := pos < chain.ReceiverEnd()
	match := chain.NamesReceiver(id)
	recv := rc.Receiver
	if recv == "" {
		recv = rc.ReceiverOrg
	}
	switch {
	case above && match:
		return true, fmt.Sprintf("written by the receiver: it is among the fields the receiver added (above the hop below %s's Received field) and its authserv-id %q names the receiver (%s)", recv, id, rc.ReceiverOrg)
	case above && id == "":
		return true, fmt.Sprintf("no authserv-id (Microsoft 365 writes none); trusted by its position alone, among the fields %s added on arrival", recv)
	case above:
		return false, fmt.Sprintf("authserv-id %q does not name the receiver %s: another host wrote it, or the sender did (RFC 8601 section 5)", id, recv)
	case match:
		return false, fmt.Sprintf("claims the receiver's authserv-id %q but sits below the receiving hop's Received field: it could have been written by the sender, and a receiver must remove such fields on arrival (RFC 8601 section 5)", id)
	}
	return false, fmt.Sprintf("below the receiving hop's Received field and with another authserv-id (%q): written before the message reached %s, possibly by the sender", id, recv)
}

// arcTrust: an ARC-Authentication-Results is sealed by its ARC set (RFC
// 8617 section 4.1.1); it is as trustworthy as the chain that covers it.
func arcTrust(instance int, arc ARCVerdict) (bool, string) {
	switch arc.Result {
	case verdict.Pass:
		return true, fmt.Sprintf("sealed in ARC set i=%d and the ARC chain validates: the sealer wrote it, and it is as trustworthy as the sealer", instance)
	case "":
		return false, fmt.Sprintf("sealed in ARC set i=%d, but the ARC chain was not validated", instance)
	}
	return false, fmt.Sprintf("in ARC set i=%d, but the ARC chain is %s (%s): the seal does not vouch for it", instance, arc.Result, arc.Reason)
}

// repeated checks a trusted entry against the earlier trusted entries with
// the same authserv-id. Several fields with one id are normal when each
// filter writes its own (OpenDKIM and OpenDMARC do), but a second claim of
// a method the receiver already reported means one of them arrived with
// the message: RFC 8601 section 5 has the receiver remove those, so the
// lower one could have been written by the sender.
func repeated(e Entry, own map[string]map[string]int, key string) (bool, string) {
	if own[key] == nil {
		own[key] = map[string]int{}
	}
	for _, res := range e.parsed.Results {
		if line, dup := own[key][res.Method]; dup {
			return false, fmt.Sprintf("repeats the %s claim of the receiver's own %s on line %d, with the same authserv-id %q: the receiver should have removed such a field on arrival (RFC 8601 section 5), so it could have been written by the sender", res.Method, e.Field, line, e.AuthServID)
		}
	}
	for _, res := range e.parsed.Results {
		own[key][res.Method] = e.Line
	}
	return true, e.TrustReason
}
