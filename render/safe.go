package render

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Safe returns s with everything that could act on a terminal, or hide
// or reorder what the reader sees, shown escaped instead:
//
//   - C0 controls and DEL as \t, \n, \r or \xNN (so ESC, and with it every
//     CSI, OSC and DCS sequence: colours, cursor moves, OSC 8 links, OSC 52
//     clipboard writes, window titles, is printed as the text "\x1b");
//   - invalid UTF-8 bytes as \xNN;
//   - C1 controls (U+0080 to U+009F), format characters (bidirectional
//     overrides and isolates, U+200E, U+200F, U+061C, zero-width spaces and
//     joiners, U+2060, U+FEFF, U+00AD, Unicode tag characters), line and
//     paragraph separators and invisible fillers as ⟨U+XXXX⟩.
//
// Every string that comes from a message goes through Safe or Visible
// before it is printed.
func Safe(s string) string { return escape(s, false) }

// Visible is Safe that also makes white space visible, for
// canonicalization views where every byte counts: space as ·, tab as →,
// CR as ␍ and LF as ␊.
func Visible(s string) string { return escape(s, true) }

func escape(s string, visible bool) string {
	if !needsEscape(s, visible) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			fmt.Fprintf(&b, `\x%02x`, s[i])
			i++
			continue
		}
		i += size
		if visible {
			switch r {
			case ' ':
				b.WriteString("·")
				continue
			case '\t':
				b.WriteString("→")
				continue
			case '\r':
				b.WriteString("␍")
				continue
			case '\n':
				b.WriteString("␊")
				continue
			}
		}
		switch {
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case dangerous(r):
			fmt.Fprintf(&b, "⟨U+%04X⟩", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// needsEscape is the fast path: most header text is printable ASCII.
func needsEscape(s string, visible bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 || (visible && c == ' ') {
			if c >= 0x80 {
				return slowNeedsEscape(s[i:], visible)
			}
			return true
		}
	}
	return false
}

func slowNeedsEscape(s string, visible bool) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return true
		}
		if r < 0x20 || r == 0x7f || dangerous(r) || (visible && r == ' ') {
			return true
		}
		i += size
	}
	return false
}

// dangerous reports whether a rune outside ASCII must be escaped: controls
// (Cc, which holds C1), format characters (Cf: bidi controls U+202A to
// U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C; zero-width U+200B to
// U+200D, U+2060, U+FEFF; U+00AD; tag characters U+E0000 to U+E007F that can
// smuggle invisible ASCII), line and paragraph separators, and characters
// that render as blank space without being white space.
func dangerous(r rune) bool {
	switch r {
	case 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFFA0, 0xFFFE, 0xFFFF, 0x2028, 0x2029:
		return true
	}
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) ||
		(r >= 0xFFF9 && r <= 0xFFFB) || (r >= 0xE0000 && r <= 0xE007F)
}
