package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/render"
)

// Space and wrapping (issue 13 item 4).

// TestDecisiveEndOfRowShown: at 120 and 200 columns the left column is as
// wide as the rows need (no longer capped at 44), so the re-check of a
// forged claim, dkim=pass≠fail, is on screen; at 80 the stacked rows
// have the whole width.
func TestDecisiveEndOfRowShown(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m := galleryModel(t)
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			openDoc(t, m, "11-authres-spoofed.eml")
			s := plain(m)
			if !strings.Contains(s, "! claims receiver A-R dkim=pass≠fail dmarc=pass≠fail") {
				t.Errorf("the forged claim's re-check is cut:\n%s", s)
			}
			if sz.w >= wideWidth && m.finds.Width() <= 44 {
				t.Errorf("left column %d wide at %d columns", m.finds.Width(), sz.w)
			}
		})
	}
}

// TestLongStatusWraps: the y confirmation and an open error are read
// whole, wrapped over lines.
func TestLongStatusWraps(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m, _ := newTestModel(t, "dkim-pass.eml")
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			send(t, m, keys("y")...)
			if s := joined(plain(m)); !strings.Contains(s, "clipboard on)") {
				t.Errorf("the copy confirmation is cut:\n%s", plain(m))
			}
			send(t, m, keys("o")...)
			send(t, m, typed("testdata/no/such/directory/and/a/rather/long/file-name-that-does-not-exist.eml")...)
			send(t, m, keys("enter")...)
			if s := joined(plain(m)); !strings.Contains(s, "check the path and press o to try again") {
				t.Errorf("the open error is cut:\n%s", plain(m))
			}
			if got := strings.Count(plain(m), "\n") + 1; got != sz.h {
				t.Errorf("screen has %d lines, want %d", got, sz.h)
			}
		})
	}
}

// joined is the screen with its lines joined by spaces, so that a wrapped
// sentence can be searched.
func joined(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		out = append(out, strings.TrimSpace(l))
	}
	return strings.Join(out, " ")
}

// TestViewsThatDoNotApply: an Authentication-Results entry has no
// Hashes view; its tab shows no key number and the key says why it does
// nothing.
func TestViewsThatDoNotApply(t *testing.T) {
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	openDoc(t, m, "11-authres-spoofed.eml")
	pickFinding(t, m, func(f finding) bool { _, ok := f.(claimFinding); return ok })
	send(t, m, keys("enter", "4")...)
	if m.det.view != render.ViewOverview {
		t.Errorf("4 switched to view %v on a finding without hashes", m.det.view)
	}
	s := plain(m)
	if !strings.Contains(s, " - Hashes") || strings.Contains(s, "4 Hashes") {
		t.Errorf("the Hashes tab still looks selectable:\n%s", s)
	}
	if !strings.Contains(s, "the Hashes view does not apply to this finding; it has 1 Overview and 6 Raw") {
		t.Errorf("no word on why 4 did nothing:\n%s", s)
	}
	send(t, m, keys("right")...)
	if m.det.view != render.ViewRaw {
		t.Errorf("→ from Overview = %v, want the next view that applies (Raw)", m.det.view)
	}
}

// TestDefectScreens keeps a golden screen of each state issue 13 found
// stale or cut, at the three reference sizes.
func TestDefectScreens(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "mail", "dkim-pass.eml"))
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func(t *testing.T, m *model)
	}{
		{"after-paste", func(t *testing.T, m *model) {
			send(t, m, tea.PasteMsg{Content: strings.ReplaceAll(string(raw), "\r\n", "\r")})
		}},
		{"filter-applied", func(t *testing.T, m *model) { send(t, m, keys("/", "1", "1", "enter")...) }},
		{"last-finding", func(t *testing.T, m *model) {
			openDoc(t, m, "10-arc-pass-2-hops-mailing-list.eml")
			send(t, m, keys("G")...)
		}},
		{"spoofed-claim", func(t *testing.T, m *model) {
			openDoc(t, m, "11-authres-spoofed.eml")
			pickFinding(t, m, func(f finding) bool {
				c, ok := f.(claimFinding)
				return ok && !c.e.Trusted && c.e.AuthServID == "mx.university.example"
			})
			send(t, m, keys("enter", "4")...)
		}},
		{"copy-status", func(t *testing.T, m *model) { send(t, m, keys("enter", "y")...) }},
		{"open-error", func(t *testing.T, m *model) {
			send(t, m, keys("o")...)
			send(t, m, typed("testdata/no/such/directory/and/a/rather/long/file-name-that-does-not-exist.eml")...)
			send(t, m, keys("enter")...)
		}},
		{"rerun-done", func(t *testing.T, m *model) { send(t, m, keys("enter", "r")...) }},
		{"findings-filter-esc", func(t *testing.T, m *model) {
			openDoc(t, m, "11-authres-spoofed.eml")
			send(t, m, keys("/", "d", "m", "a", "r", "c", "enter", "down", "esc")...)
		}},
	}
	for _, sz := range staleSizes {
		for _, st := range steps {
			t.Run(st.name+"-"+sz.name, func(t *testing.T) {
				m := galleryModel(t)
				send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
				st.do(t, m)
				golden(t, m, "defect-"+st.name+"-"+sz.name)
			})
		}
	}
}
