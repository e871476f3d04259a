package dkim

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reading the words of a text/plain or text/html alternative, for the
// comparison in diagnose_alternative.go.

// tokenizer splits text into words: runs of letters and digits, joined
// across one of . , - / @ between two letters or two digits (an amount
// "12,400.00", an address), and URLs whole.
type tokenizer struct {
	words    []altWord
	offs     []int
	links    []altWord
	linkOffs []int
	urls     int
	cur      []byte
	start    int
	joiner   []byte
	digit    bool // the last character of cur is a digit
}

func (tk *tokenizer) flush() {
	if len(tk.cur) > 0 {
		w := string(tk.cur)
		key := strings.ToLower(w)
		if !utf8.ValidString(w) {
			key = lowerASCII(w) // ISO-8859-1 letters kept apart, not all U+FFFD
		}
		tk.words = append(tk.words, altWord{key: key, text: w})
		tk.offs = append(tk.offs, tk.start)
	}
	tk.cur, tk.joiner = tk.cur[:0], nil
}

// text tokenizes b, which starts at decoded offset base; entities says
// whether HTML character references are decoded (text of an HTML part).
// A byte that is not UTF-8 is read as ISO-8859-1 (a part in that charset
// keeps its letters, and its no-break space separates).
func (tk *tokenizer) text(b []byte, base int, entities bool) {
	for i := 0; i < len(b); {
		if n := urlLen(b[i:]); n > 0 && (len(tk.cur) == 0 || tk.joiner != nil) {
			tk.flush()
			u := string(b[i : i+n])
			tk.words = append(tk.words, altWord{key: urlKey(u), text: u, url: true})
			tk.offs = append(tk.offs, base+i)
			tk.urls++
			i += n
			continue
		}
		if n := placeholderLen(b[i:]); n > 0 && !entities {
			tk.flush()
			i += n
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			r = rune(b[i])
		}
		chunk := b[i : i+size]
		if entities && b[i] == '&' {
			if end := bytes.IndexByte(b[i:min(len(b), i+12)], ';'); end > 1 {
				if dec := html.UnescapeString(string(b[i : i+end+1])); dec != string(b[i:i+end+1]) {
					r, _ = utf8.DecodeRuneInString(dec)
					chunk, size = []byte(dec), end+1
				}
			}
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if tk.joiner != nil && unicode.IsDigit(r) != tk.digit {
				tk.flush() // "2023.What": a joiner only joins like with like
			}
			if len(tk.cur) == 0 {
				tk.start = base + i
			}
			tk.cur = append(append(tk.cur, tk.joiner...), chunk...)
			tk.joiner, tk.digit = nil, unicode.IsDigit(r)
		case len(tk.cur) > 0 && tk.joiner == nil && strings.ContainsRune(".,-/@", r):
			tk.joiner = chunk
		default:
			tk.flush()
		}
		i += size
	}
	tk.flush()
}

// placeholderLen is the length of an image placeholder at the start of b
// in a plain part ("[image: logo]", Outlook's "[cid:image001.png@...]"),
// which stands for what the HTML shows as an image; 0 when none.
func placeholderLen(b []byte) int {
	if len(b) < 2 || b[0] != '[' || !hasPrefixFold(b[1:], "image:") && !hasPrefixFold(b[1:], "cid:") {
		return 0
	}
	if end := bytes.IndexAny(b, "]\n"); end > 0 && b[end] == ']' {
		return end + 1
	}
	return 0
}

// link records the href URL of an HTML tag.
func (tk *tokenizer) link(v string, off int) {
	v = html.UnescapeString(strings.TrimSpace(v))
	if n := urlLen([]byte(v)); n > 0 {
		tk.links = append(tk.links, altWord{key: urlKey(v[:n]), text: v[:n], url: true})
		tk.linkOffs = append(tk.linkOffs, off)
	}
}

// urlLen is the length of the http(s) or mailto URL at the start of b,
// trailing punctuation left out; 0 when b does not start with one.
func urlLen(b []byte) int {
	if !hasPrefixFold(b, "http://") && !hasPrefixFold(b, "https://") && !hasPrefixFold(b, "mailto:") {
		return 0
	}
	n := 0
	for n < len(b) && !strings.ContainsRune(" \t\r\n<>\"'`", rune(b[n])) {
		n++
	}
	for n > 0 && strings.ContainsRune(".,;:!?)]", rune(b[n-1])) {
		n--
	}
	return n
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

// urlKey compares URLs with a trailing slash or not alike, and with "&"
// written "&amp;" (a plain part that copied the HTML's) alike; a mailto
// URL by its address.
func urlKey(u string) string {
	u = html.UnescapeString(u)
	if hasPrefixFold([]byte(u), "mailto:") {
		addr, _, _ := strings.Cut(u[len("mailto:"):], "?")
		return "mailto:" + strings.ToLower(addr)
	}
	return strings.TrimSuffix(u, "/")
}

// htmlWords tokenizes the visible text of an HTML part (tags, comments
// and the content of head, style, script and title left out) and the URLs
// of its href attributes (an image's src has no counterpart in the plain
// text).
func htmlWords(b []byte, tk *tokenizer) {
	for i := 0; i < len(b); {
		if b[i] != '<' {
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				j = len(b) - i
			}
			tk.text(b[i:i+j], i, true)
			i += j
			continue
		}
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			j := bytes.Index(b[i+4:], []byte("-->"))
			if j < 0 {
				return
			}
			i += 4 + j + 3
			continue
		}
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			return
		}
		tag := b[i+1 : i+j]
		name := tagName(tag)
		for _, attr := range []string{"href="} {
			if k := indexASCIIFold(string(tag), attr); k >= 0 {
				v := tag[k+len(attr):]
				if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
					if e := bytes.IndexByte(v[1:], v[0]); e >= 0 {
						v = v[1 : 1+e]
					}
				} else if e := bytes.IndexAny(v, " \t\r\n"); e >= 0 {
					v = v[:e]
				}
				tk.link(string(v), i)
			}
		}
		i += j + 1
		// A word does not run on across a tag that breaks the text.
		tk.flush()
		switch name {
		case "head", "style", "script", "title":
			k := indexASCIIFold(string(b[i:]), "</"+name)
			if k < 0 {
				return
			}
			i += k
		}
	}
}

// tagName is the lower-case name of a tag's text ("/p" for a closing one).
func tagName(tag []byte) string {
	n := 0
	if n < len(tag) && tag[n] == '/' {
		n++
	}
	for n < len(tag) && !strings.ContainsRune(" \t\r\n/>", rune(tag[n])) {
		n++
	}
	return strings.ToLower(string(tag[:n]))
}
