package dkim

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
)

// TestDiagnosisChangesVerify checks that the changes a diagnosis keeps are
// the repair it proved: every fixture whose halves are all explained,
// with every change put back into the received message, verifies.
func TestDiagnosisChangesVerify(t *testing.T) {
	zone, err := dns.LoadZone("../../testdata/dns/fixtures.zone")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	_, order := readDiagnosisExpect(t)
	checked := 0
	for _, name := range order {
		raw, err := os.ReadFile(filepath.Join("../../testdata/diagnosis", name+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		m := message.Parse(raw)
		r := NewVerifier(m, zone, now).Verify(context.Background(), m.Header("DKIM-Signature")[0], KindDKIM, 0)
		d := r.Diagnosis
		if d == nil || d.Header == SuspectedOnly || d.Header == Unexplained || d.Body == SuspectedOnly || d.Body == Unexplained {
			continue
		}
		var cs []Change
		kept := map[Half]bool{}
		for _, f := range d.Findings {
			if f.Status != Verified {
				continue
			}
			kept[f.Half] = kept[f.Half] || len(f.Changes) > 0
			cs = append(cs, f.Changes...)
		}
		for half, ok := range kept {
			if !ok {
				t.Errorf("%s: the verified %s findings keep no changes", name, half)
			}
		}
		repaired, ok := applyChanges(t, name, raw, cs)
		if !ok {
			continue
		}
		rm := message.Parse(repaired)
		rr := NewVerifier(rm, zone, now).Verify(context.Background(), rm.Header("DKIM-Signature")[0], KindDKIM, 0)
		if rr.Verdict != "pass" {
			t.Errorf("%s: the message with its %d changes undone: %s %q", name, len(cs), rr.Verdict, rr.Reason)
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d fixtures checked", checked)
	}
}

// applyChanges puts each change's repaired lines in place of its received
// ones, bottom first; false when a change was clipped or names no line.
func applyChanges(t *testing.T, name string, raw []byte, cs []Change) ([]byte, bool) {
	starts := []int{0, 0} // starts[n] is the offset of message line n
	for i, c := range raw {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Line > cs[j].Line })
	out := string(raw)
	for _, c := range cs {
		if c.Clipped || c.Line <= 0 || c.Line >= len(starts) {
			return nil, false
		}
		at := starts[c.Line]
		if !strings.HasPrefix(out[at:], c.Received) {
			t.Errorf("%s: line %d does not hold the received text %q", name, c.Line, c.Received)
			return nil, false
		}
		out = out[:at] + c.Repaired + out[at+len(c.Received):]
	}
	return []byte(out), true
}
