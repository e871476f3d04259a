package analyze

import (
	"strings"

	"github.com/headerscope/headerscope/analyze/dns"
)

// settleCached makes the Cached flag of the key lookups reproducible. The
// DKIM signatures and the ARC members are verified concurrently and share
// one DNS cache, so which of two callers asking the same question did the
// lookup, and which got the cached copy, depends on scheduling. The
// answers are the same; only the flag differs. Here the first of them in
// report order (DKIM signatures by index, then ARC sets from i=1, seal
// before message signature) is the one that looked up, and the others are
// cached, so that the same message always gives the same report, whatever
// --jobs and the machine's load.
func settleCached(r *Report) {
	var traces []*dns.Trace
	for _, d := range r.DKIM {
		if d != nil {
			traces = append(traces, d.DNS)
		}
	}
	if r.ARC != nil {
		for _, s := range r.ARC.Sets {
			if s == nil {
				continue
			}
			if s.Seal != nil {
				traces = append(traces, s.Seal.DNS)
			}
			if s.MessageSignature != nil {
				traces = append(traces, s.MessageSignature.DNS)
			}
		}
	}
	groups := map[string][]*dns.Trace{}
	var order []string
	for _, t := range traces {
		if t == nil {
			continue
		}
		k := strings.ToLower(strings.TrimSuffix(t.Query, ".")) + "\x00" + strings.ToUpper(t.Type) + "\x00" + string(t.Outcome)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], t)
	}
	for _, k := range order {
		g := groups[k]
		looked := false
		for _, t := range g {
			looked = looked || !t.Cached
		}
		if !looked || len(g) < 2 {
			continue
		}
		// One lookup was made: credit it to the first.
		for i, t := range g {
			t.Cached = i > 0
		}
	}
}
