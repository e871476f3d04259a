package tui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkKeyLargeMbox measures one key press (down in the message list,
// then the layout pass every Update makes) with 1,000 analysed messages
// open, as after opening a large mbox.
func BenchmarkKeyLargeMbox(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "mail", "dkim-fail-body.eml"))
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{Now: func() time.Time { return testNow }}
	for range 1000 {
		opts.Inputs = append(opts.Inputs, Input{Name: "big.mbox", Raw: raw})
	}
	m, err := build(b.Context(), opts)
	if err != nil {
		b.Fatal(err)
	}
	for i, d := range m.docs {
		msg := analyzeCmd(b.Context(), i, d.gen, d.raw, d.resolver, d.now)()
		m.Update(msg)
	}
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	down := tea.KeyPressMsg{Code: tea.KeyDown}
	b.ResetTimer()
	for range b.N {
		m.Update(down)
		_ = m.screen()
	}
}
