package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// TestScreens walks through the main screens at the two reference sizes
// and compares each with its golden file.
func TestScreens(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}, {"200x60", 200, 60}}
	steps := []struct {
		name string
		keys []string
	}{
		{"start", nil},
		{"fail-overview", []string{"down", "enter"}},
		{"fail-card", []string{"down", "enter", "enter"}},
		{"fail-hashes", []string{"down", "enter", "enter", "enter", "4"}},
		{"fail-dns", []string{"down", "enter", "enter", "enter", "5"}},
		{"help", []string{"?"}},
		{"help-end", []string{"?", "G"}},
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
	m, err := build(t.Context(), Options{})
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
	v := m.screen()
	for _, want := range []string{"pinned to 2026-12-01T00:00:00Z", "zone file gallery.zone", "01-dkim-pass-rsa.eml"} {
		if !strings.Contains(v, want) {
			t.Errorf("gallery screen lacks %q", want)
		}
	}
}

// TestGalleryScreens opens the gallery's ARC and spoofed
// Authentication-Results lessons at both reference sizes: the ARC chain
// overview, one ARC set's hashes, and the untrusted entry that claims
// dkim=pass under the receiver's own name.
func TestGalleryScreens(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}}
	steps := []struct {
		name, doc string
		pick      func(finding) bool
		view      string
	}{
		{"arc-chain", "10-arc-pass-2-hops-mailing-list.eml", func(f finding) bool { _, ok := f.(arcChainFinding); return ok }, "1"},
		{"arc-set-hashes", "10-arc-pass-2-hops-mailing-list.eml", func(f finding) bool {
			s, ok := f.(arcSetFinding)
			return ok && s.set.Instance == 2
		}, "4"},
		{"authres-spoofed", "11-authres-spoofed.eml", func(f finding) bool {
			c, ok := f.(claimFinding)
			return ok && !c.e.Trusted && c.e.AuthServID == "mx.university.example"
		}, "1"},
	}
	for _, sz := range sizes {
		for _, st := range steps {
			t.Run(st.name+"-"+sz.name, func(t *testing.T) {
				m := galleryModel(t)
				send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
				openDoc(t, m, st.doc)
				pickFinding(t, m, st.pick)
				send(t, m, keys("enter", st.view)...)
				golden(t, m, "gallery-"+st.name+"-"+sz.name)
			})
		}
	}
}

// galleryModel is the gallery as `headerscope` with no argument opens it,
// every message analysed.
func galleryModel(t *testing.T) *model {
	t.Helper()
	m, err := build(t.Context(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	m.wall = func() time.Time { return testNow.Add(10*time.Hour + 4*time.Minute + 5*time.Second) }
	run(t, m, m.Init())
	return m
}

// openDoc moves down the message list to name and enters its findings.
func openDoc(t *testing.T, m *model, name string) {
	t.Helper()
	for range m.docs {
		if d := m.current(); d != nil && d.name == name {
			send(t, m, keys("enter")...)
			return
		}
		send(t, m, keys("down")...)
	}
	t.Fatalf("no message %s in the list", name)
}

// pickFinding moves down the findings list to the first finding pick
// accepts, from the top.
func pickFinding(t *testing.T, m *model, pick func(finding) bool) {
	t.Helper()
	send(t, m, keys("g")...)
	for range m.finds.Items() {
		if f := m.selected(); f != nil && pick(f) {
			return
		}
		send(t, m, keys("down")...)
	}
	t.Fatalf("no such finding among %d", len(m.finds.Items()))
}

// TestHelpScrolls checks that the help overlay, taller than an 80x24
// screen, scrolls to its last line with j and G, keeps the keys of the
// app from acting while open, and closes on any other key.
func TestHelpScrolls(t *testing.T) {
	m, _ := newTestModel(t, "dkim-pass.eml", "dkim-fail-body.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("?")...)
	last := "Paste a header block at any time"
	if v := m.screen(); strings.Contains(v, last) || !strings.Contains(v, "scroll: lines 1-") {
		t.Fatalf("the first page of help shows its last line or no scroll hint:\n%s", v)
	}
	for range 40 {
		send(t, m, keys("j")...)
	}
	if v := m.screen(); !strings.Contains(v, last) {
		t.Fatalf("j never reached the end of help:\n%s", v)
	}
	send(t, m, keys("k", "g")...)
	if v := m.screen(); !strings.Contains(v, "lines 1-") || !m.showHelp {
		t.Fatalf("g did not go back to the top, or closed help:\n%s", v)
	}
	send(t, m, keys("x")...)
	if m.showHelp {
		t.Fatal("a key other than the scrolling ones left help open")
	}
	send(t, m, keys("?")...)
	if v := m.screen(); !strings.Contains(v, "lines 1-") {
		t.Fatalf("help opened again away from its top:\n%s", v)
	}
}
