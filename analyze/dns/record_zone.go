package dns

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RecordInfo is what the header comment of a recorded zone says.
type RecordInfo struct {
	Time     time.Time // when the answers were received; zero leaves it out
	Resolver string    // who answered: "127.0.0.1:53 (--resolver)"
	Version  string    // headerscope's version
	// Replay says how the program that wrote the file replays it
	// ("--dns-zone FILE"), for the header; empty leaves it out.
	Replay string
}

// The marker each outcome is recorded as (see Zone). A network error has no
// marker of its own; it is recorded as SERVFAIL, which is temporary too, so
// verdicts stay temperror.
var outcomeMarks = map[Outcome]string{
	NXDomain: markNXDomain,
	NoData:   markNoData,
	ServFail: "headerscope:servfail",
	Timeout:  "headerscope:timeout",
	Refused:  "headerscope:refused",
	Error:    "headerscope:servfail",
}

// WriteZone writes the answers of traces as an RFC 1035 zone file that Zone
// answers exactly as they were answered (--record-dns, then --dns-zone):
//
//   - every CNAME hop as a CNAME record and every record at the end of a
//     chain with its TTL, TXT character-strings kept apart and any byte
//     written as a \DDD escape (RFC 1035 section 5.1);
//   - a name that answered NXDOMAIN, NODATA, SERVFAIL, REFUSED, a network
//     error or nothing in time as a TXT marker (see Zone): the zone can then
//     say NXDOMAIN for a name with names below it, and NODATA for a name
//     with no record at all;
//   - a CNAME loop or overlong chain needs no marker: its CNAMEs fail again.
//
// Lookups that reached no server (bad names, the lookup limit, --offline)
// are left out. The output does not depend on the order of traces: names
// are sorted (by their labels from the right), a record set keeps the order
// of the first answer that carried it, and when the same record came with
// different TTLs the highest is kept. When two answers disagree (a flaky
// server), the records are kept and a comment says what was left out;
// markers apply to every type asked at their name. The AD bit is not kept:
// a zone replay never sets it.
func WriteZone(w io.Writer, traces []*Trace, info RecordInfo) error {
	z := recordedZone{names: map[string]*recName{}}
	ts := sortTraces(traces)
	for _, t := range ts {
		z.addData(t)
	}
	for _, t := range ts {
		z.addMark(t)
	}
	bw := bufio.NewWriter(w)
	z.header(bw, info, len(ts)-z.skipped-z.unnamed)
	z.write(bw)
	return bw.Flush()
}

type recName struct {
	cname  *Hop
	types  []string              // in the order first seen
	rrs    map[string][]recorded // by type
	mark   string
	reason string   // the outcome the mark stands for: "NXDOMAIN (TXT)"
	notes  []string // what was left out
}

type recorded struct {
	rdata string
	ttl   uint32
}

type recordedZone struct {
	names   map[string]*recName
	skipped int // lookups that reached no server
	unnamed int // lookups whose names cannot be written
}

func (z *recordedZone) name(n string) *recName {
	r := z.names[n]
	if r == nil {
		r = &recName{rrs: map[string][]recorded{}}
		z.names[n] = r
	}
	return r
}

// sortTraces orders traces by question and then by answer, so that which
// answer counts as first does not depend on the order lookups finished in.
func sortTraces(traces []*Trace) []*Trace {
	type keyed struct {
		k string
		t *Trace
	}
	ks := make([]keyed, 0, len(traces))
	for _, t := range traces {
		if t != nil {
			ks = append(ks, keyed{fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%v\x00%v", t.Query, t.Type, t.Outcome, t.Rcode, t.CNAMEs, t.Records), t})
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return strings.Compare(a.k, b.k) })
	out := make([]*Trace, len(ks))
	for i, k := range ks {
		out[i] = k.t
	}
	return out
}

// recordable reports whether t reached a server and every name in it can
// be written as it will be looked up again.
func (z *recordedZone) recordable(t *Trace) bool {
	switch t.Outcome {
	case BadName, NotMade, TooMany:
		z.skipped++
		return false
	}
	ok := plainName(t.Query)
	for _, h := range t.CNAMEs {
		ok = ok && plainName(h.From) && plainName(h.To)
	}
	for _, r := range t.Records {
		_, good := rdata(r)
		ok = ok && good
	}
	if !ok {
		z.unnamed++
	}
	return ok
}

// addData records the CNAMEs and records of one answer.
func (z *recordedZone) addData(t *Trace) {
	if !z.recordable(t) {
		return
	}
	for _, h := range t.CNAMEs {
		z.addCNAME(h)
	}
	if t.Outcome != OK {
		return
	}
	owner := t.Final()
	for _, r := range t.Records {
		if r.Type == "CNAME" {
			z.addCNAME(Hop{From: owner, To: canon(r.Data), TTL: r.TTL})
			continue
		}
		data, _ := rdata(r)
		n := z.name(owner)
		set := n.rrs[r.Type]
		if i := slices.IndexFunc(set, func(e recorded) bool { return e.rdata == data }); i >= 0 {
			set[i].ttl = max(set[i].ttl, r.TTL)
			continue
		}
		if set == nil {
			n.types = append(n.types, r.Type)
		}
		n.rrs[r.Type] = append(set, recorded{data, r.TTL})
	}
}

func (z *recordedZone) addCNAME(h Hop) {
	n := z.name(h.From)
	switch {
	case n.cname == nil:
		n.cname = &Hop{From: h.From, To: h.To, TTL: h.TTL}
	case n.cname.To == h.To:
		n.cname.TTL = max(n.cname.TTL, h.TTL)
	default:
		n.note(fmt.Sprintf("another answer had a CNAME to %s", h.To))
	}
}

// addMark records the outcome of an answer without records, at the name
// where the lookup ended.
func (z *recordedZone) addMark(t *Trace) {
	mark, ok := outcomeMarks[t.Outcome]
	if !ok || chainFailed(t) || !plainName(t.Query) || !z.plainHops(t) {
		return
	}
	n := z.name(t.Final())
	reason := fmt.Sprintf("%s (%s)", strings.ToUpper(string(t.Outcome)), t.Type)
	if t.Outcome == Error {
		reason = fmt.Sprintf("a network error or unusable answer (%s), recorded as SERVFAIL", t.Type)
	}
	switch {
	case n.cname != nil || len(n.rrs) > 0:
		if t.Outcome != NoData || n.rrs[t.Type] != nil || n.cname != nil {
			n.note("another answer was " + reason)
		}
		// NODATA for a type the name has no record of needs no marker.
	case n.mark == "":
		n.mark, n.reason = mark, reason
	case n.mark != mark:
		n.note("another answer was " + reason)
	}
}

func (z *recordedZone) plainHops(t *Trace) bool {
	for _, h := range t.CNAMEs {
		if !plainName(h.From) || !plainName(h.To) {
			return false
		}
	}
	return true
}

func (n *recName) note(s string) {
	if !slices.Contains(n.notes, s) {
		n.notes = append(n.notes, s)
	}
}

// chainFailed reports whether the lookup ended on its own CNAME chain (a
// loop, or more than MaxCNAMEHops hops), which the recorded CNAMEs repeat.
func chainFailed(t *Trace) bool {
	if len(t.CNAMEs) > MaxCNAMEHops {
		return true
	}
	final := t.Final()
	if len(t.CNAMEs) > 0 && final == t.Query {
		return true
	}
	for _, h := range t.CNAMEs {
		if h.From == final {
			return true
		}
	}
	return false
}

// plainName reports whether a name is made of letters, digits, '-' and '_'
// only, so that it reads back from a zone file as the same name. Others
// (escapes, a "*" label that a zone would take for a wildcard) are left out
// of a recording.
func plainName(n string) bool {
	if n == "" || len(n) > 253 {
		return false
	}
	for _, l := range strings.Split(n, ".") {
		if l == "" || len(l) > 63 {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// rdata returns a record's data in presentation form, and false when it
// cannot be written so that it reads back the same.
func rdata(r Record) (string, bool) {
	switch r.Type {
	case "TXT":
		return txtData(r.Strings), true
	case "MX":
		return strconv.Itoa(int(r.Pref)) + " " + r.Data, plainName(canon(r.Data))
	case "PTR", "CNAME":
		return r.Data, plainName(canon(r.Data))
	}
	for i := 0; i < len(r.Data); i++ {
		if c := r.Data[i]; c < ' ' || c >= 0x7f {
			return "", false
		}
	}
	return r.Data, r.Data != ""
}

// txtData writes character-strings as quoted strings, escaping '"', '\'
// and every byte outside printable ASCII as \DDD (RFC 1035 section 5.1).
func txtData(ss []string) string {
	if len(ss) == 0 {
		return `""`
	}
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		for j := 0; j < len(s); j++ {
			switch c := s[j]; {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c < ' ' || c >= 0x7f:
				fmt.Fprintf(&b, `\%03d`, c)
			default:
				b.WriteByte(c)
			}
		}
		b.WriteByte('"')
	}
	return b.String()
}

func (z *recordedZone) header(w *bufio.Writer, info RecordInfo, n int) {
	v := info.Version
	if v == "" {
		v = "(unknown version)"
	}
	fmt.Fprintf(w, "; DNS answers recorded by headerscope %s.\n", comment(v))
	if !info.Time.IsZero() {
		fmt.Fprintf(w, "; Recorded at %s", info.Time.UTC().Format(time.RFC3339))
	} else {
		fmt.Fprint(w, "; Recorded")
	}
	fmt.Fprintf(w, " from %s: %d %s.\n", comment(info.Resolver), n, plural(n, "answer", "answers"))
	if info.Replay != "" {
		fmt.Fprintf(w, "; Replay with %s, with no network. ", comment(info.Replay))
	} else {
		fmt.Fprint(w, "; ")
	}
	fmt.Fprint(w, "TTLs are as received; the AD bit is not kept.\n")
	fmt.Fprint(w, "; A TXT record \"headerscope:nxdomain\", \":nodata\", \":servfail\", \":refused\" or \":timeout\"\n")
	fmt.Fprint(w, "; is a marker, not data: its name answered that (README.md, \"Recorded DNS\").\n")
	if z.skipped > 0 {
		fmt.Fprintf(w, "; %d %s reached no server (bad name, lookup limit) and %s not recorded.\n",
			z.skipped, plural(z.skipped, "lookup", "lookups"), plural(z.skipped, "is", "are"))
	}
	if z.unnamed > 0 {
		fmt.Fprintf(w, "; %d %s a name or data that cannot be written back unchanged and %s not recorded.\n",
			z.unnamed, plural(z.unnamed, "answer has", "answers have"), plural(z.unnamed, "is", "are"))
	}
}

func (z *recordedZone) write(w *bufio.Writer) {
	owners := make([]string, 0, len(z.names))
	for n := range z.names {
		owners = append(owners, n)
	}
	slices.SortFunc(owners, compareNames)
	for _, o := range owners {
		n := z.names[o]
		if n.cname == nil && len(n.rrs) == 0 && n.mark == "" {
			continue
		}
		if n.cname != nil && len(n.rrs) > 0 {
			n.note("another answer had " + strings.Join(n.types, ", ") + " records beside the CNAME, which a zone cannot hold")
		}
		for _, s := range n.notes {
			fmt.Fprintf(w, "; %s: %s; left out\n", o, comment(s))
		}
		switch {
		case n.cname != nil:
			fmt.Fprintf(w, "%s.\t%d\tIN\tCNAME\t%s.\n", o, n.cname.TTL, n.cname.To)
		case n.mark != "":
			fmt.Fprintf(w, "%s.\t0\tIN\tTXT\t%q\t; %s\n", o, n.mark, comment(n.reason))
		default:
			for _, t := range n.types {
				for _, r := range n.rrs[t] {
					fmt.Fprintf(w, "%s.\t%d\tIN\t%s\t%s\n", o, r.ttl, t, r.rdata)
				}
			}
		}
	}
}

// compareNames orders names by their labels from the right, so that a
// domain's names sit together: example.com, a.example.com, b.example.com.
func compareNames(a, b string) int {
	la, lb := strings.Split(a, "."), strings.Split(b, ".")
	slices.Reverse(la)
	slices.Reverse(lb)
	return slices.Compare(la, lb)
}

// comment makes s safe to put in a zone-file comment: one line, printable.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}
