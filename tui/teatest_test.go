package tui

import (
	"bytes"
	"encoding/base64"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// TestProgramSmoke runs the real bubbletea program loop (teatest) at a
// fixed size and the ASCII colour profile: the analysis arrives through
// the runtime, keys follow the verdict card's first link to the failing signature's
// Hashes view, y copies
// the computed body hash (the runtime writes the OSC 52 sequence), and q
// quits.
func TestProgramSmoke(t *testing.T) {
	// What y copies there, from a model driven directly.
	ref, _ := newTestModel(t, "dkim-pass.eml", "dkim-fail-body.eml")
	send(t, ref, keys("down", "enter", "enter", "enter", "4")...)
	want, _ := ref.selected().copyValue(ref.det.view)
	if want == "" {
		t.Fatal("nothing to copy in the Hashes view of the failing signature")
	}

	m, _ := buildTestModel(t, "dkim-pass.eml", "dkim-fail-body.eml")
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	// Generous: this waits for output, it does not measure time.
	const wait = 30 * time.Second
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		// The failing message's row, once analysed: its DKIM badge.
		return bytes.Contains(b, []byte("DKIM✗"))
	}, teatest.WithDuration(wait))
	for _, k := range keys("down", "enter", "enter", "enter", "4") {
		tm.Send(k)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("first difference"))
	}, teatest.WithDuration(wait))
	tm.Send(keys("y")[0])
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte(want))+"\x07"))
	}, teatest.WithDuration(wait))
	tm.Send(keys("q")[0])
	tm.WaitFinished(t, teatest.WithFinalTimeout(wait))
	fm := tm.FinalModel(t).(*model)
	if fm.focus != focusDetail || fm.current().name != "dkim-fail-body.eml" {
		t.Errorf("final state: focus %v on %q, want the detail pane of dkim-fail-body.eml", fm.focus, fm.current().name)
	}
}
