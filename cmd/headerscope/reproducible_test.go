package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	mdns "github.com/miekg/dns"

	"github.com/headerscope/headerscope/internal/dnstest"
)

// zoneServer serves the records of a zone file over real UDP and TCP on
// 127.0.0.1, as a recursive resolver would answer: CNAMEs followed in the
// answer, NXDOMAIN for a name without records, SERVFAIL for the fixtures'
// "headerscope:servfail" marker.
func zoneServer(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rrs := map[string][]mdns.RR{}
	zp := mdns.NewZoneParser(f, "", path)
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		name := strings.ToLower(rr.Header().Name)
		rrs[name] = append(rrs[name], rr)
	}
	if err := zp.Err(); err != nil {
		t.Fatal(err)
	}
	return dnstest.Serve(t, mdns.HandlerFunc(func(w mdns.ResponseWriter, q *mdns.Msg) {
		r := new(mdns.Msg)
		r.SetReply(q)
		name, qt := strings.ToLower(q.Question[0].Name), q.Question[0].Qtype
		for hops := 0; hops < 8; hops++ {
			next := ""
			for _, rr := range rrs[name] {
				if c, ok := rr.(*mdns.CNAME); ok && qt != mdns.TypeCNAME {
					r.Answer = append(r.Answer, c)
					next = strings.ToLower(c.Target)
				} else if rr.Header().Rrtype == qt {
					if txt, ok := rr.(*mdns.TXT); ok && strings.Join(txt.Txt, "") == "headerscope:servfail" {
						r.Answer = nil
						r.Rcode = mdns.RcodeServerFailure
						w.WriteMsg(r)
						return
					}
					r.Answer = append(r.Answer, rr)
				}
			}
			if next == "" {
				break
			}
			name = next
		}
		if len(r.Answer) == 0 && len(rrs[name]) == 0 {
			r.Rcode = mdns.RcodeNameError
		}
		w.WriteMsg(r)
	}))
}

// TestReportSameWhateverJobs checks that a report depends on its input
// alone, not on how many messages were analysed at once: the same inputs
// with --jobs 1, 2 and 8 give the same JSON, timings aside, with the
// fixtures' zone file and with a live resolver on 127.0.0.1 (whose answers
// are shared across the whole run), including a message with more key
// lookups than --max-lookups allows and keys shared by several signatures.
func TestReportSameWhateverJobs(t *testing.T) {
	inputs, err := filepath.Glob(mailDir + "*.eml")
	if err != nil || len(inputs) < 40 {
		t.Fatalf("want at least 40 fixtures, got %d (%v)", len(inputs), err)
	}
	inputs = append(inputs, "../../testdata/mbox/three.mbox", manySelectors(t, 40))
	server := zoneServer(t, zone)
	for _, dns := range [][]string{{"--dns-zone", zone}, {"--resolver", server}, {"--offline"}} {
		var first string
		for _, jobs := range []string{"1", "2", "8"} {
			args := append(append([]string{"report", "--json", "--now", pinned, "--max-lookups", "10", "--jobs", jobs}, dns...), inputs...)
			code, out, errs := runCmd(t, "", args...)
			if code != 0 {
				t.Fatalf("run(%q) = %d, stderr %q", args, code, errs)
			}
			out = withoutTimings(out)
			if first == "" {
				first = out
				if !strings.Contains(out, `"cached":true`) {
					t.Errorf("%s: no lookup answered from an earlier identical one; the test does not cover the cached flag", dns[0])
				}
				if dns[0] != "--offline" && !strings.Contains(out, `"outcome":"too-many"`) {
					t.Errorf("%s: no lookup refused by --max-lookups; the test does not cover the limit", dns[0])
				}
				continue
			}
			if out != first {
				a, b := strings.Split(first, "\n"), strings.Split(out, "\n")
				for i := range min(len(a), len(b)) {
					if a[i] != b[i] {
						t.Errorf("%s --jobs %s: report %d differs from --jobs 1:\n%s\n%s", dns[0], jobs, i, a[i], b[i])
						break
					}
				}
			}
		}
	}
}
