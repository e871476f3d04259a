package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/render"
)

// diagnosisModel opens one fixture of testdata/diagnosis (signed by
// dkimpy, then changed) with its zone and the pinned clock.
func diagnosisModel(t *testing.T, name string) *model {
	t.Helper()
	zone, err := dns.LoadZone(filepath.Join("..", "testdata", "dns", "fixtures.zone"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "diagnosis", name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := build(context.Background(), Options{Resolver: steadyClock{zone}, Now: func() time.Time { return testNow }, Inputs: []Input{{Name: name, Raw: raw}}})
	if err != nil {
		t.Fatal(err)
	}
	m.wall = func() time.Time { return testNow }
	run(t, m, m.Init())
	return m
}

// TestDiffScreens presses d on a signature a list changed (Subject tag,
// From rewritten, footer appended) and compares the received-vs-repaired
// diff with its golden file at both reference sizes.
func TestDiffScreens(t *testing.T) {
	for _, sz := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}} {
		t.Run(sz.name, func(t *testing.T) {
			m := diagnosisModel(t, "list-mailman-munged.eml")
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			pickFinding(t, m, func(f finding) bool { _, ok := f.(dkimFinding); return ok })
			send(t, m, keys("d")...)
			golden(t, m, "diff-"+sz.name)
		})
	}
}

// TestDiffKey checks the d key: from the findings list it opens the
// Hashes view as a diff, esc returns to the view, d in the
// Canonicalization view diffs too, and a finding that is no signature
// says what d needs.
func TestDiffKey(t *testing.T) {
	m := diagnosisModel(t, "safelinks-both-alternatives.eml")
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	pickFinding(t, m, func(f finding) bool { _, ok := f.(dkimFinding); return ok })
	send(t, m, keys("d")...)
	if !m.diff || m.det.view != render.ViewHashes || m.focus != focusDetail {
		t.Fatalf("after d: diff %v, view %v, focus %v; want the diff over the Hashes view, focused", m.diff, m.det.view, m.focus)
	}
	if !strings.Contains(m.det.text, "+ The·quarterly·figures:·https://portal.") {
		t.Errorf("the diff does not show the link as signed:\n%s", m.det.text)
	}
	send(t, m, keys("esc")...)
	if m.diff || !strings.Contains(m.det.text, "What changed after signing") {
		t.Errorf("esc did not return to the Hashes view:\n%s", m.det.text)
	}
	send(t, m, keys("3", "d")...)
	if !m.diff || m.det.view != render.ViewCanonicalization || !strings.Contains(m.det.text, "Received vs repaired") {
		t.Errorf("d in the Canonicalization view: diff %v, view %v", m.diff, m.det.view)
	}
	send(t, m, keys("d")...)
	if m.diff || !strings.Contains(m.det.text, "Header hash input") {
		t.Errorf("d again did not return to the Canonicalization view")
	}
	send(t, m, keys("esc")...)
	pickFinding(t, m, func(f finding) bool { _, ok := f.(cardFinding); return ok })
	send(t, m, keys("d")...)
	if m.diff || !strings.Contains(m.status, "select a DKIM signature") {
		t.Errorf("d on the verdict card: diff %v, status %q", m.diff, m.status)
	}
}
