package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxClipboard is the most a copy may hold: OSC 52 sends it to the
// terminal as base64 in one sequence, and terminals drop or choke on
// larger ones.
const MaxClipboard = 1 << 20

// Clipboard returns s made safe to copy to the system clipboard through
// OSC 52: the value is pasted later into a shell or an editor, where an
// ESC (a bracketed paste ended early by "\x1b[201~"), a C1 control, a lone
// CR or a bidirectional override would act instead of being read (issue
// 12, B7). Tabs and line ends (LF, CRLF) are kept, as a folded header
// field needs them; every other character that Safe escapes is written as
// Safe writes it (\x1b, ⟨U+202E⟩). escaped counts those, for the status
// line to say so. A value over MaxClipboard is refused: err says what to
// do instead.
func Clipboard(s string) (out string, escaped int, err error) {
	if len(s) > MaxClipboard {
		return "", 0, fmt.Errorf("it is %d bytes, more than the %d KiB a terminal takes through OSC 52; use headerscope report --json instead", len(s), MaxClipboard>>10)
	}
	var b strings.Builder
	start := 0 // s[start:i] is safe and not yet written
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		ok := r == '\t' || r == '\n' ||
			(r == '\r' && i+1 < len(s) && s[i+1] == '\n') ||
			(r >= 0x20 && r != 0x7f && !(r == utf8.RuneError && size <= 1) && !dangerous(r))
		if ok {
			i += size
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[start:i])
		b.WriteString(Safe(s[i : i+size]))
		escaped++
		i += size
		start = i
	}
	if escaped == 0 {
		return s, 0, nil
	}
	b.WriteString(s[start:])
	return b.String(), escaped, nil
}
