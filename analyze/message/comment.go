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

// SkipQuoted returns the offset just past the quoted-string that starts at
// s[i] == '"' (RFC 5322 section 3.2.4): a quoted-pair ("\"") does not end
// it. ok is false when it runs unterminated to the end of s; end is then
// len(s).
func SkipQuoted(s string, i int) (end int, ok bool) {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return len(s), false
}
