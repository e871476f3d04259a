package render

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// realworldDir is ../shared/corpora/realworld beside the repository; the
// test skips when it is absent (a fresh clone does not have it).
func realworldDir(t *testing.T) string {
	rw := filepath.Join("..", "..", "shared", "corpora", "realworld")
	if _, err := os.Stat(rw); err != nil {
		t.Skip("../shared/corpora/realworld not present")
	}
	return rw
}

var (
	// angleAddr is an angle-addr whose domain is a plain host name: a
	// From field holding one has an author domain whatever else is wrong
	// with it.
	angleAddr = regexp.MustCompile(`<[^<>"@\s]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}\.?\s*>`)
	// plainDate is an RFC 5322 date a lenient reader reads.
	plainDate  = regexp.MustCompile(`^(?:[A-Za-z]{3},\s*)?\d{1,3}\s+[A-Za-z]{3,9}\s+\d{4}\s+\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s+[+-]\d{4}(?:\s*\([A-Za-z]+\))?$`)
	comment    = regexp.MustCompile(`\([^()]*\)`)
	claimedIP  = regexp.MustCompile(`(?i)(?:sender ip is|client-ip=|designates) ([0-9a-f:.]+[0-9a-f])`)
	blazeClock = time.Unix(1726822409, 0).UTC()
)

// TestRealWorld runs every message of ../shared/corpora/realworld as
// `report --offline --json` does (blaze/ with its zone and clock) and
// asserts what has an objective answer: a report and valid JSON for each;
// DMARC finds the author domain of every From with a plain angle-addr and
// never shows a library's error text; an IDN From domain is looked up as
// its A-label; no claim "disagrees" with a result that was not reached;
// no RFC 2047-encoded Authentication-Results without claims; SPF uses the
// client IP the trusted receiver recorded; an ARC chain is never "fail"
// for keys not looked up; every plain RFC 5322 Received date is read.
func TestRealWorld(t *testing.T) {
	root := realworldDir(t)
	zone, err := dns.LoadZone(filepath.Join(root, "blaze", "blaze.zone"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".tsv") || strings.HasSuffix(path, ".zone") {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		opts := analyze.Options{Now: func() time.Time { return blazeClock }}
		if strings.Contains(path, string(filepath.Separator)+"blaze"+string(filepath.Separator)) {
			opts.Resolver = zone
		}
		rel, _ := filepath.Rel(root, path)
		checkRealMessage(t, rel, analyze.Analyze(context.Background(), raw, opts), opts.Resolver == nil)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 500 {
		t.Errorf("read %d messages, want the whole slice", n)
	}
}

func checkRealMessage(t *testing.T, name string, rep *analyze.Report, offline bool) {
	t.Helper()
	var buf bytes.Buffer
	if err := JSON(&buf, rep, name); err != nil || !json.Valid(buf.Bytes()) {
		t.Errorf("%s: JSON %v, valid %v", name, err, json.Valid(buf.Bytes()))
	}
	c := rep.Claims
	d := rep.DMARC
	for _, s := range []string{d.Reason, d.FromProblem, d.FromLenient} {
		if strings.Contains(s, "mail: ") {
			t.Errorf("%s: DMARC shows a library's error text: %q", name, s)
		}
	}
	if froms := rep.Message.Header("From"); len(froms) == 1 && d.FromDomain == "" {
		// An address inside a comment is no address (RFC 5322 section
		// 3.2.2), and a lenient reader does not take it either.
		v := comment.ReplaceAllString(string(froms[0].Value()), " ")
		if m := angleAddr.FindString(v); m != "" && strings.Count(v, "@") == 1 {
			t.Errorf("%s: From %q has the author address %s, but DMARC says %q", name, v, m, d.FromProblem)
		}
	}
	for i := 0; i < len(d.FromDomain); i++ {
		if d.FromDomain[i] >= 0x80 {
			t.Errorf("%s: From domain %q is looked up in Unicode, not as its A-label", name, d.FromDomain)
			break
		}
	}
	for _, e := range c.AuthenticationResults {
		if strings.HasPrefix(strings.TrimSpace(e.Raw), "=?") && len(e.Results) == 0 {
			t.Errorf("%s line %d: an RFC 2047-encoded %s with no claims", name, e.Line, e.Field)
		}
		for _, cl := range e.Results {
			rc := cl.Recheck
			if rc.Status == recheck.Disagrees && (rc.Result == verdict.TempError || rc.Result == "") {
				t.Errorf("%s line %d: %s=%s \"disagrees\" with a result not reached: %s", name, e.Line, cl.Method, cl.Result, rc.Reason)
			}
			if strings.ContainsAny(cl.Raw, "\r\n") {
				t.Errorf("%s line %d: claim %q shown with line ends", name, e.Line, cl.Raw)
			}
		}
	}
	checkRealSPF(t, name, rep)
	if offline && rep.ARC.Verdict == verdict.Fail && strings.Contains(rep.ARC.Reason, "(temperror)") {
		t.Errorf("%s: ARC fail for a signature not checked: %s", name, rep.ARC.Reason)
	}
	for _, h := range rep.Received.Hops {
		for _, p := range h.Problems {
			if !strings.Contains(p.Text, "date") {
				continue
			}
			raw := ""
			if f := rep.Message.Header("Received"); h.Index < len(f) {
				v := string(f[h.Index].Value())
				if i := strings.LastIndexByte(v, ';'); i >= 0 {
					raw = strings.Join(strings.Fields(v[i+1:]), " ")
				}
			}
			if plainDate.MatchString(raw) {
				t.Errorf("%s line %d: Received date %q is plain RFC 5322, but: %s", name, h.Line, raw, p.Text)
			}
		}
	}
}

// checkRealSPF: SPF is evaluated for the client IP the topmost trusted
// result field names, when a Received hop recorded that IP.
func checkRealSPF(t *testing.T, name string, rep *analyze.Report) {
	t.Helper()
	for _, e := range rep.Claims.AuthenticationResults {
		if !e.Trusted || e.Instance > 0 {
			continue
		}
		m := claimedIP.FindStringSubmatch(e.Raw)
		if m == nil {
			return
		}
		ip, err := netip.ParseAddr(m[1])
		if err != nil {
			return
		}
		for _, h := range rep.Received.Hops {
			if h.IP == ip.String() {
				if got := rep.SPF.Input.IP; got != ip {
					t.Errorf("%s: SPF evaluated for %v, but the receiver's %s on line %d recorded %v", name, got, e.Field, e.Line, ip)
				}
				return
			}
		}
		return
	}
}
