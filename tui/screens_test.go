package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestScreens walks through the main screens at the two reference sizes
// and compares each with its golden file.
func TestScreens(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}}
	steps := []struct {
		name string
		keys []string
	}{
		{"start", nil},
		{"fail-overview", []string{"down", "enter"}},
		{"fail-hashes", []string{"down", "enter", "enter", "4"}},
		{"fail-dns", []string{"down", "enter", "enter", "5"}},
		{"help", []string{"?"}},
	}
	for _, sz := range sizes {
		for _, st := range steps {
			t.Run(st.name+"-"+sz.name, func(t *testing.T) {
				m, _ := newTestModel(t, "dkim-pass.eml", "dkim-fail-body.eml")
				send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
				send(t, m, keys(st.keys...)...)
				golden(t, m, st.name+"-"+sz.name)
			})
		}
	}
}
