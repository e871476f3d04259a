package main

import (
	"os"

	"github.com/charmbracelet/x/term"

	"github.com/headerscope/headerscope/render"
)

// This file is the one place that looks at the terminal: whether an input
// or output is one, its width, and whether colour is wanted. Nothing here
// writes to the terminal or reads from it, so `report` never waits on a
// terminal answer.

// defaultWidth is the text width when stdout is not a terminal.
const defaultWidth = 80

// terminal returns f as a terminal device, or nil when v is not one.
func terminal(v any) *os.File {
	f, ok := v.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return nil
	}
	return f
}

// isTerminal reports whether v (an input or output) is a terminal.
func isTerminal(v any) bool { return terminal(v) != nil }

// colorWanted reports whether the user allows colour: NO_COLOR unset or
// empty (https://no-color.org).
func colorWanted() bool { return os.Getenv("NO_COLOR") == "" }

// textStyle returns the styles and width for text written to w: colour
// only on a terminal with NO_COLOR unset, the terminal's width or 80.
func textStyle(w any) (render.Styles, int) {
	f := terminal(w)
	if f == nil {
		return render.NewStyles(false), defaultWidth
	}
	width := defaultWidth
	if cols, _, err := term.GetSize(f.Fd()); err == nil && cols > 0 {
		width = min(cols, 160)
	}
	return render.NewStyles(colorWanted()), width
}
