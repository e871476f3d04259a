package analyze

import (
	"strings"

	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
)

// The DKIM signatures and the ARC chain are verified at the same time, so
// their key lookups arrive in whatever order the goroutines run. The two
// functions here make the report independent of that order: the same
// message gives the same report on every run, with --jobs 1 or 8.

// reserveKeys gives the key lookups of the signatures about to be verified
// their places under the per-message lookup limit in the order the fields
// appear: DKIM-Signatures top first, then ARC-Seals and
// ARC-Message-Signatures as they appear. When a message needs more lookups
// than the limit, the same ones are refused every time.
func reserveKeys(l *dns.Limited, m *message.Message, sigs []message.Field) {
	var names []string
	add := func(f message.Field) {
		tags, _ := dkim.ParseTagList(f.ValueText()) // shares the header's bytes
		var d, s string
		for _, t := range tags {
			switch t.Name {
			case "d":
				d = t.Value
			case "s":
				s = t.Value
			}
		}
		if d != "" && s != "" {
			names = append(names, s+"._domainkey."+d)
		}
	}
	for _, f := range sigs {
		add(f)
	}
	for _, f := range m.Fields {
		if strings.EqualFold(f.Name, "ARC-Seal") || strings.EqualFold(f.Name, "ARC-Message-Signature") {
			add(f)
		}
	}
	l.Reserve("TXT", names...)
}

// countAMS counts the ARC-Message-Signatures that ARC validation may
// verify (at most arc.MaxSets), each of which may search for what changed
// after signing and so takes a share of the diagnosis allowance.
func countAMS(m *message.Message) int {
	n := 0
	for _, f := range m.Fields {
		if strings.EqualFold(f.Name, "ARC-Message-Signature") {
			n++
		}
	}
	return min(n, arc.MaxSets)
}

// markShared sets dns.Trace.Cached on every key lookup that repeats an
// earlier one in the same order as reserveKeys, and clears it on the first,
// whichever goroutine happened to ask first.
func markShared(sigs []*dkim.Result, chain *arc.Result) {
	seen := map[string]bool{}
	mark := func(t *dns.Trace) {
		if t == nil || t.Outcome == dns.TooMany {
			return
		}
		k := strings.ToLower(t.Query) + "\x00" + t.Type
		t.Cached = seen[k]
		seen[k] = true
	}
	for _, r := range sigs {
		if r != nil {
			mark(r.DNS)
		}
	}
	if chain == nil {
		return
	}
	for _, s := range chain.Sets {
		if s == nil {
			continue
		}
		if s.Seal != nil {
			mark(s.Seal.DNS)
		}
		if s.MessageSignature != nil {
			mark(s.MessageSignature.DNS)
		}
	}
}
