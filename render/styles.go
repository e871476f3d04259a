package render

import (
	"charm.land/lipgloss/v2"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Styles holds every style render uses, named by meaning. Colour never
// carries meaning alone: each verdict is also a word and a glyph.
type Styles struct {
	// Color is true when the styles emit colour and attributes; false
	// styles render text unchanged.
	Color bool
	// ASCII replaces the Unicode glyphs (✓ ✗ →) with ASCII ones, for
	// terminals that cannot show UTF-8.
	ASCII bool
	// Interactive is true for the TUI: advice then names its keys and
	// how to start it, where a report names the flags of `headerscope
	// report` (see DNSAdvice).
	Interactive bool

	Pass, Fail, Warn, Error, Neutral, Muted lipgloss.Style
	Heading, Subheading, TagName, Label     lipgloss.Style
	Value, Marker, Whitespace               lipgloss.Style
}

// NewStyles returns the styles for one output: coloured (the 16 ANSI
// colours, so that the terminal's own light or dark theme picks the
// shades) when color is true, plain otherwise. The caller decides color
// (cmd/headerscope looks at the terminal and NO_COLOR); a lipgloss v2
// style has no renderer and so never looks at the terminal itself.
func NewStyles(color bool) Styles {
	if !color {
		p := lipgloss.NewStyle()
		return Styles{Pass: p, Fail: p, Warn: p, Error: p, Neutral: p, Muted: p,
			Heading: p, Subheading: p, TagName: p, Label: p, Value: p, Marker: p, Whitespace: p}
	}
	n := lipgloss.NewStyle()
	return Styles{
		Color:      true,
		Pass:       n.Foreground(lipgloss.Color("2")).Bold(true),
		Fail:       n.Foreground(lipgloss.Color("1")).Bold(true),
		Warn:       n.Foreground(lipgloss.Color("3")),
		Error:      n.Foreground(lipgloss.Color("5")).Bold(true),
		Neutral:    n.Foreground(lipgloss.Color("4")),
		Muted:      n.Faint(true),
		Heading:    n.Bold(true),
		Subheading: n.Bold(true),
		TagName:    n.Foreground(lipgloss.Color("6")).Bold(true),
		Label:      n.Foreground(lipgloss.Color("6")),
		Value:      n,
		Marker:     n.Foreground(lipgloss.Color("1")).Bold(true),
		Whitespace: n.Faint(true),
	}
}

// Glyph returns the one-character sign shown before a verdict word.
func (st Styles) Glyph(r verdict.Result) string {
	u, a := glyphs(r)
	if st.ASCII {
		return a
	}
	return u
}

func glyphs(r verdict.Result) (string, string) {
	switch r {
	case verdict.Pass:
		return "✓", "+"
	case verdict.Fail:
		return "✗", "x"
	case verdict.PermError:
		return "!", "!"
	case verdict.TempError:
		return "?", "?"
	case verdict.Neutral:
		return "~", "~"
	case verdict.SoftFail:
		return "≈", "~"
	case verdict.Policy:
		return "✓!", "+!"
	case verdict.None:
		return "-", "-"
	}
	return "?", "?"
}

// Style returns the style of a verdict.
func (st Styles) Style(r verdict.Result) lipgloss.Style {
	switch r {
	case verdict.Pass:
		return st.Pass
	case verdict.Fail, verdict.SoftFail:
		return st.Fail
	case verdict.PermError:
		return st.Error
	case verdict.TempError, verdict.Policy:
		return st.Warn
	case verdict.Neutral:
		return st.Neutral
	}
	return st.Muted
}

// Verdict renders a verdict as glyph and word, styled: "✓ pass".
func (st Styles) Verdict(r verdict.Result) string {
	w := string(r)
	if w == "" {
		w = "none"
		r = verdict.None
	}
	return st.Style(r).Render(st.Glyph(r) + " " + w)
}

// Arrow returns "→", or "->" in ASCII mode.
func (st Styles) Arrow() string {
	if st.ASCII {
		return "->"
	}
	return "→"
}

// check renders the status of one half of a signature (Match, Mismatch,
// NotChecked) as glyph and words.
func (st Styles) check(status dkim.Status) string {
	switch status {
	case dkim.Match:
		return st.Pass.Render(st.Glyph(verdict.Pass) + " match")
	case dkim.Mismatch:
		return st.Fail.Render(st.Glyph(verdict.Fail) + " mismatch")
	case "":
		return st.Muted.Render("- not recorded")
	}
	return st.Warn.Render("- not checked")
}
