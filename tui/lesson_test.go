package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze/dns"
)

// TestLessonScreens walks the lessons of the gallery at both reference
// sizes: the body canonicalization and header input steps of a signature
// with l=, and hop i=2 of an ARC chain.
func TestLessonScreens(t *testing.T) {
	sizes := []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"120x40", 120, 40}}
	dkimPick := func(f finding) bool { _, ok := f.(dkimFinding); return ok }
	steps := []struct {
		name, doc string
		pick      func(finding) bool
		keys      []string
	}{
		{"lesson-body-c14n", "09-dkim-pass-length-appended.eml", dkimPick, []string{"w", "n", "n", "n", "n", "n"}},
		{"lesson-body-whitespace", "01-dkim-pass-rsa.eml", dkimPick, []string{"w", "n", "n", "n", "n", "n", "f"}},
		{"lesson-header-input", "04-dkim-fail-header-modified.eml", dkimPick, []string{"w", "right", "n", "n", "n", "n", "n", "n"}},
		{"lesson-arc-hop", "10-arc-pass-2-hops-mailing-list.eml", func(f finding) bool { _, ok := f.(arcChainFinding); return ok }, []string{"w", "n", "n"}},
		{"lesson-dmarc-align", "15-dmarc-pass-idn-lookalike.eml", func(f finding) bool { _, ok := f.(dmarcFinding); return ok }, []string{"w", "n", "n", "n"}},
	}
	for _, sz := range sizes {
		for _, st := range steps {
			t.Run(st.name+"-"+sz.name, func(t *testing.T) {
				m := galleryModel(t)
				send(t, m, tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
				openDoc(t, m, st.doc)
				pickFinding(t, m, st.pick)
				send(t, m, keys(st.keys...)...)
				if m.lesson == nil {
					t.Fatal("lesson mode did not open")
				}
				golden(t, m, st.name+"-"+sz.name)
				if got := strings.Count(plain(m), "\n") + 1; got != sz.h {
					t.Errorf("screen has %d lines, want %d", got, sz.h)
				}
			})
		}
	}
}

// TestLessonKeys drives w, n, p, →, ←, esc on a signature: the steps move
// one at a time and stop at both ends, the diagram follows, esc leaves.
func TestLessonKeys(t *testing.T) {
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	openDoc(t, m, "03-dkim-fail-body-modified.eml")
	pickFinding(t, m, func(f finding) bool { _, ok := f.(dkimFinding); return ok })
	r := m.selected().(dkimFinding).r
	send(t, m, keys("w")...)
	if m.lesson == nil || m.lesson.step != 0 {
		t.Fatalf("w: lesson %+v, want step 0", m.lesson)
	}
	if s := plain(m); !strings.Contains(s, "Step 1 of 9: Select the signature") || !strings.Contains(s, "[message] → tags") {
		t.Errorf("first step not shown:\n%s", s)
	}
	send(t, m, keys("p")...)
	if m.lesson.step != 0 {
		t.Errorf("p on the first step moved to %d", m.lesson.step)
	}
	for i := 1; i < 9; i++ {
		send(t, m, keys("n")...)
		if m.lesson.step != i {
			t.Fatalf("after %d n: step %d", i, m.lesson.step)
		}
	}
	send(t, m, keys("n")...)
	if m.lesson.step != 8 {
		t.Errorf("n on the last step moved to %d", m.lesson.step)
	}
	s := plain(m)
	if !strings.Contains(s, "[b=]") || !strings.Contains(s, string(r.Verdict)) {
		t.Errorf("last step lacks the highlighted b= stage or the verdict %q:\n%s", r.Verdict, s)
	}
	send(t, m, tea.KeyPressMsg{Code: tea.KeyLeft}, tea.KeyPressMsg{Code: tea.KeyLeft})
	if m.lesson.step != 6 {
		t.Errorf("two ← from the last step: step %d, want 6", m.lesson.step)
	}
	if s := plain(m); !strings.Contains(s, "[bh=]") || !strings.Contains(s, r.Body.Computed) || !strings.Contains(s, r.Body.Claimed) {
		t.Errorf("bh= step does not show the computed %s and claimed %s:\n%s", r.Body.Computed, r.Body.Claimed, s)
	}
	send(t, m, keys("esc")...)
	if m.lesson != nil {
		t.Fatal("esc did not leave the lesson")
	}
	if s := plain(m); strings.Contains(s, "Lesson:") {
		t.Errorf("the lesson is still on screen:\n%s", s)
	}
}

// TestLessonFromCard: w on the verdict card (or any row that is not a
// signature, a chain or DMARC) walks through the message's first DKIM
// signature and says how to pick another.
func TestLessonFromCard(t *testing.T) {
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	openDoc(t, m, "01-dkim-pass-rsa.eml")
	send(t, m, keys("g", "w")...)
	if m.lesson == nil {
		t.Fatal("w on the verdict card opened no lesson")
	}
	if s := plain(m); !strings.Contains(s, "Lesson: DKIM-Signature #1") {
		t.Errorf("the lesson is not the first signature's:\n%s", s)
	}
	if m.statusErr || !strings.Contains(m.status, "select its row and press w") {
		t.Errorf("status %q", m.status)
	}
}

// TestLessonResize: the step survives a resize and its text is laid out
// again at the new width.
func TestLessonResize(t *testing.T) {
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	openDoc(t, m, "05-dkim-pass-cname-chain.eml")
	pickFinding(t, m, func(f finding) bool { _, ok := f.(dkimFinding); return ok })
	send(t, m, keys("w", "n", "n", "n")...)
	r := m.selected().(dkimFinding).r
	send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if m.lesson.step != 3 || m.lesson.width != 80 {
		t.Errorf("after resize: step %d width %d", m.lesson.step, m.lesson.width)
	}
	s := plain(m)
	for _, l := range strings.Split(s, "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
	if len(r.DNS.CNAMEs) == 0 || !strings.Contains(s, "CNAME") {
		t.Errorf("lookup step does not show the CNAME chain:\n%s", s)
	}
}

// TestHostileLessons walks every lesson of the hostile message (a DKIM
// signature with hostile tags added on top) at both reference sizes, each
// step scrolled to its end: no byte of it reaches the terminal unescaped.
func TestHostileLessons(t *testing.T) {
	zone, err := dns.ParseZone(strings.NewReader(evilZone), "evil.zone")
	if err != nil {
		t.Fatal(err)
	}
	raw := "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=example.com; s=s" + evil + "; h=from:subject:" + evil + ";\r\n\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA; z=" + evil + "\r\n" + evilMessage()
	m, err := build(context.Background(), Options{
		Inputs:   []Input{{Name: "evil" + evil + ".eml", Raw: []byte(raw)}},
		Resolver: zone, Now: func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	run(t, m, m.Init())
	walked, shown := 0, 0
	for _, sz := range []tea.WindowSizeMsg{{Width: 80, Height: 24}, {Width: 120, Height: 40}} {
		send(t, m, sz)
		for i := range m.finds.Items() {
			m.finds.Select(i)
			send(t, m, keys("w")...)
			if m.lesson == nil {
				continue
			}
			walked++
			for s, st := range m.lesson.l.Steps {
				if strings.Contains(st.Text, `\x1b]52;c;`) || strings.Contains(st.Text, `\x1b]0;pwned`) {
					shown++
				}
				m.lesson.step = s
				m.showStep(true)
				for {
					if r, at := unsafeRune(attributesOnly(m.screen())); at >= 0 {
						t.Fatalf("%dx%d %q step %d: %U reaches the terminal", sz.Width, sz.Height, m.lesson.l.Title, s+1, r)
					}
					if m.lesson.vp.AtBottom() {
						break
					}
					m.lesson.vp.PageDown()
				}
			}
			send(t, m, keys("esc")...)
		}
	}
	if shown == 0 {
		t.Error("no lesson step showed the hostile bytes, escaped")
	}
	if walked < 6 {
		t.Errorf("walked %d lessons, want the DKIM, AMS, ARC chain and set, and DMARC ones at both sizes", walked)
	}
}

// TestLessonClosesOnNewMessage: a paste opens and selects a new message;
// the lesson of the previous one does not stay over it.
func TestLessonClosesOnNewMessage(t *testing.T) {
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	openDoc(t, m, "01-dkim-pass-rsa.eml")
	pickFinding(t, m, func(f finding) bool { _, ok := f.(dkimFinding); return ok })
	send(t, m, keys("w", "n")...)
	if m.lesson == nil {
		t.Fatal("no lesson")
	}
	send(t, m, tea.PasteMsg{Content: "From: a@example.com\nSubject: x\n"})
	if m.lesson != nil || strings.Contains(plain(m), "Lesson:") {
		t.Errorf("the lesson stayed over the pasted message:\n%s", plain(m))
	}
}

// TestLessonFromARCSet: w on an ARC set opens the chain's lesson at that
// hop.
func TestLessonFromARCSet(t *testing.T) {
	m := galleryModel(t)
	send(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	openDoc(t, m, "10-arc-pass-2-hops-mailing-list.eml")
	pickFinding(t, m, func(f finding) bool {
		s, ok := f.(arcSetFinding)
		return ok && s.set.Instance == 2
	})
	send(t, m, keys("w")...)
	if m.lesson == nil {
		t.Fatal("no lesson")
	}
	if s := plain(m); !strings.Contains(s, "Hop i=2: AAR, AMS, AS") || !strings.Contains(s, "i=1 → [i=2] → verdict") {
		t.Errorf("the lesson did not open at hop 2:\n%s", s)
	}
}
