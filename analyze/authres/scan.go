package authres

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/message"
)

// scanner walks a field value byte by byte. Every method advances i or
// leaves it where it was and says so, which keeps parsing linear: the
// callers never loop without consuming input.
type scanner struct {
	s        string
	i        int
	problems []Problem
	// dropped counts what was parsed but not kept past the limits below
	// (problems, comments, properties), so that a field repeating one of
	// them a million times costs memory for MaxKept of them, not a million.
	dropped int
}

// MaxKept is how many results, properties of one result, comments of one
// list and problems of one field are kept. Those past it are still parsed
// (so that the rest of the field is read as written) and counted.
const MaxKept = 100

// keep reports whether one more item may be added to a list of n.
func (sc *scanner) keep(n int) bool {
	if n < MaxKept {
		return true
	}
	sc.dropped++
	return false
}

func (sc *scanner) eof() bool { return sc.i >= len(sc.s) }

// peek returns the current byte, or 0 at the end.
func (sc *scanner) peek() byte {
	if sc.i < len(sc.s) {
		return sc.s[sc.i]
	}
	return 0
}

func (sc *scanner) problem(off int, format string, args ...any) {
	if !sc.keep(len(sc.problems)) {
		return
	}
	sc.problems = append(sc.problems, Problem{Offset: off, Text: fmt.Sprintf(format, args...)})
}

func isWSP(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// skipCFWS skips folding white space and comments (RFC 5322 section
// 3.2.2). The text of each comment, without its outer parentheses, is
// appended to *comments when comments is not nil.
func (sc *scanner) skipCFWS(comments *[]string) {
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		switch {
		case isWSP(c):
			sc.i++
		case c == '(':
			text := sc.comment()
			if comments != nil && sc.keep(len(*comments)) {
				*comments = append(*comments, text)
			}
		default:
			return
		}
	}
}

// comment consumes a comment starting at '(' and returns its inner text,
// unfolded.
// Comments nest and may hold quoted-pairs (RFC 5322 section 3.2.2), so
// "(2048-bit key; unprotected key)" is one comment, ";" and all.
func (sc *scanner) comment() string {
	start := sc.i
	end, ok := message.SkipComment(sc.s, start)
	sc.i = end
	if !ok {
		sc.problem(start, "unterminated comment")
		return message.Unfold(sc.s[start+1:])
	}
	return message.Unfold(sc.s[start+1 : end-1])
}

// quoted consumes a quoted-string starting at '"' and returns its content
// with quoted-pairs resolved and folding removed (RFC 5322 section 3.2.4:
// the FWS in a quoted-string is unfolded, its white space is content).
func (sc *scanner) quoted() string {
	start := sc.i
	sc.i++
	var b strings.Builder
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		switch c {
		case '"':
			sc.i++
			return message.Unfold(b.String())
		case '\\':
			if sc.i+1 < len(sc.s) {
				sc.i++
				c = sc.s[sc.i]
			}
		}
		b.WriteByte(c)
		sc.i++
	}
	sc.problem(start, "unterminated quoted string")
	return message.Unfold(b.String())
}

// isKeywordChar reports whether c may appear in a Keyword: RFC 8601 uses
// ldh-str (letters, digits, hyphen); "_" is accepted too because vendors
// write it.
func isKeywordChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// keyword consumes a Keyword and returns it as written ("" if none).
func (sc *scanner) keyword() string {
	start := sc.i
	for sc.i < len(sc.s) && isKeywordChar(sc.s[sc.i]) {
		sc.i++
	}
	return sc.s[start:sc.i]
}

// digits consumes a run of ASCII digits.
func (sc *scanner) digits() string {
	start := sc.i
	for sc.i < len(sc.s) && sc.s[sc.i] >= '0' && sc.s[sc.i] <= '9' {
		sc.i++
	}
	return sc.s[start:sc.i]
}

// value consumes a value as RFC 8601 allows it after "=": a token, a
// quoted-string, or an address ("local@domain", "@domain",
// "\"quoted local\"@domain"). It ends at white space, ";" or "(". A value
// that is a single quoted-string is returned unquoted.
func (sc *scanner) value() string {
	start := sc.i
	var unquoted string
	quoteEnd := -1
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		if isWSP(c) || c == ';' || c == '(' {
			break
		}
		if c == '"' {
			qstart := sc.i
			unquoted = sc.quoted()
			quoteEnd = -1
			if qstart == start {
				quoteEnd = sc.i
			}
			continue
		}
		sc.i++
	}
	if quoteEnd == sc.i {
		return unquoted // the whole value is one quoted-string
	}
	// A token, or an address whose local part is quoted
	// ("\"a b\"@example.com"): kept as written, since removing the
	// quotes would change the address.
	return sc.s[start:sc.i]
}

// skipTo consumes up to, not including, the next ';' that is outside any
// comment or quoted-string, or to the end. It is how parsing resumes after
// a malformed resinfo.
func (sc *scanner) skipTo() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ';':
			return
		case '(':
			sc.comment()
		case '"':
			sc.quoted()
		default:
			sc.i++
		}
	}
}

// trimEnd returns the end of s[start:end] with trailing white space
// removed, so that Raw stops at the last character that belongs to it.
func (sc *scanner) trimEnd(start, end int) int {
	for end > start && isWSP(sc.s[end-1]) {
		end--
	}
	return end
}

// describe names the byte at the scanner's position for a problem text.
func (sc *scanner) describe() string {
	if sc.eof() {
		return "end of field"
	}
	return fmt.Sprintf("%q", sc.s[sc.i:sc.i+1])
}
