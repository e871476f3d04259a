package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze"
)

// Lesson is a verification walked through step by step, for teaching:
// one screen per step, in the order a verifier works, each value taken
// from the report (or computed by the analyze package functions the
// verification used) and none written for the occasion. DKIMLesson,
// ARCLesson and DMARCLesson make one; the TUI shows a step at a time
// (key w), and a text or Markdown consumer can print them all.
type Lesson struct {
	// Title names what is walked through ("DKIM-Signature #1 d=example.com
	// s=sel1 (line 4)"), already made safe.
	Title string
	// Stages are the boxes of the pipeline the diagram draws, in order.
	Stages []string
	Steps  []LessonStep
}

// LessonStep is one screen of a lesson.
type LessonStep struct {
	// Title says what the step does ("Canonicalize the body").
	Title string
	// Stage is the index in Lesson.Stages the diagram highlights.
	Stage int
	// Text is the step, laid out at the width the lesson was made for.
	Text string
}

// Heading is the top of a step's screen: the lesson's title with the step
// number and name, then the pipeline diagram with this step's stage
// highlighted. It holds no text from the message but the title's, which
// is safe already.
func (l Lesson) Heading(step int, st Styles, width int) string {
	if step < 0 || step >= len(l.Steps) {
		return ""
	}
	s := l.Steps[step]
	head := st.Heading.Render(fmt.Sprintf("Lesson: %s", l.Title))
	lines := []string{ansi.Truncate(head, width, "…")}
	lines = append(lines, ansi.Truncate(st.Subheading.Render(fmt.Sprintf("Step %d of %d: %s", step+1, len(l.Steps), s.Title)), width, "…"))
	lines = append(lines, l.Diagram(s.Stage, st, width)...)
	return strings.Join(lines, "\n")
}

// Diagram draws the pipeline on one line, or more when it does not fit,
// broken before an arrow: the stages done so far plain, the current one
// in brackets (so that it shows without colour) and marked, the rest
// muted.
//
//	message → tags → [name] → DNS → key → body c14n → bh= → header c14n → b=
func (l Lesson) Diagram(stage int, st Styles, width int) []string {
	if lines := l.diagram(stage, st, width, false); len(lines) <= maxDiagramLines {
		return lines
	}
	return l.diagram(stage, st, width, true)
}

// maxDiagramLines is the most lines a diagram takes; past it (an ARC chain
// of many hops) the stages far from the current one are left out.
const maxDiagramLines = 2

func (l Lesson) diagram(stage int, st Styles, width int, elide bool) []string {
	arrow := " " + st.Arrow() + " "
	var lines []string
	cur := ""
	last := len(l.Stages) - 1
	for i, name := range l.Stages {
		if elide && i != 0 && i != last && (i < stage-1 || i > stage+1) {
			if i == 1 || i == stage+2 {
				name = "…"
			} else {
				continue
			}
		}
		box := name
		switch {
		case i == stage:
			box = st.Marker.Render("[" + name + "]")
		case i > stage:
			box = st.Muted.Render(name)
		}
		piece := box
		if i > 0 {
			piece = arrow + box
		}
		if cur != "" && ansi.StringWidth(cur+piece) > width {
			lines = append(lines, cur)
			piece = strings.TrimLeft(piece, " ")
			cur = "  "
		}
		cur += piece
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], width, "…")
	}
	return lines
}

// Text is the whole lesson as plain text, every step after the other, for
// a consumer that prints instead of paging.
func (l Lesson) Text(st Styles, width int) string {
	var b strings.Builder
	for i, s := range l.Steps {
		b.WriteString(l.Heading(i, st, width) + "\n\n" + strings.TrimRight(s.Text, "\n") + "\n\n")
	}
	return b.String()
}

// lessonDoc starts a step's text.
func lessonDoc(st Styles, width int) *doc { return newDoc(st, width) }

// lead writes a step's first paragraph: what the verifier does here and
// the section of the RFC that says so.
func lead(d *doc, s string) {
	d.para("", "", s)
	d.blank()
}

// Lessons are every walk-through a message offers, in report order: each
// DKIM-Signature, the ARC chain when the message has one, and DMARC when
// it was evaluated. The TUI shows them a step at a time (key w);
// LessonsText prints them all.
func Lessons(rep *analyze.Report, st Styles, width int) []Lesson {
	var out []Lesson
	for _, r := range rep.DKIM {
		if r != nil {
			out = append(out, DKIMLesson(rep, r, st, width))
		}
	}
	if rep.ARC != nil && len(rep.ARC.Sets) > 0 {
		out = append(out, ARCLesson(rep, st, width))
	}
	if rep.DMARC != nil {
		out = append(out, DMARCLesson(rep, st, width))
	}
	return out
}

// LessonsText writes every lesson of a message, each step under its
// heading and diagram (`report --format lesson`: a handout for a class).
func LessonsText(w io.Writer, rep *analyze.Report, name string, st Styles, width int) error {
	var b strings.Builder
	rule := "━━"
	if st.ASCII {
		rule = "=="
	}
	d := newDoc(st, width)
	d.para("", "", st.Heading.Render(rule+" "+Safe(name)+" "+rule))
	b.WriteString(d.String())
	ls := Lessons(rep, st, width)
	if len(ls) == 0 {
		d := newDoc(st, width)
		d.paraStyled("", "", "Nothing to walk through: the message has no DKIM-Signature, no ARC set, and DMARC was not evaluated.", st.Muted)
		b.WriteString(d.String())
	}
	for _, l := range ls {
		b.WriteString("\n" + l.Text(st, width))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
