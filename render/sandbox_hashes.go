package render

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze/conclusion"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// The sandbox comparison's verdict table and hash lines (sandbox.go).

// sandboxVerdicts is the table of verdicts before → after: the
// signature's, each half's, the verdict card's and DMARC's.
func sandboxVerdicts(d *doc, before, after sandboxSide, st Styles) {
	lw := 9
	// "  label before → after": two columns in what the label, the
	// indent and the arrow leave.
	col := max((d.width-lw-5-ansi.StringWidth(st.Arrow()))/2, 12)
	row := func(label, b, a string) {
		line := "  " + st.Label.Render(pad(label, lw)) + " " + pad(ansi.Truncate(b, col, "…"), col) + " " + st.Arrow() + " " + ansi.Truncate(a, col, "…")
		d.line(line)
	}
	d.line("  " + pad("", lw) + " " + st.Muted.Render(pad("before", col)) + "   " + st.Muted.Render("after"))
	bv, br := before.verdictText(st)
	av, ar := after.verdictText(st)
	row("DKIM", bv, av)
	if br != "" || ar != "" {
		row("", st.Muted.Render(br), st.Muted.Render(ar))
	}
	card := func(s sandboxSide) string {
		if s.rep == nil {
			return st.Muted.Render("checking…")
		}
		c := VerdictCard(s.rep, conclusion.Of(s.rep))
		return st.Style(kindStyle(c.Kind)).Render(Safe(c.Headline))
	}
	half := func(s sandboxSide, header bool) string {
		switch {
		case s.rep == nil:
			return st.Muted.Render("checking…")
		case s.result == nil:
			return "-"
		case header:
			return st.check(s.result.Header.Status)
		}
		return st.check(s.result.Body.Status)
	}
	row("b= header", half(before, true), half(after, true))
	row("bh= body", half(before, false), half(after, false))
	row("verdict", card(before), card(after))
	dmarc := func(s sandboxSide) string {
		if s.rep == nil {
			return st.Muted.Render("checking…")
		}
		if s.rep.DMARC == nil {
			return st.Verdict(verdict.None)
		}
		return st.Verdict(s.rep.DMARC.Verdict)
	}
	row("DMARC", dmarc(before), dmarc(after))
}

// sandboxHashes puts bh= claimed and computed side by side (once when
// both sides agree).
func sandboxHashes(d *doc, before, after sandboxSide) {
	d.blank()
	alg := "sha256"
	if after.result != nil && after.result.Body.Algorithm != "" {
		alg = after.result.Body.Algorithm
	}
	d.para("", "  ", d.st.Subheading.Render("Body hash")+" "+d.st.Muted.Render("(bh=, "+alg+")"))
	claimed := func(s sandboxSide) string { return Safe(s.tags["bh"]) }
	computed := func(s sandboxSide) string {
		switch {
		case s.rep == nil:
			return d.st.Muted.Render("checking…")
		case s.result == nil:
			return "-"
		case s.result.Body.Computed == "":
			return d.st.Muted.Render(Safe(BodyDetail(s.result.Body)))
		}
		return s.result.Body.Computed
	}
	pair := func(label, b, a string) {
		if b == a {
			hashRow(d, label, "both", a)
			return
		}
		hashRow(d, label, "before", b)
		hashRow(d, "", "after", a)
	}
	pair("claimed", claimed(before), claimed(after))
	pair("computed", computed(before), computed(after))
	covered := func(s sandboxSide) string {
		switch {
		case s.rep == nil:
			return d.st.Muted.Render("checking…")
		case s.result == nil:
			return "-"
		}
		b := s.result.Body
		out := fmt.Sprintf("%d of %d canonical bytes", b.HashedLength, b.CanonicalLength)
		if l, ok := s.tags["l"]; ok {
			out = "l=" + Safe(l) + ": " + out
		}
		return out
	}
	_, lb := before.tags["l"]
	if _, la := after.tags["l"]; lb || la {
		pair("hashed", covered(before), covered(after))
	}
}

func hashRow(d *doc, label, side, value string) {
	d.hard("  "+d.st.Label.Render(pad(label, 9))+" "+pad(side, 7), strings.Repeat(" ", 19), value)
}
