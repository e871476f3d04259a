package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestDiagnosisWordsLineChanged renders an invoice whose text/plain IBAN
// was changed after signing and checks that text and JSON name the line,
// call it suspected (never verified), and say it is no known
// transformation.
func TestDiagnosisWordsLineChanged(t *testing.T) {
	rep := diagnosisReport(t, "line-changed-iban-plain.eml")
	st := NewStyles(false)
	var text bytes.Buffer
	if err := Text(&text, rep, "invoice", st, 100); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"? suspected line 28 of the text/plain part differs from its text/html alternative", "line 47 of the text/html part differs from its text/plain alternative", "probably edited after signing", "transformation; not proven",
		`"DE44" "5001"`, "IBAN:·DE44·5001", "line 47", "- unexplained", "were located by comparing"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := JSON(&js, rep, "invoice"); err != nil {
		t.Fatal(err)
	}
	var out struct {
		DKIM []struct {
			Diagnosis *struct {
				Body     string
				Findings []struct {
					Kind, Status, Evidence, Field string
					FirstLine                     int `json:"first_line"`
					LastLine                      int `json:"last_line"`
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
	if d.Body != "suspected" || len(d.Findings) != 2 {
		t.Fatalf("JSON diagnosis %+v, want the body suspected by two findings", d)
	}
	for i, line := range []int{28, 47} {
		f := d.Findings[i]
		if f.Kind != "line-changed" || f.Status != "suspected" || f.FirstLine != line || f.LastLine != line || !strings.Contains(f.Evidence, "not proven") ||
			f.Field != []string{"text/plain", "text/html"}[i] {
			t.Errorf("finding %d = %+v, want line-changed, suspected, line %d, with evidence", i, f, line)
		}
	}
}
