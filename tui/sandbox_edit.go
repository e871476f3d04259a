package tui

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/message"
)

// The sandbox's edits are pure functions from the message's bytes to new
// bytes: the old slice is never written to, so a report still pointing
// into it (the "before" side) stays valid.

// rowKind says what a row of the sandbox's editor is.
type rowKind int

const (
	rowField rowKind = iota // a header field
	rowBody                 // a body line
)

// sbRow is one editable row: a header field or a body line.
type sbRow struct {
	kind rowKind
	// start and end are the row's bytes in the message, its line end
	// included; for a field, every folded line.
	start, end int
	name       string // field name
	line       int    // 1-based line number in the message
}

// maxBodyRows bounds the body lines offered for editing, so that opening a
// 64 MiB message does not make millions of rows.
const maxBodyRows = 2000

// maxEditable is the largest row the line editor takes.
const maxEditable = 16 << 10

// sandboxRows splits raw into header fields and body lines.
func sandboxRows(raw []byte) (rows []sbRow, more int) {
	m := message.Parse(raw)
	for _, f := range m.Fields {
		rows = append(rows, sbRow{kind: rowField, start: f.Offset, end: f.Offset + len(f.Raw), name: f.Name, line: f.Line})
	}
	if !m.HasBody {
		return rows, 0
	}
	pos, line := m.BodyOffset, m.BodyLine
	for pos < len(raw) {
		end := bytes.IndexByte(raw[pos:], '\n')
		if end < 0 {
			end = len(raw)
		} else {
			end += pos + 1
		}
		if len(rows) >= len(m.Fields)+maxBodyRows {
			more++
		} else {
			rows = append(rows, sbRow{kind: rowBody, start: pos, end: end, line: line})
		}
		pos, line = end, line+1
	}
	return rows, more
}

// content is the row without its final line end.
func (r sbRow) content(raw []byte) []byte { return message.TrimLineEnd(raw[r.start:r.end]) }

// lineEnd is the row's final line end ("\r\n", "\n" or none).
func (r sbRow) lineEnd(raw []byte) []byte { return raw[r.start+len(r.content(raw)) : r.end] }

// replaceRow returns raw with the row's content replaced by text (its line
// end kept; a field always gets one).
func replaceRow(raw []byte, r sbRow, text []byte) []byte {
	end := r.lineEnd(raw)
	if len(end) == 0 && r.kind == rowField {
		end = []byte("\r\n")
	}
	return splice(raw, r.start, r.end, append(append([]byte{}, text...), end...))
}

// removeRow returns raw without the row.
func removeRow(raw []byte, r sbRow) []byte { return splice(raw, r.start, r.end, nil) }

// insertField returns raw with the field text added at offset at (the
// start of a field, or the end of the header).
func insertField(raw []byte, at int, text []byte, crlf bool) []byte {
	le := "\r\n"
	if !crlf {
		le = "\n"
	}
	return splice(raw, at, at, append(append([]byte{}, text...), le...))
}

func splice(raw []byte, start, end int, repl []byte) []byte {
	out := make([]byte, 0, len(raw)-(end-start)+len(repl))
	out = append(out, raw[:start]...)
	out = append(out, repl...)
	return append(out, raw[end:]...)
}

// headerEnd is the offset where a field added at the bottom of the header
// goes: after the last field, before the blank line.
func headerEnd(raw []byte) int {
	m := message.Parse(raw)
	if n := len(m.Fields); n > 0 {
		f := m.Fields[n-1]
		return f.Offset + len(f.Raw)
	}
	return 0
}

// checkField says why text cannot be a header field, or nil: it needs a
// name of printable ASCII without a colon (RFC 5322 section 2.2) before
// its colon. A folded line must start with white space, or it would start
// another field.
func checkField(text []byte) error {
	name, _, ok := bytes.Cut(text, []byte(":"))
	if !ok || len(name) == 0 {
		return errors.New(`a header field is "Name: value"; type the name, a colon, then the value`)
	}
	for _, c := range bytes.TrimRight(name, " \t") {
		if c <= ' ' || c > '~' {
			return fmt.Errorf("the field name %q has a character RFC 5322 section 2.2 does not allow there", name)
		}
	}
	for _, l := range bytes.Split(text, []byte("\n"))[1:] {
		if len(l) == 0 || (l[0] != ' ' && l[0] != '\t') {
			return errors.New(`a line break (\n) in a field must be followed by a space or a tab: that is folding; without it the next line would be another field`)
		}
	}
	return nil
}

// nthSignatureField returns the n-th DKIM-Signature field of raw, counted
// from the top.
func nthSignatureField(raw []byte, n int) (message.Field, bool) {
	if sigs := message.Parse(raw).Header(string(dkim.KindDKIM)); n >= 0 && n < len(sigs) {
		return sigs[n], true
	}
	return message.Field{}, false
}

// countSignatures counts the DKIM-Signature fields of raw.
func countSignatures(raw []byte) int {
	return len(message.Parse(raw).Header(string(dkim.KindDKIM)))
}

// sigTag returns the value of tag name in the n-th signature ("" when
// absent).
func sigTag(raw []byte, n int, name string) string {
	f, ok := nthSignatureField(raw, n)
	if !ok {
		return ""
	}
	tags, _ := dkim.ParseTagList(f.ValueText())
	for _, t := range tags {
		if t.Name == name {
			return t.Value
		}
	}
	return ""
}

// canonOf returns the c= of the n-th signature as header and body
// canonicalizations, with the defaults of RFC 6376 section 3.5 (simple;
// a lone header algorithm means simple for the body).
func canonOf(raw []byte, n int) (header, body string) {
	c := strings.ToLower(sigTag(raw, n, "c"))
	header, body, _ = strings.Cut(c, "/")
	if header == "" {
		header = "simple"
	}
	if body == "" {
		body = "simple"
	}
	return header, body
}

// setSignatureTag returns raw with tag name of the n-th signature set to
// value ("" removes it).
func setSignatureTag(raw []byte, n int, name, value string) ([]byte, error) {
	f, ok := nthSignatureField(raw, n)
	if !ok {
		return nil, fmt.Errorf("the message has no DKIM-Signature number %d", n+1)
	}
	nf, err := dkim.SetTag(f.Raw, name, value)
	if err != nil {
		return nil, err
	}
	return splice(raw, f.Offset, f.Offset+len(f.Raw), nf), nil
}

// otherCanon is the other of simple and relaxed.
func otherCanon(c string) string {
	if c == "relaxed" {
		return "simple"
	}
	return "relaxed"
}

// parseLength reads a typed l= value: digits, or nothing to remove it.
func parseLength(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if _, err := strconv.ParseUint(s, 10, 63); err != nil || strings.Trim(s, "0123456789") != "" {
		return "", fmt.Errorf("l= is a number of bytes (RFC 6376 section 3.5), not %q; leave it empty to remove l=", s)
	}
	return s, nil
}

// editable writes bytes for the one-line editor so that every byte can be
// typed back: a line break (CRLF) as \n, a tab as \t, a backslash as \\,
// and every other control byte, invalid UTF-8 byte or invisible format
// character (bidi overrides, zero-width) as \xHH or \u{HHHH}, so that no
// byte of a message reaches the terminal through the editor.
func editable(b []byte) string {
	var sb strings.Builder
	for i := 0; i < len(b); {
		if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			sb.WriteString(`\n`)
			i += 2
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&sb, `\x%02x`, b[i])
		case r == '\\':
			sb.WriteString(`\\`)
		case r == '\t':
			sb.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&sb, `\x%02x`, r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&sb, `\u{%04X}`, r)
		default:
			sb.WriteRune(r)
		}
		i += size
	}
	return sb.String()
}

// unedit reads the editor's text back into bytes (see editable).
func unedit(s string) ([]byte, error) {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		if i+1 >= len(s) {
			return nil, errors.New(`a lone \ at the end: type \\ for a backslash`)
		}
		i++
		switch s[i] {
		case 'n':
			out = append(out, '\r', '\n')
		case 't':
			out = append(out, '\t')
		case '\\':
			out = append(out, '\\')
		case 'x':
			if i+2 >= len(s) {
				return nil, errors.New(`\x takes two hex digits, as in \x0d`)
			}
			v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return nil, fmt.Errorf(`\x%s: \x takes two hex digits, as in \x0d`, s[i+1:i+3])
			}
			out = append(out, byte(v))
			i += 2
		case 'u':
			end := strings.IndexByte(s[i:], '}')
			if i+1 >= len(s) || s[i+1] != '{' || end < 0 {
				return nil, errors.New(`\u takes a code point in braces, as in \u{202E}`)
			}
			v, err := strconv.ParseUint(s[i+2:i+end], 16, 32)
			if err != nil || !utf8.ValidRune(rune(v)) {
				return nil, fmt.Errorf(`\u{%s} is not a code point`, s[i+2:i+end])
			}
			out = utf8.AppendRune(out, rune(v))
			i += end
		default:
			return nil, fmt.Errorf(`\%c: the escapes are \n (line break), \t (tab), \\, \xHH and \u{HHHH}`, s[i])
		}
	}
	return out, nil
}
