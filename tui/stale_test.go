package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze/dns"
)

// Each test here reproduces one stale-screen defect of issue 13 (item 3)
// at the sizes it was seen at: the layout or a text on screen that did not
// follow a change of the documents, the findings or the selection.

var staleSizes = []struct {
	name string
	w, h int
}{{"80x24", 80, 24}, {"120x40", 120, 40}, {"200x60", 200, 60}}

// plain is the ANSI-stripped screen.
func plain(m *model) string { return ansi.Strip(m.screen()) }

// findingRows counts the rows of the findings pane on screen: lines that
// hold a verdict word of one of the findings.
func findingRows(m *model, s string) int {
	n := 0
	for _, it := range m.finds.Items() {
		if strings.Contains(s, ansi.Strip(it.(finding).label())[:min(20, len(ansi.Strip(it.(finding).label())))]) {
			n++
		}
	}
	return n
}

// TestFindingsPaneFollowsAnalysis: the window size arrives before the
// analysis (as it does in a terminal); the findings pane must then grow to
// the findings it receives, without a tab.
func TestFindingsPaneFollowsAnalysis(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m, _ := buildTestModel(t, "dkim-pass.eml", "dkim-fail-body.eml")
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			run(t, m, m.Init())
			// The verdict card, the timeline, the signature, DMARC and
			// the Received chain.
			// At 24 rows the stacked findings pane is 4 rows high.
			want := 5
			if sz.h < 30 {
				want = 4
			}
			if got := findingRows(m, plain(m)); got != want {
				t.Errorf("%d of 5 findings on screen after the analysis, want %d:\n%s", got, want, plain(m))
			}
		})
	}
}

// TestFindingsPaneFollowsPaste: a paste and an o both add a message whose
// findings arrive later.
func TestFindingsPaneFollowsPasteAndOpen(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "mail", "dkim-pass.eml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sz := range staleSizes {
		t.Run("paste-"+sz.name, func(t *testing.T) {
			m, _ := newTestModel(t, "dkim-fail-body.eml")
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			send(t, m, tea.PasteMsg{Content: strings.ReplaceAll(string(raw), "\r\n", "\r")})
			if got := findingRows(m, plain(m)); got != len(m.finds.Items()) || got == 0 {
				t.Errorf("%d of %d findings on screen after a paste:\n%s", got, len(m.finds.Items()), plain(m))
			}
			if s := plain(m); !strings.Contains(s, "2 messages") {
				t.Errorf("title does not count the pasted message:\n%s", s)
			}
		})
		t.Run("open-"+sz.name, func(t *testing.T) {
			m, _ := newTestModel(t, "dkim-fail-body.eml")
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			send(t, m, keys("o")...)
			send(t, m, typed(filepath.Join("testdata", "mail", "dkim-pass.eml"))...)
			send(t, m, keys("enter")...)
			if got := findingRows(m, plain(m)); got != len(m.finds.Items()) || got == 0 {
				t.Errorf("%d of %d findings on screen after o:\n%s", got, len(m.finds.Items()), plain(m))
			}
			if s := plain(m); !strings.Contains(s, "2 messages") {
				t.Errorf("title does not count the opened message:\n%s", s)
			}
		})
	}
}

// TestGalleryTitleAfterOpen: the gallery is offline, a file opened from it
// is not necessarily; the title must not claim a mode for all.
func TestGalleryTitleAfterOpen(t *testing.T) {
	m := galleryModel(t)
	m.newDoc = func(name string, raw []byte, note string) *document {
		return &document{name: name, raw: raw, resolver: liveStub{}, live: true, clock: "now", note: note}
	}
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	send(t, m, keys("o")...)
	send(t, m, typed(filepath.Join("testdata", "mail", "dkim-pass.eml"))...)
	send(t, m, keys("enter")...)
	head := strings.Split(plain(m), "\n")[0]
	if strings.Contains(head, "offline") {
		t.Errorf("title still says offline with a live message open: %q", head)
	}
	if want := fmt.Sprintf("%d messages", len(m.docs)); !strings.Contains(head, want) {
		t.Errorf("title does not count the opened message: %q", head)
	}
	if s := plain(m); !strings.Contains(s, "DNS: live") {
		t.Errorf("the screen does not say the open message is looked up live:\n%s", s)
	}
}

// TestRerunStatusClears: "checking … again" is replaced when the check is
// done.
func TestRerunStatusClears(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m, _ := newTestModel(t, "dkim-pass.eml")
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			send(t, m, keys("r")...)
			if s := plain(m); strings.Contains(s, "again…") || strings.Contains(s, "checking dkim-pass.eml again") {
				t.Errorf("status still says it is checking after the re-run finished:\n%s", s)
			}
			if !strings.Contains(m.status, "checked dkim-pass.eml again") {
				t.Errorf("status = %q, want it to say the re-run is done", m.status)
			}
		})
	}
}

// TestStatusDoesNotOutliveItsAction: "opened … from" belongs to the o
// that opened a file, not to the paste that follows.
func TestStatusDoesNotOutliveItsAction(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "mail", "dkim-pass.eml"))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := newTestModel(t, "dkim-fail-body.eml")
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	send(t, m, keys("o")...)
	send(t, m, typed(filepath.Join("testdata", "mail", "dkim-pass.eml"))...)
	send(t, m, keys("enter")...)
	if !strings.Contains(plain(m), "opened 1 message") {
		t.Fatalf("o did not say what it opened:\n%s", plain(m))
	}
	send(t, m, tea.PasteMsg{Content: strings.ReplaceAll(string(raw), "\r\n", "\r")})
	if s := plain(m); strings.Contains(s, "opened 1 message") {
		t.Errorf("the status of o is still shown after a paste:\n%s", s)
	}
}

// TestLastFindingFillsPane: selecting the last finding scrolls the list
// so that it ends on the last row, with no blank rows under it.
func TestLastFindingFillsPane(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m := galleryModel(t)
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			openDoc(t, m, "10-arc-pass-2-hops-mailing-list.eml")
			n := len(m.finds.Items())
			for range n {
				send(t, m, keys("down")...)
			}
			if m.finds.Index() != n-1 {
				t.Fatalf("selection %d, want the last of %d", m.finds.Index(), n)
			}
			rows := strings.Split(ansi.Strip(m.findsView()), "\n")
			h := m.finds.Height()
			if len(rows) != h {
				t.Fatalf("findings pane has %d lines, want its height %d", len(rows), h)
			}
			want := min(n, h)
			filled := 0
			for _, r := range rows {
				if strings.TrimSpace(r) != "" {
					filled++
				}
			}
			if filled != want {
				t.Errorf("%d rows filled of %d with %d findings:\n%s", filled, h, n, strings.Join(rows, "\n"))
			}
			if !strings.HasPrefix(strings.TrimSpace(rows[want-1]), "›") {
				t.Errorf("the last filled row is not the selected one:\n%s", strings.Join(rows, "\n"))
			}
		})
	}
}

// TestFilterShownAndEscKeepsSelection: a filter applied with enter is
// named in the pane title; esc clears it and keeps the selected message.
func TestFilterShownAndEscKeepsSelection(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m := galleryModel(t)
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			send(t, m, keys("/", "1", "1", "enter")...)
			d := m.current()
			if d == nil || !strings.HasPrefix(d.name, "11-") {
				t.Fatalf("filter /11 selected %v", d)
			}
			if s := plain(m); !strings.Contains(s, `filter "11"`) {
				t.Errorf("the filter is not named on screen:\n%s", s)
			}
			send(t, m, keys("esc")...)
			if m.current() != d {
				t.Errorf("esc moved the selection from %s to %s", d.name, m.current().name)
			}
			if s := plain(m); strings.Contains(s, `filter "11"`) {
				t.Errorf("the filter is still named after esc:\n%s", s)
			}
		})
	}
}

// liveStub stands for a live resolver in tests: it answers nothing and
// reaches no network.
type liveStub struct{ dns.Offline }

func (liveStub) Describe() string { return "192.0.2.53:53 (stub)" }
