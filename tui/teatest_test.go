package tui

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

// TestProgramSmoke runs the real bubbletea program loop (teatest) at a
// fixed size: the analysis arrives through the runtime, keys move to the
// failing signature's Hashes view, and q quits.
func TestProgramSmoke(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	m, _ := buildTestModel(t, "dkim-pass.eml", "dkim-fail-body.eml")
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	// Generous: this waits for output, it does not measure time.
	const wait = 30 * time.Second
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		// The failing message's row, once analysed: its DKIM badge.
		return bytes.Contains(b, []byte("DKIM✗"))
	}, teatest.WithDuration(wait))
	for _, k := range []tea.KeyMsg{
		{Type: tea.KeyDown}, {Type: tea.KeyEnter}, {Type: tea.KeyEnter},
		{Type: tea.KeyRunes, Runes: []rune("4")},
	} {
		tm.Send(k)
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("first difference"))
	}, teatest.WithDuration(wait))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(wait))
	fm := tm.FinalModel(t).(*model)
	if fm.focus != focusDetail || fm.current().name != "dkim-fail-body.eml" {
		t.Errorf("final state: focus %v on %q, want the detail pane of dkim-fail-body.eml", fm.focus, fm.current().name)
	}
}
