package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestTrustMarks (issue 13 item 5): a legitimate list's entry (added
// with the receiver's fields by the list's host) is not marked with the
// fail glyph, and a forged entry is not said to be
// "written by" the name it only claims.
func TestTrustMarks(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m := galleryModel(t)
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			openDoc(t, m, "10-arc-pass-2-hops-mailing-list.eml")
			pickFinding(t, m, func(f finding) bool {
				c, ok := f.(claimFinding)
				return ok && c.e.Instance == 0 && c.e.AuthServID == "lists.example"
			})
			s := selectedRow(m)
			if !strings.HasPrefix(s, "· other host A-R dkim=pass") || !strings.HasSuffix(s, "· lists.example") || strings.Contains(s, "✗") {
				t.Errorf("the list's A-R is marked as a failure:\n%s", s)
			}

			send(t, m, keys("esc", "esc")...)
			openDoc(t, m, "11-authres-spoofed.eml")
			pickFinding(t, m, func(f finding) bool {
				c, ok := f.(claimFinding)
				return ok && !c.e.Trusted && c.e.AuthServID == "mx.university.example"
			})
			send(t, m, keys("enter")...)
			if s := selectedRow(m); !strings.HasPrefix(s, "! claims receiver A-R dkim=pass≠fail") {
				t.Errorf("the forged A-R is not marked as claiming the receiver's name:\n%s", plain(m))
			}
			s = joined(ansi.Strip(m.det.text))
			if strings.Contains(s, "written by mx.university.example") && !strings.Contains(s, "claiming to be written by mx.university.example") {
				t.Errorf("the forged A-R is titled as written by the name it claims:\n%s", plain(m))
			}
			if !strings.Contains(s, "claiming to be written by mx.university.example") {
				t.Errorf("the forged A-R's head does not say the name is claimed:\n%s", plain(m))
			}
		})
	}
}

// selectedRow is the text of the selected finding's row, uncut.
func selectedRow(m *model) string {
	d := rowDelegate{ch: &m.ch, st: &m.st}
	lead, text := d.row(m.finds.SelectedItem())
	return ansi.Strip(lead + " " + text)
}
