package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/conclusion"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
)

// cardFinding is the verdict card (issue 13 item 1): the conclusion about
// the message in the words of render.VerdictCard, the same as `report`
// prints, first among the findings. In its detail each piece of evidence
// is a link: j/k pick one, enter or its number follows it to the finding
// its pointer names.
type cardFinding struct {
	rep  *analyze.Report
	card render.Card
}

func newCardFinding(rep *analyze.Report) cardFinding {
	return cardFinding{rep: rep, card: render.VerdictCard(rep, conclusion.Of(rep))}
}

func (f cardFinding) FilterValue() string { return "verdict " + f.card.Summary }

// label is the summary after the headline, which the mark shows.
func (f cardFinding) label() string {
	rest := strings.TrimPrefix(strings.TrimPrefix(f.card.Summary, f.card.Headline), ": ")
	return render.Safe(rest)
}

func (f cardFinding) mark(st render.Styles) string { return render.VerdictMark(f.card, st) }

func (f cardFinding) result() verdict.Result { return "" }

func (f cardFinding) supports(v render.View) bool { return v == render.ViewOverview }

// detail is the card with no link picked; the model draws it with the
// picked one (linked).
func (f cardFinding) detail(v render.View, st render.Styles, width int) string {
	text, _ := f.linked(st, width, -1)
	return text
}

// linked lays the card out with each piece of evidence numbered, sel
// marked with "›", and says on which line each starts.
func (f cardFinding) linked(st render.Styles, width, sel int) (string, []int) {
	text, starts := render.VerdictLinks(f.card, st, width, func(i int) string {
		mark := " "
		if i == sel {
			mark = "›"
		}
		if i >= 9 {
			return fmt.Sprintf("%s%-3d", mark, i+1)
		}
		return fmt.Sprintf("%s%d. ", mark, i+1)
	})
	if len(f.card.Evidence) > 0 {
		hint := ansi.Wordwrap("j/k pick a piece of evidence, enter or its number (1-9) shows the finding that proves it; esc there comes back", max(width, 20), "")
		for _, l := range strings.Split(hint, "\n") {
			text += "\n" + st.Muted.Render(l)
		}
		text += "\n"
	}
	return text, starts
}

func (f cardFinding) copyValue(render.View) (string, string) {
	var b strings.Builder
	b.WriteString(f.card.Summary + "\n")
	for _, e := range f.card.Evidence {
		fmt.Fprintf(&b, "- %s [%s]\n", e.Text, render.PointerLabel(e.Pointer))
	}
	return b.String(), "the verdict card"
}

// pointsAt reports whether finding it is the one pointer p names. A
// header field points at the timeline, where every field is listed.
func pointsAt(it finding, p conclusion.Pointer, claimIndex int) bool {
	switch it := it.(type) {
	case dkimFinding:
		return p.Finding == conclusion.FindingDKIM && it.r.Kind == dkim.KindDKIM && it.r.Index == p.Index
	case arcChainFinding:
		return p.Finding == conclusion.FindingARC && p.Instance == 0
	case arcSetFinding:
		return p.Finding == conclusion.FindingARC && p.Instance > 0 && it.set.Instance == p.Instance
	case claimFinding:
		return p.Finding == conclusion.FindingAuthRes && claimIndex == p.Index
	case dmarcFinding:
		return p.Finding == conclusion.FindingDMARC
	case spfFinding:
		return p.Finding == conclusion.FindingSPF
	case receivedFinding:
		return p.Finding == conclusion.FindingReceived
	case timelineFinding:
		return p.Finding == conclusion.FindingHeaderField
	}
	return false
}
