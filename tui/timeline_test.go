package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestTimelineKey (issue 13 item 2): t shows the selected message's whole
// header in order, with the boundary and where each claim sits, from any
// pane, at every reference size.
func TestTimelineKey(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m := galleryModel(t)
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			openDoc(t, m, "11-authres-spoofed.eml")
			send(t, m, keys("t")...)
			if _, ok := m.selected().(timelineFinding); !ok || m.focus != focusDetail {
				t.Fatalf("t selected %T with focus %v, want the timeline in the detail pane", m.selected(), m.focus)
			}
			text := strings.Join(strings.Fields(ansi.Strip(m.det.text)), " ")
			for _, want := range []string{
				"Header timeline: 13 fields",
				"receiving boundary",
				"8 Authentication-Results ! claims receiver mx.university.example: dkim=pass≠fail",
				"11 DKIM-Signature ✗ fail DKIM d=bank.example s=mail2026",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("timeline lacks %q:\n%s", want, ansi.Strip(m.det.text))
				}
			}
			golden(t, m, "timeline-spoofed-"+sz.name)
		})
	}
}
