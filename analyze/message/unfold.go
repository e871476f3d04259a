package message

import "strings"

// Unfold undoes header folding in a field value (RFC 5322 section 2.2.3):
// it removes every line end that is immediately followed by white space
// (SP or HTAB) and keeps that white space, so "a\r\n b" becomes "a b".
//
// Line ends are those Parse splits lines at: CRLF and, tolerated, a bare
// LF. A bare CR is not a line end for Parse, so it is data here too and
// is kept (render escapes it for display); removing it would show bytes
// the message does not hold. A line end that is not followed by white
// space does not fold anything and is kept, as the RFC says; a value taken
// from a parsed Field never holds one.
//
// Unfold does not trim: callers that show a value trim what they need.
func Unfold(s string) string {
	i := strings.IndexByte(s, '\n')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	start := 0 // s[start:] is not yet written
	for ; i < len(s); i++ {
		if s[i] != '\n' || i+1 >= len(s) || (s[i+1] != ' ' && s[i+1] != '\t') {
			continue
		}
		end := i // the line end is s[end:i+1]
		if end > start && s[end-1] == '\r' {
			end--
		}
		b.WriteString(s[start:end])
		start = i + 1
	}
	b.WriteString(s[start:])
	return b.String()
}
