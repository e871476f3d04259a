package message

// SkipComment returns the offset just past the comment that starts at
// s[i] == '(' (RFC 5322 section 3.2.2): comments nest, and a quoted-pair
// ("\)") is one literal byte, so "(a (b) \) c)" is one comment. ok is false
// when the comment runs unterminated to the end of s; end is then len(s).
// Every parser of structured fields (Received, Authentication-Results,
// From, ARC) skips comments with it, so they agree on where one ends.
func SkipComment(s string, i int) (end int, ok bool) {
	depth := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}
	}
	return len(s), false
}
