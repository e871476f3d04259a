package received

import "github.com/headerscope/headerscope/analyze/message"

// token is a word or a comment of the clause part of a Received field.
type token struct {
	text     string // the word, or the comment without parentheses
	comment  bool
	off, end int // byte range in the field value, parentheses included
}

func isWSP(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// tokenize splits value into words and comments up to the last ";" that is
// outside every comment and quoted-string, and returns that ";"'s offset
// (-1 if there is none). An earlier ";" separates words like white space.
// It runs in one pass, linear in len(value).
func tokenize(value string) (toks []token, semi int, probs []Problem) {
	semi = -1
	i := 0
	for i < len(value) {
		c := value[i]
		switch {
		case isWSP(c):
			i++
		case c == ';':
			semi = i
			i++
		case c == '(':
			start := i
			end, ok := message.SkipComment(value, i)
			if !ok {
				probs = append(probs, Problem{start, "unterminated comment"})
				toks = append(toks, token{text: value[start+1 : end], comment: true, off: start, end: end})
			} else {
				toks = append(toks, token{text: value[start+1 : end-1], comment: true, off: start, end: end})
			}
			i = end
		default:
			start := i
			for i < len(value) && !isWSP(value[i]) && value[i] != '(' && value[i] != ';' {
				if value[i] == '"' {
					end, ok := message.SkipQuoted(value, i)
					if !ok {
						probs = append(probs, Problem{i, "unterminated quoted string"})
					}
					i = end
					continue
				}
				i++
			}
			toks = append(toks, token{text: value[start:i], off: start, end: i})
		}
	}
	if semi >= 0 {
		n := 0
		for _, t := range toks {
			if t.off < semi {
				toks[n] = t
				n++
			}
		}
		toks = toks[:n]
	}
	return toks, semi, probs
}

// stripComments replaces every comment in s by a space, for the date.
func stripComments(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if s[i] == '(' {
			end, _ := message.SkipComment(s, i)
			b = append(b, ' ')
			i = end
			continue
		}
		b = append(b, s[i])
		i++
	}
	return string(b)
}
