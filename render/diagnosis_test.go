package render

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
)

// TestDiagnosisWords renders a list-changed message (Subject tag, From
// rewritten, footer) and checks that text, JSON and the Canonicalization
// view say what changed, where, and that it is verified.
func TestDiagnosisWords(t *testing.T) {
	rep := diagnosisReport(t, "list-mailman-munged.eml")
	st := NewStyles(false)

	var text bytes.Buffer
	if err := Text(&text, rep, "list", st, 100); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"What changed after signing", "verified", `"[users]·" is removed from Subject`, "a list rewrote From", "they were appended after signing", "repaired body hash"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}

	var js bytes.Buffer
	if err := JSON(&js, rep, "list"); err != nil {
		t.Fatal(err)
	}
	var out struct {
		DKIM []struct {
			Diagnosis *struct {
				Header, Body string
				Findings     []struct {
					Kind, Status, Half, Field string
					FieldLine                 int `json:"field_line"`
					FirstLine                 int `json:"first_line"`
				}
			} `json:"diagnosis"`
		} `json:"dkim"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.DKIM) != 1 || out.DKIM[0].Diagnosis == nil {
		t.Fatalf("JSON has no diagnosis: %s", js.String())
	}
	d := out.DKIM[0].Diagnosis
	if d.Header != "explained" || d.Body != "explained" || len(d.Findings) != 3 {
		t.Errorf("JSON diagnosis %+v, want both halves explained by three findings", d)
	}

	canon := DKIM(rep.DKIM[0], ViewCanonicalization, st, 100)
	if !strings.Contains(canon, "changed after signing (subject-tag, verified)") || !strings.Contains(canon, "changed after signing (from-rewritten, verified)") {
		t.Errorf("Canonicalization view does not mark the changed fields:\n%s", canon)
	}
}

// diagnosisReport analyses testdata/diagnosis/NAME against the fixtures'
// zone at their pinned clock.
func diagnosisReport(t *testing.T, name string) *analyze.Report {
	t.Helper()
	raw, err := os.ReadFile("../testdata/diagnosis/" + name)
	if err != nil {
		t.Fatal(err)
	}
	z, err := dns.LoadZone("../testdata/dns/fixtures.zone")
	if err != nil {
		t.Fatal(err)
	}
	return analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: z, Now: func() time.Time { return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC) }})
}
