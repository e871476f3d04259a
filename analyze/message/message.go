// Package message splits a raw Internet message (RFC 5322) into header
// fields and body while keeping every byte exactly as received, because DKIM
// (RFC 6376) and ARC (RFC 8617) sign bytes, not parsed values.
//
// Parsing never fails on content: a message that is only slightly broken (a
// header line without a colon, bare LF line ends, no body) still yields a
// usable Message and a list of Problems saying what was tolerated and where.
package message

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"strings"
)

// Field is one header field as it appeared in the message.
type Field struct {
	// Name is the field name as written, without trailing white space
	// before the colon.
	Name string
	// Raw is the whole field: name, colon, value, every folded line and
	// the final line end, byte for byte.
	Raw []byte
	// Line is the 1-based line number of the field's first line.
	Line int
	// Offset is the byte offset of the field in the message.
	Offset int
	// text is Raw as a string, a slice of the message's one copy of its
	// header (see Message.header), so that every signature naming the
	// field shares its bytes instead of copying them.
	text string
}

// Text returns Raw as a string. For a field of a parsed Message it is a
// slice of one copy of the header made once by Parse, so that calling it
// for every signature that names a 20 MB field costs nothing.
func (f Field) Text() string {
	if len(f.text) == len(f.Raw) {
		return f.text
	}
	return string(f.Raw)
}

// ValueText is Value as a string, sharing the bytes of Text.
func (f Field) ValueText() string {
	t := f.Text()
	i := strings.IndexByte(t, ':')
	if i < 0 {
		return ""
	}
	return t[i+1 : i+1+len(TrimLineEnd(f.Raw[i+1:]))]
}

// Value returns the raw bytes after the colon, including folding white
// space and inner line ends, without the final line end.
func (f Field) Value() []byte {
	i := bytes.IndexByte(f.Raw, ':')
	if i < 0 {
		return nil
	}
	return TrimLineEnd(f.Raw[i+1:])
}

// Problem is something in the message that was tolerated rather than
// rejected (a QUIRK, in go-message's words).
type Problem struct {
	Line int    // 1-based line number
	Text string // what was found and what was done about it
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Text) }

// LineEnds counts the kinds of line end in the message.
type LineEnds struct {
	CRLF   int // "\r\n", the RFC 5322 line end
	BareLF int // "\n" alone, as Unix tools write; treated as a line end
	BareCR int // "\r" alone; not a line end, kept as data
}

// Mixed reports whether the message uses more than one kind of line end.
func (l LineEnds) Mixed() bool { return l.CRLF > 0 && l.BareLF > 0 }

// Message is a parsed message whose parts all point into Raw.
type Message struct {
	Raw    []byte
	Fields []Field
	// Body is everything after the empty line that ends the header. It is
	// nil when HasBody is false.
	Body []byte
	// HasBody is false when the input ended inside the header block (no
	// empty line), as pasted headers do. An empty line followed by nothing
	// is an empty body, and HasBody is true.
	HasBody bool
	// BodyOffset is the byte offset of Body in Raw, and BodyLine its first
	// line number.
	BodyOffset int
	BodyLine   int
	LineEnds   LineEnds
	Problems   []Problem
	// header is the header block as one string, copied once, that the
	// fields' Text slices.
	header string
}

// Parse splits raw into header fields and body. It keeps raw as is (the
// caller must not modify it afterwards) and never returns an error: what it
// cannot make sense of is listed in Problems.
func Parse(raw []byte) *Message {
	m := &Message{Raw: raw}
	countLineEnds(raw, &m.LineEnds)
	pos, line := 0, 1
	// QUIRK: an mbox "From " separator line, as left by mail clients that
	// export a single message, is not a header field; skip it.
	if bytes.HasPrefix(raw, []byte("From ")) {
		end := nextLine(raw, 0)
		m.Problems = append(m.Problems, Problem{Line: 1, Text: "mbox \"From \" separator line skipped"})
		pos, line = end, 2
	}
	var long longLines
	for pos < len(raw) {
		end := nextLine(raw, pos)
		l := raw[pos:end]
		long.check(l, line)
		if isBlank(l) {
			m.HasBody = true
			m.BodyOffset = end
			m.BodyLine = line + 1
			m.Body = raw[end:]
			return m.finish(long)
		}
		if l[0] == ' ' || l[0] == '\t' {
			// A continuation line with no field before it.
			m.Problems = append(m.Problems, Problem{Line: line, Text: "folded line with no header field before it ignored"})
			pos, line = end, line+1
			continue
		}
		colon := bytes.IndexByte(l, ':')
		if colon <= 0 {
			m.Problems = append(m.Problems, Problem{Line: line, Text: fmt.Sprintf("header line without a colon ignored: %q", clip(TrimLineEnd(l), 60))})
			pos, line = end, line+1
			continue
		}
		f := Field{Name: string(bytes.TrimRight(l[:colon], " \t")), Line: line, Offset: pos}
		pos, line = end, line+1
		for pos < len(raw) && (raw[pos] == ' ' || raw[pos] == '\t') {
			next := nextLine(raw, pos)
			if isBlank(raw[pos:next]) {
				// QUIRK: a line of only white space ends the header for
				// most parsers; treat it as the empty line.
				break
			}
			long.check(raw[pos:next], line)
			pos, line = next, line+1
		}
		f.Raw = raw[f.Offset:pos]
		m.Fields = append(m.Fields, f)
	}
	return m.finish(long)
}

// maxLine is the longest line RFC 5322 section 2.1.1 allows, without its
// CRLF.
const maxLine = 998

// longLines counts header lines longer than maxLine: they are kept and
// verified as they are, but a reader should know the header was built
// oddly (or to be slow).
type longLines struct {
	n, first, firstLen int
}

// check counts l, the whole line numbered line, when it is too long.
func (ll *longLines) check(l []byte, line int) {
	if len(l) <= maxLine {
		return
	}
	if n := len(TrimLineEnd(l)); n > maxLine {
		if ll.n == 0 {
			ll.first, ll.firstLen = line, n
		}
		ll.n++
	}
}

// finish adds the Problems about the whole header: over-long lines, and
// none at all when a non-empty input has no header field, so that a file
// that is not a message (a binary, a PDF, the wrong file) says so instead
// of reporting only that nothing was found.
func (m *Message) finish(long longLines) *Message {
	if n := len(m.Fields); n > 0 {
		last := m.Fields[n-1]
		m.header = string(m.Raw[:last.Offset+len(last.Raw)])
		for i := range m.Fields {
			f := &m.Fields[i]
			f.text = m.header[f.Offset : f.Offset+len(f.Raw)]
		}
	}
	if long.n > 0 {
		text := fmt.Sprintf("header line of %d bytes; RFC 5322 section 2.1.1 allows at most %d (kept and verified as it is)", long.firstLen, maxLine)
		if long.n > 1 {
			text += fmt.Sprintf("; %d header lines in all are longer", long.n)
		}
		m.Problems = append(m.Problems, Problem{Line: long.first, Text: text})
	}
	if len(m.Fields) == 0 && len(m.Raw) > 0 {
		// First, before the line-by-line problems it explains.
		p := Problem{Line: 1, Text: "no header field found: this does not look like an Internet message (RFC 5322 section 2.2); give a saved message (.eml) or its header"}
		m.Problems = append([]Problem{p}, m.Problems...)
	}
	return m
}

// Header returns the fields named name (case-insensitively), top first.
func (m *Message) Header(name string) []Field {
	var out []Field
	for _, f := range m.Fields {
		if equalFold(f.Name, name) {
			out = append(out, f)
		}
	}
	return out
}

// nextLine returns the offset just past the line end of the line starting
// at pos, or len(b) when the last line has none. A bare LF ends a line.
func nextLine(b []byte, pos int) int {
	i := bytes.IndexByte(b[pos:], '\n')
	if i < 0 {
		return len(b)
	}
	return pos + i + 1
}

func isBlank(line []byte) bool {
	return len(TrimLineEnd(line)) == 0 && len(line) > 0 && line[len(line)-1] == '\n'
}

// TrimLineEnd removes one final "\r\n" or "\n".
func TrimLineEnd(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

// lineEndBlock is how much of the message countLineEnds looks at in one
// go: small enough that its passes over a block find it in the cache.
const lineEndBlock = 64 << 10

// countLineEnds counts CRLF pairs, bare LFs and bare CRs. Each block is
// passed over with the standard library's vectorized counts; the CRs,
// about one a line in real mail, are then visited one by one to see
// whether an LF follows.
func countLineEnds(b []byte, le *LineEnds) {
	lf, cr, crlf := 0, 0, 0
	for start := 0; start < len(b); start += lineEndBlock {
		blk := b[start:min(start+lineEndBlock, len(b))]
		lf += bytes.Count(blk, []byte("\n"))
		n := bytes.Count(blk, []byte("\r"))
		cr += n
		if n == 0 {
			continue
		}
		if n > len(blk)/16 {
			// Dense CRs (binary data, or built to be slow): a word at
			// a time beats a search per CR.
			crlf += countCRLF(blk)
			// A pair split by the block's end.
			if blk[len(blk)-1] == '\r' && start+len(blk) < len(b) && b[start+len(blk)] == '\n' {
				crlf++
			}
			continue
		}
		for p := 0; ; {
			i := bytes.IndexByte(blk[p:], '\r')
			if i < 0 {
				break
			}
			k := start + p + i
			if k+1 < len(b) && b[k+1] == '\n' {
				crlf++
			}
			p += i + 1
		}
	}
	le.CRLF, le.BareLF, le.BareCR = crlf, lf-crlf, cr-crlf
}

const (
	lo7   = 0x7f7f7f7f7f7f7f7f
	allCR = 0x0d0d0d0d0d0d0d0d
	allLF = 0x0a0a0a0a0a0a0a0a
)

// zeroBytes sets the high bit of each byte of x that is zero, exactly.
func zeroBytes(x uint64) uint64 {
	t := (x & lo7) + lo7
	return ^(t | x | lo7)
}

// countCRLF counts "\r\n" pairs within b 8 bytes at a time: a pair is a
// CR byte whose next byte is LF, within a word or across two.
func countCRLF(b []byte) int {
	n, i := 0, 0
	prevCR := false
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		cr, lf := zeroBytes(w^allCR), zeroBytes(w^allLF)
		n += bits.OnesCount64(cr & (lf >> 8))
		if prevCR && lf&0x80 != 0 {
			n++
		}
		prevCR = cr>>63 != 0
	}
	for ; i < len(b); i++ {
		if prevCR && b[i] == '\n' {
			n++
		}
		prevCR = b[i] == '\r'
	}
	return n
}

func clip(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "..."
	}
	return string(b)
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
