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

// VerdictText is the verdict card at the top of the text report: the
// summary line, then each piece of evidence with the finding that proves
// it. The TUI can show the same text, or build its own links from
// VerdictCard's pointers.
func VerdictText(rep *analyze.Report, st Styles, width int) string {
	c := VerdictCard(conclusion.Of(rep))
	d := newDoc(st, width)
	head := st.Style(kindStyle(c.Kind)).Render(c.Headline)
	d.kv("", 8, "Verdict:", head+Safe(strings.TrimPrefix(c.Summary, c.Headline)), false)
	bullet := "  · "
	if st.ASCII {
		bullet = "  - "
	}
	for _, e := range c.Evidence {
		d.para(bullet, "    ", Safe(e.Text)+" "+st.Muted.Render("["+Safe(PointerLabel(e.Pointer))+"]"))
	}
	return d.String()
}
