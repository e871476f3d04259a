package tui

import (
	"strings"
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

// TestGallery opens the gallery as `headerscope` with no argument does and
// checks the screen says the clock is pinned and which zone answers.
func TestGallery(t *testing.T) {
	m, err := build(t.Context(), Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	run(t, m, m.Init())
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	for i, d := range m.docs {
		if d.state != docDone || d.err != "" {
			t.Errorf("gallery message %d %s: state %v err %q", i, d.name, d.state, d.err)
		}
	}
	golden(t, m, "gallery-120x40")
	v := m.View()
	for _, want := range []string{"pinned to 2026-12-01T00:00:00Z", "zone file gallery.zone", "01-dkim-pass-rsa.eml"} {
		if !strings.Contains(v, want) {
			t.Errorf("gallery screen lacks %q", want)
		}
	}
}
