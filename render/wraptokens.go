package render

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Wrap folds s (already made safe, possibly styled) to lines of at most
// width columns, breaking at spaces and, inside a word too long for a line,
// between characters. Unlike ansi.Wrap it never breaks inside one of the
// tokens that Safe and Visible write for a byte (\x1b, \r, ⟨U+202E⟩, the
// pair ␍␊), which cut in two would no longer say which byte was there, and
// never inside an escape sequence of the styles.
func Wrap(s string, width int) string { return wrapTokens(s, width, false) }

// HardWrap folds s at width columns without looking for spaces, keeping
// every space: for base64, hex and canonical text where every byte counts.
// It breaks only between tokens, as Wrap does.
func HardWrap(s string, width int) string { return wrapTokens(s, width, true) }

// atom is one unbreakable piece of text: an escape sequence (no width), a
// token, a space, a line end or one character with its combining marks.
type atom struct {
	s     string
	width int
}

// atoms splits s into atoms.
func atoms(s string) []atom {
	var out []atom
	for i := 0; i < len(s); {
		n := tokenLen(s[i:])
		piece := s[i : i+n]
		w := 0
		if piece[0] != '\x1b' && piece != "\n" {
			w = ansi.StringWidth(piece)
		}
		if w == 0 && piece[0] != '\x1b' && piece != "\n" && len(out) > 0 && out[len(out)-1].s != "\n" {
			// A combining mark or other zero-width rune stays with
			// the character before it.
			out[len(out)-1].s += piece
		} else {
			out = append(out, atom{piece, w})
		}
		i += n
	}
	return out
}

// tokenLen is the length of the atom at the start of s.
func tokenLen(s string) int {
	switch {
	case s[0] == '\x1b':
		return escapeLen(s)
	case s[0] == '\\' && len(s) >= 4 && s[1] == 'x' && isHex(s[2]) && isHex(s[3]):
		return 4
	case s[0] == '\\' && len(s) >= 2 && strings.IndexByte(`tnr`, s[1]) >= 0:
		return 2
	case strings.HasPrefix(s, "⟨U+"):
		if j := strings.Index(s, "⟩"); j > 0 && j <= len("⟨U+")+6 {
			return j + len("⟩")
		}
	case strings.HasPrefix(s, "␍␊"):
		return len("␍␊")
	}
	_, n := utf8.DecodeRuneInString(s)
	return n
}

// escapeLen is the length of the escape sequence at the start of s: CSI
// (ESC [ ... final byte), OSC (ESC ] ... BEL or ST), or ESC and one byte.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for j := 2; j < len(s); j++ {
			if s[j] >= 0x40 && s[j] <= 0x7e {
				return j + 1
			}
		}
		return len(s)
	case ']':
		for j := 2; j < len(s); j++ {
			if s[j] == '\a' {
				return j + 1
			}
			if s[j] == '\x1b' && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2
			}
		}
		return len(s)
	}
	return 2
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func wrapTokens(s string, width int, hard bool) string {
	if width < 1 {
		width = 1
	}
	var b strings.Builder
	cur := 0
	newline := func() {
		b.WriteByte('\n')
		cur = 0
	}
	if hard {
		for _, a := range atoms(s) {
			if a.s == "\n" {
				newline()
				continue
			}
			if cur > 0 && cur+a.width > width {
				newline()
			}
			b.WriteString(a.s)
			cur += a.width
		}
		return b.String()
	}
	var word []atom
	wordW := 0
	spaces := 0
	flush := func() {
		if len(word) == 0 {
			return
		}
		switch {
		case cur > 0 && cur+spaces+wordW > width:
			newline()
		default:
			b.WriteString(strings.Repeat(" ", spaces))
			cur += spaces
		}
		for _, a := range word {
			if cur > 0 && cur+a.width > width {
				newline()
			}
			b.WriteString(a.s)
			cur += a.width
		}
		word, wordW, spaces = word[:0], 0, 0
	}
	for _, a := range atoms(s) {
		switch a.s {
		case " ":
			flush()
			spaces++
		case "\n":
			flush()
			spaces = 0
			newline()
		case "-":
			// A line may break after a hyphen, as in "re-folded".
			word = append(word, a)
			wordW += a.width
			flush()
		default:
			word = append(word, a)
			wordW += a.width
		}
	}
	flush()
	return b.String()
}
