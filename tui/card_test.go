package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze/conclusion"
	"github.com/headerscope/headerscope/render"
)

// evidenceIndex is the index of the first piece of evidence of the
// selected card whose pointer names finding kind f.
func evidenceIndex(t *testing.T, m *model, f conclusion.Finding) int {
	t.Helper()
	c, ok := m.selected().(cardFinding)
	if !ok {
		t.Fatalf("selected %T, want the verdict card", m.selected())
	}
	for i, e := range c.card.Evidence {
		if e.Pointer.Finding == f {
			return i
		}
	}
	t.Fatalf("the card has no evidence pointing at %s: %+v", f, c.card.Evidence)
	return -1
}

// TestCardFirstAndLinks (issue 13 item 1): the spoofed lesson opens on its
// verdict card, in the report's words; j moves to the evidence about the
// forged Authentication-Results, enter shows that entry, esc comes back.
func TestCardFirstAndLinks(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m := galleryModel(t)
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			openDoc(t, m, "11-authres-spoofed.eml")
			if m.finds.Index() != 0 {
				t.Fatalf("selection %d on opening, want the card (row 0)", m.finds.Index())
			}
			c, ok := m.selected().(cardFinding)
			if !ok || c.card.Kind != conclusion.Spoofed {
				t.Fatalf("selected %T %+v, want a Spoofed verdict card", m.selected(), c.card)
			}
			if s := plain(m); !strings.Contains(s, "✗ Spoofed DMARC fails under p=reject") {
				t.Errorf("the card's row is not on screen:\n%s", s)
			}
			golden(t, m, "card-spoofed-"+sz.name)
			// The same words as the report: every piece of evidence of
			// render.VerdictText is in the detail pane.
			report := ansi.Strip(render.VerdictText(m.current().report, m.st, m.det.vp.Width()))
			text := ansi.Strip(m.det.text)
			for _, l := range strings.Split(report, "\n") {
				l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "·"))
				if l != "" && !strings.Contains(text, l) {
					t.Errorf("detail lacks the report's line %q:\n%s", l, text)
				}
			}
			want := evidenceIndex(t, m, conclusion.FindingAuthRes)
			send(t, m, keys("enter")...)
			for range want {
				send(t, m, keys("j")...)
			}
			if m.card.sel != want || !strings.Contains(m.status, "Authentication-Results, line 8") {
				t.Fatalf("after %d j: evidence %d picked, status %q; want %d, line 8", want, m.card.sel, m.status, want)
			}
			send(t, m, keys("enter")...)
			cl, ok := m.selected().(claimFinding)
			if !ok || cl.e.Line != 8 || m.focus != focusDetail {
				t.Fatalf("enter on the evidence selected %T (focus %v), want the A-R entry on line 8 in the detail pane", m.selected(), m.focus)
			}
			if !strings.Contains(ansi.Strip(m.det.text), "mx.university.example") {
				t.Errorf("the A-R entry's overview is not shown:\n%s", m.det.text)
			}
			golden(t, m, "card-followed-authres-"+sz.name)
			send(t, m, keys("esc")...)
			if _, ok := m.selected().(cardFinding); !ok || m.card.sel != want {
				t.Errorf("esc went to %T with evidence %d picked, want the card with %d", m.selected(), m.card.sel, want)
			}
		})
	}
}

// TestCardNumberKeys: inside the card a number follows that piece of
// evidence; the ARC lesson's first one is the vouching ARC set, its second
// the broken DKIM signature.
func TestCardNumberKeys(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m := galleryModel(t)
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			openDoc(t, m, "10-arc-pass-2-hops-mailing-list.eml")
			c, ok := m.selected().(cardFinding)
			if !ok || c.card.Kind != conclusion.Forwarded {
				t.Fatalf("selected %T, want a Forwarded verdict card", m.selected())
			}
			golden(t, m, "card-arc-"+sz.name)
			arcAt := evidenceIndex(t, m, conclusion.FindingARC)
			dkimAt := evidenceIndex(t, m, conclusion.FindingDKIM)
			send(t, m, keys("enter", string(rune('1'+arcAt)))...)
			set, ok := m.selected().(arcSetFinding)
			if !ok || set.set.Instance != c.card.Evidence[arcAt].Pointer.Instance {
				t.Fatalf("%d selected %T, want ARC set i=%d", arcAt+1, m.selected(), c.card.Evidence[arcAt].Pointer.Instance)
			}
			send(t, m, keys("esc", string(rune('1'+dkimAt)))...)
			d, ok := m.selected().(dkimFinding)
			if !ok || d.r.Index != c.card.Evidence[dkimAt].Pointer.Index {
				t.Fatalf("%d selected %T, want DKIM-Signature #%d", dkimAt+1, m.selected(), c.card.Evidence[dkimAt].Pointer.Index+1)
			}
			// Back on the card, a number beyond the evidence says so.
			send(t, m, keys("esc", "9")...)
			if _, ok := m.selected().(cardFinding); !ok || !strings.Contains(m.status, "press 1-2") {
				t.Errorf("9 on a card of two: selected %T, status %q", m.selected(), m.status)
			}
		})
	}
}

// TestCardHeaderFieldLink: evidence about a shown header field opens the
// timeline on that field's line.
func TestCardHeaderFieldLink(t *testing.T) {
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	openDoc(t, m, "14-dkim-pass-subject-added-above.eml")
	i := evidenceIndex(t, m, conclusion.FindingHeaderField)
	send(t, m, keys("enter", string(rune('1'+i)))...)
	if _, ok := m.selected().(timelineFinding); !ok {
		t.Fatalf("selected %T, want the timeline", m.selected())
	}
	off, h := m.det.vp.YOffset(), m.det.vp.Height()
	for i := off; i < min(off+h, len(m.det.lines)); i++ {
		if f := strings.Fields(ansi.Strip(m.det.lines[i])); len(f) >= 2 && f[0] == "21" && f[1] == "Subject" {
			return
		}
	}
	t.Errorf("line 21's Subject is not in view (lines %d-%d):\n%s", off, off+h, m.det.vp.View())
}

// TestCardResetsView: a message opens on its card in the overview even
// when the previous one was left in another view, which the card does
// not have.
func TestCardResetsView(t *testing.T) {
	m, _ := newTestModel(t, "dkim-pass.eml", "dkim-fail-body.eml")
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	send(t, m, keys("down", "enter", "enter", "enter", "4")...)
	if m.det.view != render.ViewHashes {
		t.Fatalf("view %v, want Hashes of the followed signature", m.det.view)
	}
	send(t, m, keys("tab", "k")...)
	if _, ok := m.selected().(cardFinding); !ok || m.det.view != render.ViewOverview {
		t.Fatalf("another message opened on %T in view %v, want its card in the overview", m.selected(), m.det.view)
	}
	if !strings.Contains(ansi.Strip(m.det.text), "Verdict: Authentic") {
		t.Errorf("the card is not shown:\n%s", m.det.text)
	}
}

// TestCardLookalikeFrom: the IDN look-alike lesson opens on a Suspicious
// card (not Authentic, though its own DKIM passes); its first link is the
// From field, shown on the timeline.
func TestCardLookalikeFrom(t *testing.T) {
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	openDoc(t, m, "15-dmarc-pass-idn-lookalike.eml")
	c, ok := m.selected().(cardFinding)
	if !ok || c.card.Kind != conclusion.Suspicious {
		t.Fatalf("selected %T, want a Suspicious verdict card", m.selected())
	}
	if s := plain(m); !strings.Contains(s, "Verdict: Suspicious: the From domain bаnk.example") {
		t.Errorf("the card does not name the look-alike:\n%s", s)
	}
	send(t, m, keys("enter", "1")...)
	if _, ok := m.selected().(timelineFinding); !ok || !strings.Contains(m.status, "From, line 10") {
		t.Errorf("1 selected %T (status %q), want the timeline at From, line 10", m.selected(), m.status)
	}
}

// TestCardLinksLandOnClaimAndHop: evidence about one claim of an
// Authentication-Results entry, or one hop of the Received chain, scrolls
// the finding to that claim or hop, not to the top of the whole entry.
func TestCardLinksLandOnClaimAndHop(t *testing.T) {
	for _, sz := range staleSizes {
		t.Run(sz.name, func(t *testing.T) {
			m := galleryModel(t)
			send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
			openDoc(t, m, "11-authres-spoofed.eml")
			c := m.selected().(cardFinding)
			checked := map[conclusion.Finding]int{}
			send(t, m, keys("enter")...) // into the card's detail
			for i, e := range c.card.Evidence {
				p := e.Pointer
				var want string
				switch {
				case p.Finding == conclusion.FindingAuthRes && p.Claim >= 0:
					cl := m.current().report.Claims.AuthenticationResults[p.Index].Results[p.Claim]
					want = strings.ToLower(cl.Method) + "=" + strings.ToLower(cl.Result)
				case p.Finding == conclusion.FindingReceived && p.Index >= 0:
					want = "#" + string(rune('1'+p.Index)) + " line "
				default:
					continue
				}
				send(t, m, keys(string(rune('1'+i)))...)
				view := ansi.Strip(m.det.vp.View())
				if !strings.Contains(view, want) {
					t.Errorf("evidence %d (%+v): %q is not in view:\n%s", i+1, p, want, view)
				}
				checked[p.Finding]++
				send(t, m, keys("esc")...)
			}
			if checked[conclusion.FindingAuthRes] < 2 || checked[conclusion.FindingReceived] < 1 {
				t.Fatalf("the lesson no longer has links to two claims and a hop: %v", checked)
			}
		})
	}
}
