package main

import (
	"io"
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/headerscope/headerscope/render"
)

// defaultWidth is the text width when stdout is not a terminal.
const defaultWidth = 80

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// textStyle returns the styles and width for text written to w: colour
// only on a terminal with NO_COLOR unset, the terminal's width or 80.
func textStyle(w io.Writer) (render.Styles, int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return render.NewStyles(false), defaultWidth
	}
	width := defaultWidth
	if cols, _, err := term.GetSize(f.Fd()); err == nil && cols > 0 {
		width = min(cols, 160)
	}
	return render.NewStyles(render.ColorWanted(f)), width
}
