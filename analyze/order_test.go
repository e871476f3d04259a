package analyze

import (
	"testing"

	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
)

// TestMarkShared checks that the lookup credited to the first of the
// callers in report order is the same whichever caller really made it.
func TestMarkShared(t *testing.T) {
	for _, outcome := range []dns.Outcome{dns.OK, dns.NotMade} {
		t.Run(string(outcome), func(t *testing.T) { testMarkShared(t, outcome) })
	}
}

// testMarkShared is TestMarkShared for lookups that ended in outcome: an
// offline lookup that was not made is answered from the message's cache
// just the same, and was marked by whichever goroutine came first.
func testMarkShared(t *testing.T, outcome dns.Outcome) {
	trace := func(q string, cached bool) *dns.Trace {
		return &dns.Trace{Query: q, Type: "TXT", Outcome: outcome, Cached: cached}
	}
	for _, firstWon := range []bool{true, false} {
		sealKey := trace("arc._domainkey.example.org", !firstWon)
		amsKey := trace("arc._domainkey.example.org", firstWon)
		d0 := trace("s1._domainkey.example.com", false)
		d1 := trace("s2._domainkey.example.com", false)
		r := &Report{
			DKIM: []*dkim.Result{{DNS: d0}, {DNS: d1}},
			ARC: &arc.Result{Sets: []*arc.Set{nil, {
				Seal:             &arc.Seal{DNS: sealKey},
				MessageSignature: &dkim.Result{DNS: amsKey},
			}}},
		}
		markShared(r.DKIM, r.ARC)
		if sealKey.Cached || !amsKey.Cached {
			t.Errorf("firstWon=%v: seal cached=%v, AMS cached=%v; want the seal (first in report order) to be the lookup", firstWon, sealKey.Cached, amsKey.Cached)
		}
		if d0.Cached || d1.Cached {
			t.Errorf("distinct questions were marked cached")
		}
	}
}
