package arc

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// suitePath is the ARC conformance suite (arc_test_suite, validation
// tests), outside the module: users building from source do not have it.
var suitePath = filepath.Join("..", "..", "..", "shared", "conformance", "arc_test_suite", "arc-draft-validation-tests.yml")

// testClock is the pinned clock of every test in this package.
var testClock = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// suiteDiffs are the suite tests where headerscope follows RFC 8617 and the
// suite (written against draft-ietf-dmarc-arc-protocol, 2018) does not.
// Each is asserted: the test fails if the result changes.
var suiteDiffs = map[string]struct {
	got verdict.Result
	why string
}{
	// An empty cv in the suite means "no result, the chain was terminated"
	// (the draft's wording). RFC 8617 section 5.2 steps 2 and 3.3 give a
	// Chain Validation Status of "fail" for an ARC-Seal with cv=fail.
	"cv_fail_i1_as_cv_fail": {verdict.Fail, "RFC 8617 section 5.2 step 2: the newest set has cv=fail, so the status is fail"},
	"cv_fail_i2_as2_fail":   {verdict.Fail, "RFC 8617 section 5.2 step 2: the newest set has cv=fail, so the status is fail"},
	"cv_fail_i2_as1_fail":   {verdict.Fail, "RFC 8617 section 5.2 step 3.3: no seal may have cv=fail, so the status is fail"},
	// The AMS is a DKIM signature in form (RFC 8617 section 4.1.2), and a
	// DKIM signature whose h= does not include From must be ignored (RFC
	// 6376 section 5.4 and 6.1.1: PERMFAIL, From field not signed); an
	// empty h= is also outside the grammar (RFC 6376 section 3.5,
	// sig-h-tag = hdr-name *(":" hdr-name)).
	"ams_fields_h_empty": {verdict.Fail, "RFC 6376 section 3.5 and 6.1.1: h= is empty, so From is not signed"},
	// RFC 8617 section 4.1.2 gives the AMS the syntax and semantics of
	// DKIM-Signature except for the name, v= and i=; it does not change
	// the default c=, which RFC 6376 section 3.5 sets to simple/simple.
	// The suite (like dkimpy) defaults an AMS to relaxed/relaxed.
	"ams_fields_c_na": {verdict.Fail, "RFC 6376 section 3.5 via RFC 8617 section 4.1.2: no c= means simple/simple, and the AMS was made with relaxed"},
	// "from:to::date" has an empty hdr-name, which the sig-h-tag grammar
	// (RFC 6376 section 3.5) does not allow.
	"ams_fields_h_mis_hdr": {verdict.Fail, "RFC 6376 section 3.5: h= has an empty header field name"},
}

// suiteTest is one validation scenario.
type suiteTest struct {
	Name        string
	Description string `yaml:"description"`
	Message     string `yaml:"message"`
	CV          string `yaml:"cv"`
}

// suiteDoc is one YAML document of the suite: tests and the TXT records
// they use. The tests are read pair by pair from the node tree because the
// suite repeats four test names in one document, which yaml.v3 refuses as
// a map; both versions of each are run.
type suiteDoc struct {
	Description string            `yaml:"description"`
	Tests       yaml.Node         `yaml:"tests"`
	TXT         map[string]string `yaml:"txt-records"`
}

func (d *suiteDoc) tests() ([]suiteTest, error) {
	var out []suiteTest
	c := d.Tests.Content
	for i := 0; i+1 < len(c); i += 2 {
		var tc suiteTest
		if err := c[i+1].Decode(&tc); err != nil {
			return nil, err
		}
		tc.Name = c[i].Value
		out = append(out, tc)
	}
	return out, nil
}

// mapResolver answers TXT questions from a map, as the suite's
// txt-records say; any other name does not exist.
type mapResolver map[string]string

func (m mapResolver) Lookup(_ context.Context, name, qtype string) *dns.Trace {
	t := &dns.Trace{Query: name, Type: qtype, Server: "test map", Transport: "none"}
	txt, ok := m[strings.ToLower(strings.TrimSuffix(name, "."))]
	if !ok || qtype != "TXT" {
		t.Outcome, t.Rcode = dns.NXDomain, "NXDOMAIN"
		return t
	}
	t.Outcome, t.Rcode = dns.OK, "NOERROR"
	t.Records = []dns.Record{{Type: "TXT", TTL: 300, Strings: []string{txt}}}
	return t
}

func (m mapResolver) Describe() string { return "test map" }

func TestConformanceSuite(t *testing.T) {
	f, err := os.Open(suitePath)
	if err != nil {
		t.Skipf("ARC conformance suite not available: %v", err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	total, agree := 0, 0
	seen := map[string]bool{}
	for {
		var doc suiteDoc
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			t.Fatalf("%s: %v", suitePath, err)
		}
		res := mapResolver{}
		for name, txt := range doc.TXT {
			res[strings.ToLower(name)] = txt
		}
		tests, err := doc.tests()
		if err != nil {
			t.Fatalf("%s: %v", suitePath, err)
		}
		for _, tc := range tests {
			name := tc.Name
			total++
			seen[name] = true
			v := dkim.NewVerifier(message.Parse([]byte(tc.Message)), res, testClock)
			r := Validate(context.Background(), v)
			want := verdict.Result(strings.ToLower(strings.TrimSpace(tc.CV)))
			if d, ok := suiteDiffs[name]; ok {
				if r.Verdict != d.got {
					t.Errorf("%s (%s): got %s (%s), documented difference says %s: %s", name, tc.Description, r.Verdict, r.Reason, d.got, d.why)
				}
				continue
			}
			if r.Verdict != want {
				t.Errorf("%s (%s): got %s (%s), suite wants %q", name, tc.Description, r.Verdict, r.Reason, tc.CV)
				continue
			}
			agree++
		}
	}
	for name := range suiteDiffs {
		if !seen[name] {
			t.Errorf("documented difference %s is not in the suite", name)
		}
	}
	t.Logf("ARC conformance: %d scenarios run (%d distinct names), %d agree with the suite, %d documented differences", total, len(seen), agree, total-agree)
	if len(seen) != 171 {
		t.Errorf("suite has %d distinct tests, want 171", len(seen))
	}
}
