package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Navigation (issue 13 item 7).

func TestTopBottomAndJump(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m := galleryModel(t)
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			send(t, m, keys("G")...)
			if d := m.current(); d != m.docs[len(m.docs)-1] {
				t.Errorf("G selected %s, want the last message", d.name)
			}
			send(t, m, keys("g")...)
			if d := m.current(); d != m.docs[0] {
				t.Errorf("g selected %s, want the first message", d.name)
			}
			send(t, m, keys(":")...)
			send(t, m, typed("11")...)
			send(t, m, keys("enter")...)
			if d := m.current(); d != m.docs[10] || d.state != docDone {
				t.Errorf(":11 selected %s (state %v), want message 11 analysed", d.name, d.state)
			}
			if !strings.Contains(plain(m), fmt.Sprintf("message 11 of %d: 11-authres-spoofed.eml", len(m.docs))) {
				t.Errorf("the jump is not confirmed:\n%s", plain(m))
			}
			send(t, m, keys(":")...)
			send(t, m, typed("99")...)
			send(t, m, keys("enter")...)
			if !strings.Contains(plain(m), fmt.Sprintf("no message \"99\": give a number from 1 to %d", len(m.docs))) {
				t.Errorf("a jump out of range does not say so:\n%s", plain(m))
			}
			// In the detail pane g and G scroll to the top and bottom.
			send(t, m, keys("enter", "enter", "G")...)
			if m.det.vp.YOffset() == 0 && m.det.vp.TotalLineCount() > m.det.vp.Height() {
				t.Errorf("G in the detail pane did not scroll to the bottom")
			}
			send(t, m, keys("g")...)
			if m.det.vp.YOffset() != 0 {
				t.Errorf("g in the detail pane left offset %d", m.det.vp.YOffset())
			}
		})
	}
}

func TestSortWorstFirst(t *testing.T) {
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	cur := m.current()
	send(t, m, keys("s")...)
	if m.current() != cur {
		t.Errorf("sorting moved the selection")
	}
	items := m.msgs.Items()
	for i := 1; i < len(items); i++ {
		if rank(items[i-1].(docItem).d) > rank(items[i].(docItem).d) {
			t.Errorf("row %d (%s) ranks after row %d", i, items[i].(docItem).d.name, i+1)
		}
	}
	if !strings.Contains(plain(m), fmt.Sprintf("Messages (%d), worst first", len(m.docs))) {
		t.Errorf("the title does not say the list is sorted:\n%s", plain(m))
	}
	golden(t, m, "sorted-120x40")
	send(t, m, keys("s")...)
	for i, it := range m.msgs.Items() {
		if it.(docItem).d != m.docs[i] {
			t.Fatalf("s again did not restore the order of the file")
		}
	}
}

// TestRank: a pass the receiver claimed that the re-check fails ranks
// before everything else; an ARC-A-R's pass does not count (a list's
// change breaks it by design).
func TestRank(t *testing.T) {
	fooled := &analyze.Report{Claims: &recheck.Result{AuthenticationResults: []recheck.Entry{{
		Trusted: true, Results: []recheck.Claim{{Method: "dkim", Result: "pass", Recheck: recheck.Recheck{Status: recheck.Disagrees, Result: verdict.Fail}}},
	}}}}
	arc := &analyze.Report{Claims: &recheck.Result{AuthenticationResults: []recheck.Entry{{
		Trusted: true, Instance: 1, Results: []recheck.Claim{{Method: "dkim", Result: "pass", Recheck: recheck.Recheck{Status: recheck.Disagrees, Result: verdict.Fail}}},
	}}}}
	dmarcFail := &analyze.Report{DMARC: &dmarc.Result{Verdict: verdict.Fail}}
	tests := []struct {
		name string
		d    *document
		want int
	}{
		{"receiver fooled", &document{state: docDone, report: fooled}, 0},
		{"dmarc fail", &document{state: docDone, report: dmarcFail}, 1},
		{"arc pass broken by a list", &document{state: docDone, report: arc}, 6},
		{"error", &document{state: docDone, err: "boom"}, 4},
		{"pending", &document{}, 5},
	}
	for _, tt := range tests {
		if got := rank(tt.d); got != tt.want {
			t.Errorf("rank(%s) = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestOpenCompletesPaths(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"spoof-a.eml", "spoof-b.eml", "other.mbox"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "inbox"), 0o755); err != nil {
		t.Fatal(err)
	}
	m, _ := newTestModel(t, "dkim-pass.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("o")...)
	send(t, m, typed(dir+"/sp")...)
	send(t, m, keys("tab")...)
	if got := m.input.Value(); got != dir+"/spoof-" {
		t.Errorf("tab after sp = %q, want the common prefix %q", got, dir+"/spoof-")
	}
	if s := plain(m); !strings.Contains(s, "spoof-a.eml  spoof-b.eml") {
		t.Errorf("the candidates are not listed:\n%s", s)
	}
	send(t, m, typed("a")...)
	send(t, m, keys("tab")...)
	if got := m.input.Value(); got != dir+"/spoof-a.eml" {
		t.Errorf("tab after spoof-a = %q", got)
	}
	m.input.SetValue(dir + "/in")
	send(t, m, keys("tab")...)
	if got := m.input.Value(); got != dir+"/inbox/" {
		t.Errorf("tab after in = %q, want the directory with a slash", got)
	}
}
