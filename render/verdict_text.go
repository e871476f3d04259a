package render

import (
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/conclusion"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// kindStyle picks the result word whose style a verdict kind takes.
func kindStyle(k conclusion.Kind) verdict.Result {
	switch k {
	case conclusion.Authentic:
		return verdict.Pass
	case conclusion.Spoofed, conclusion.Altered:
		return verdict.Fail
	case conclusion.Suspicious, conclusion.AuthenticChanged, conclusion.CannotTell, conclusion.CannotTellOffline:
		return verdict.TempError
	case conclusion.Forwarded:
		return verdict.Neutral
	}
	return verdict.None
}

// VerdictMark is the headline of card c with the glyph and style of its
// kind ("✗ Spoofed"), for the TUI's verdict row.
func VerdictMark(c Card, st Styles) string {
	res := kindStyle(c.Kind)
	return st.Style(res).Render(st.Glyph(res) + " " + Safe(c.Headline))
}

// VerdictText is the verdict card at the top of the text report: the
// summary line, then each piece of evidence with the finding that proves
// it.
func VerdictText(rep *analyze.Report, st Styles, width int) string {
	bullet := "  · "
	if st.ASCII {
		bullet = "  - "
	}
	text, _ := VerdictLinks(VerdictCard(rep, conclusion.Of(rep)), st, width, func(int) string { return bullet })
	return text
}

// VerdictLinks lays card c out as VerdictText does, with bullet(i) (four
// columns) in front of evidence i, and returns the line on which each
// piece of evidence starts, so that the TUI can make each one a link to
// its finding with the same words as the report.
func VerdictLinks(c Card, st Styles, width int, bullet func(i int) string) (string, []int) {
	d := newDoc(st, width)
	head := st.Style(kindStyle(c.Kind)).Render(Safe(c.Headline))
	d.kv("", 8, "Verdict:", head+Safe(strings.TrimPrefix(c.Summary, c.Headline)), false)
	starts := make([]int, len(c.Evidence))
	for i, e := range c.Evidence {
		starts[i] = strings.Count(d.String(), "\n")
		d.para(bullet(i), "    ", Safe(e.Text)+" "+st.Muted.Render("["+Safe(PointerLabel(e.Pointer))+"]"))
	}
	return d.String(), starts
}
