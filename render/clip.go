package render

import (
	"fmt"
	"unicode/utf8"
)

// MaxShown is how many bytes of one value taken from a message (a header
// field raw or canonical, a tag, an Authentication-Results claim) a
// report shows, in text, in the TUI and in JSON. A hostile message can
// carry a 20 MB Subject that thirty-two signatures all sign: the analysis
// shares one copy of it, and the output must not repeat it thirty-two
// times either. What is cut is counted: "… (N more bytes)". Every byte is
// still verified; the message itself holds the rest.
const MaxShown = 64 << 10

// Clip shortens s to at most max bytes, on a UTF-8 boundary, followed by
// "… (N more bytes)" saying how much was left out. It is applied before
// Safe or Visible, so that an escape such as ⟨U+202E⟩ is never cut.
func Clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}

// clipped is Clip at MaxShown.
func clipped(s string) string { return Clip(s, MaxShown) }
