package analyze

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	msgauth "github.com/emersion/go-msgauth/dkim"

	"github.com/headerscope/headerscope/analyze/dns"
)

// fixtureNow is the clock every fixture is verified against.
var fixtureNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

type expectation struct {
	name, kind     string
	index          int
	expected       string
	reasonKeyword  string
	signer, dkimpy string
}

func readExpectations(t *testing.T) []expectation {
	t.Helper()
	f, err := os.Open("../testdata/expect.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []expectation
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 || sc.Text() == "" {
			continue // the column names
		}
		// A row the table cannot be read from is an error in the table,
		// not a case to leave out.
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 7 {
			t.Fatalf("expect.tsv:%d: %d columns, want at least 7: %q", line, len(cols), sc.Text())
		}
		i, err := strconv.Atoi(cols[2])
		if err != nil {
			t.Fatalf("expect.tsv:%d: index %q: %v", line, cols[2], err)
		}
		out = append(out, expectation{cols[0], cols[1], i, cols[3], cols[4], cols[5], cols[6]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 60 {
		t.Fatalf("expect.tsv: %d rows, want the 60 or more committed", len(out))
	}
	return out
}

// fixtureZone returns the zone a case is verified against:
// testdata/dns/<case>.zone when it exists, else fixtures.zone.
func fixtureZone(t *testing.T, name string) *dns.Zone {
	t.Helper()
	path := filepath.Join("../testdata/dns", name+".zone")
	if _, err := os.Stat(path); err != nil {
		path = "../testdata/dns/fixtures.zone"
	}
	z, err := dns.LoadZone(path)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func analyzeFixture(t *testing.T, name string) (*Report, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("../testdata/mail", name+".eml"))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Resolver: fixtureZone(t, name), Now: func() time.Time { return fixtureNow }}
	return Analyze(context.Background(), raw, opts), raw
}

// TestFixtures checks every signature of every fixture signed by an
// independent implementation against the verdict the RFCs call for, as
// recorded in testdata/expect.tsv.
func TestFixtures(t *testing.T) {
	for _, e := range readExpectations(t) {
		if e.kind == "arc" {
			t.Run(e.name+"/arc", func(t *testing.T) {
				rep, _ := analyzeFixture(t, e.name)
				a := rep.ARC
				if string(a.Verdict) != e.expected || !strings.Contains(strings.ToLower(a.Reason), strings.ToLower(e.reasonKeyword)) {
					t.Errorf("%s: ARC %s %q, want %s with %q (dkimpy says %s)", e.name, a.Verdict, a.Reason, e.expected, e.reasonKeyword, e.dkimpy)
				}
			})
			continue
		}
		t.Run(e.name+"/"+strconv.Itoa(e.index), func(t *testing.T) {
			rep, _ := analyzeFixture(t, e.name)
			if e.index >= len(rep.DKIM) {
				if e.index < len(rep.DKIM)+rep.DKIMNotEvaluated {
					return // beyond the limit: reported as not evaluated
				}
				t.Fatalf("signature %d of %d not found", e.index, len(rep.DKIM))
			}
			r := rep.DKIM[e.index]
			if string(r.Verdict) != e.expected || !strings.Contains(strings.ToLower(r.Reason), strings.ToLower(e.reasonKeyword)) {
				t.Errorf("%s signature %d: got %s %q, want %s with %q (signed by %s; dkimpy says %s)",
					e.name, e.index, r.Verdict, r.Reason, e.expected, e.reasonKeyword, e.signer, e.dkimpy)
			}
		})
	}
}

// TestDifferentialGoMsgauth compares our verdict with go-msgauth's, an
// independent verifier, on every fixture: both must agree on pass and on
// fail; permerror, temperror, neutral and policy are compared as "neither".
// The cases where go-msgauth departs from the RFCs are listed with why.
func TestDifferentialGoMsgauth(t *testing.T) {
	skip := map[string]string{
		// Each entry was seen to disagree; the reason is go-msgauth's.
		"dkim-pass-length-appended":                "go-msgauth refuses every l= signature as insecure; RFC 6376 section 3.5 allows l=, and we pass it with a warning",
		"dkim-permerror-syntax-length-beyond-body": "go-msgauth refuses every l= signature as insecure (a fail; we say permerror, l= beyond the body)",
		"dkim-permerror-strict-subdomain-identity": "go-msgauth does not apply the key record's t=s flag (RFC 6376 section 3.6.1)",
		"dkim-permerror-future-timestamp":          "go-msgauth does not check t= against the clock",
		"dkim-neutral-headers-only":                "go-msgauth cannot read a header block that has no empty line after it (pasted headers)",
		"dkim-fail-headers-only-modified":          "go-msgauth cannot read a header block that has no empty line after it (pasted headers)",
	}
	seen := map[string]bool{}
	for _, e := range readExpectations(t) {
		if e.kind != "dkim" || seen[e.name] {
			continue
		}
		seen[e.name] = true
		if why, ok := skip[e.name]; ok {
			t.Logf("%s: not compared: %s", e.name, why)
			continue
		}
		rep, raw := analyzeFixture(t, e.name)
		zone := fixtureZone(t, e.name)
		vs, err := msgauth.VerifyWithOptions(strings.NewReader(string(raw)), &msgauth.VerifyOptions{
			LookupTXT: func(name string) ([]string, error) {
				tr := zone.Lookup(context.Background(), name, "TXT")
				if tr.Outcome != dns.OK {
					return nil, &os.PathError{Op: "lookup", Path: name, Err: os.ErrNotExist}
				}
				var out []string
				for _, r := range tr.TXT() {
					out = append(out, r.Text())
				}
				return out, nil
			},
		})
		if err != nil && len(vs) == 0 {
			t.Errorf("%s: go-msgauth could not run: %v", e.name, err)
			continue
		}
		for i, v := range vs {
			if i >= len(rep.DKIM) {
				break
			}
			ours := rep.DKIM[i].Verdict
			theirs := "fail"
			switch {
			case v.Err == nil:
				theirs = "pass"
			case msgauth.IsPermFail(v.Err):
				theirs = "permerror"
			case msgauth.IsTempFail(v.Err):
				theirs = "temperror"
			}
			// go-msgauth calls a missing key a temporary failure when
			// the lookup function errs; compare pass/fail precisely and
			// the error classes as "not pass, not fail".
			if (ours == "pass") != (theirs == "pass") || (ours == "fail") != (theirs == "fail") {
				t.Errorf("%s signature %d: we say %s (%s), go-msgauth says %s (%v)", e.name, i, ours, rep.DKIM[i].Reason, theirs, v.Err)
			}
		}
	}
}
