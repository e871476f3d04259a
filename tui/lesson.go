package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/render"
)

// lesson is lesson mode (key w): one verification of the selected
// finding walked through a step at a time, full width, in place of the
// panes. The text comes from render (DKIMLesson, ARCLesson, DMARCLesson)
// and is made again when the width changes; the step and nothing else is
// state here.
type lesson struct {
	// build makes the lesson at a width; it holds the report it was
	// started on, so that a re-run under it does not change the lesson.
	build func(st render.Styles, width int) render.Lesson
	// doc is the message it is about: the lesson closes when another
	// one is selected (a paste, a file opened).
	doc *document
	// stage, when set, is the stage the lesson opens at.
	stage string
	l     render.Lesson
	width int
	step  int
	vp    viewport.Model
}

// lessonKeys are the keys lesson mode answers to; the help bar shows them
// while it is open.
type lessonKeys struct {
	Next, Prev, Up, Down, PageUp, PageDown, Back, Help, Quit key.Binding
}

func (k lessonKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.Down, k.Up, k.Back, k.Help, k.Quit}
}

func (k lessonKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

func (m *model) lessonKeys() lessonKeys {
	k := m.keys
	return lessonKeys{Next: k.StepNext, Prev: k.StepPrev, Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown, Back: k.Back, Help: k.Help, Quit: k.Quit}
}

// startLesson opens lesson mode on the selected finding: a DKIM (or ARC
// message) signature, the ARC chain or one of its sets (starting at that
// hop), or DMARC.
func (m *model) startLesson() {
	d := m.current()
	if d == nil || d.report == nil {
		m.setError("no message is checked yet: w walks through a verification once it is done")
		return
	}
	rep := d.report
	ls := lesson{doc: d}
	switch f := m.selected().(type) {
	case dkimFinding:
		r := f.r
		ls.build = func(st render.Styles, w int) render.Lesson { return render.DKIMLesson(rep, r, st, w) }
	case arcChainFinding:
		ls.build = func(st render.Styles, w int) render.Lesson { return render.ARCLesson(rep, st, w) }
	case arcSetFinding:
		ls.build = func(st render.Styles, w int) render.Lesson { return render.ARCLesson(rep, st, w) }
		ls.stage = fmt.Sprintf("i=%d", f.set.Instance) // start at this hop
	case dmarcFinding:
		ls.build = func(st render.Styles, w int) render.Lesson { return render.DMARCLesson(rep, st, w) }
	default:
		// On the card or another row: the message's first DKIM
		// signature, else its DMARC evaluation.
		var first *dkim.Result
		for _, r := range rep.DKIM {
			if r != nil {
				first = r
				break
			}
		}
		switch {
		case first != nil:
			ls.build = func(st render.Styles, w int) render.Lesson { return render.DKIMLesson(rep, first, st, w) }
			m.setStatus(fmt.Sprintf("walking through DKIM-Signature #%d; for another signature, the ARC chain or DMARC, select its row and press w", first.Index+1))
		case rep.DMARC != nil:
			ls.build = func(st render.Styles, w int) render.Lesson { return render.DMARCLesson(rep, st, w) }
		default:
			m.setError("w walks through a DKIM signature, the ARC chain or DMARC: this message has no DKIM signature; select the ARC chain or DMARC in the findings")
			return
		}
	}
	ls.vp = viewport.New()
	ls.vp.KeyMap.Left.SetEnabled(false)
	ls.vp.KeyMap.Right.SetEnabled(false)
	m.lesson = &ls
	m.sizeLesson()
	for i, st := range ls.l.Steps {
		if ls.stage != "" && st.Stage < len(ls.l.Stages) && ls.l.Stages[st.Stage] == ls.stage {
			ls.step = i
			break
		}
	}
	m.showStep(true)
}

// sizeLesson lays the lesson out for the window: the text is made again
// at a new width, the step kept.
func (m *model) sizeLesson() {
	ls := m.lesson
	if ls == nil || m.width == 0 {
		return
	}
	if ls.doc != m.current() {
		m.lesson = nil
		return
	}
	if ls.width != m.width || len(ls.l.Steps) == 0 {
		ls.width = m.width
		ls.l = ls.build(m.st, m.width)
		m.showStep(false)
	}
	ls.vp.SetWidth(m.width)
	ls.vp.SetHeight(max(m.bodyHeight()-len(m.lessonHeading()), 1))
}

// showStep puts the current step in the viewport; top scrolls to its
// start (a new step), otherwise the scroll is kept (a resize).
func (m *model) showStep(top bool) {
	ls := m.lesson
	if ls == nil || len(ls.l.Steps) == 0 {
		return
	}
	ls.step = clamp(ls.step, 0, len(ls.l.Steps)-1)
	off := ls.vp.YOffset()
	ls.vp.SetContent(strings.TrimRight(ls.l.Steps[ls.step].Text, "\n"))
	if top {
		ls.vp.GotoTop()
	} else {
		ls.vp.SetYOffset(off)
	}
}

// lessonHeading is the title, step and diagram lines, with a blank line
// under them.
func (m *model) lessonHeading() []string {
	ls := m.lesson
	if ls == nil || len(ls.l.Steps) == 0 {
		return nil
	}
	return append(strings.Split(ls.l.Heading(ls.step, m.st, m.width), "\n"), "")
}

// lessonKey handles a key while lesson mode is open: it owns the keys but
// quit and help.
func (m *model) lessonKey(msg tea.KeyPressMsg) tea.Cmd {
	ls := m.lesson
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Back):
		m.lesson = nil
		m.setStatus("left the lesson")
	case key.Matches(msg, k.StepNext):
		if ls.step+1 < len(ls.l.Steps) {
			ls.step++
			m.showStep(true)
		} else {
			m.setStatus("last step; p goes back, esc leaves the lesson")
		}
	case key.Matches(msg, k.StepPrev):
		if ls.step > 0 {
			ls.step--
			m.showStep(true)
		} else {
			m.setStatus("first step; n goes on, esc leaves the lesson")
		}
	case key.Matches(msg, k.Top):
		ls.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		ls.vp.GotoBottom()
	default:
		var cmd tea.Cmd
		ls.vp, cmd = ls.vp.Update(msg)
		return cmd
	}
	return nil
}

// lessonView is the body of the screen in lesson mode.
func (m *model) lessonView() string {
	h := m.bodyHeight()
	text := strings.Join(m.lessonHeading(), "\n") + "\n" + m.lesson.vp.View()
	return lipgloss.NewStyle().Height(h).MaxHeight(h).Render(text)
}
