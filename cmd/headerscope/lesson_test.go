package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestReportLessonFormat: --format lesson prints every walk-through of a
// message (each DKIM signature, the ARC chain, DMARC), each step under its
// heading, with the values the analysis computed, and no escape sequence
// when the output is not a terminal.
func TestReportLessonFormat(t *testing.T) {
	msg := "../../tui/gallery/messages/10-arc-pass-2-hops-mailing-list.eml"
	args := []string{"report", "--dns-zone", "../../tui/gallery/gallery.zone", "--now", "2026-12-01T00:00:00Z"}
	code, out, errs := runCmd(t, "", append(append([]string{}, args...), "--format", "lesson", msg)...)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{
		"Lesson: DKIM-Signature #1 d=bank.example",
		"Step 1 of 9: Select the signature",
		"Step 9 of 9: Verify b= with the key",
		"Lesson: ARC chain 2 hops",
		"Lesson: DMARC for bank.example",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the lessons lack %q", want)
		}
	}
	if strings.ContainsAny(out, "\x1b\r") {
		t.Error("escape sequences or CRs in output that is not a terminal")
	}
	// The body hash the lesson shows is the one the report computed.
	code, js, errs := runCmd(t, "", append(append([]string{}, args...), "--json", msg)...)
	if code != 0 {
		t.Fatalf("json: exit %d, stderr %q", code, errs)
	}
	var rep struct {
		DKIM []struct {
			BodyHash struct {
				Computed string `json:"computed"`
			} `json:"body_hash"`
		} `json:"dkim"`
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil || len(rep.DKIM) == 0 || rep.DKIM[0].BodyHash.Computed == "" {
		t.Fatalf("json report: %v %+v", err, rep)
	}
	if !strings.Contains(out, rep.DKIM[0].BodyHash.Computed) {
		t.Errorf("the lesson does not show the computed body hash %s", rep.DKIM[0].BodyHash.Computed)
	}
	if code, _, errs := runCmd(t, "", "report", "--offline", "--format", "slides", msg); code != 2 || !strings.Contains(errs, "text, json, markdown or lesson") {
		t.Errorf("--format slides: exit %d, stderr %q", code, errs)
	}
}
