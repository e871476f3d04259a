package dkim

import (
	"bytes"
	"encoding/binary"
	"hash"
	"math/bits"
)

// canonHeader canonicalizes one header field (name, colon, value and final
// line end) with the "simple" or "relaxed" algorithm of RFC 6376 section
// 3.4.1 and 3.4.2. A bare LF is taken as a line end and written as CRLF, as
// every verifier does, so that messages saved by Unix tools verify.
func canonHeader(field []byte, can string) []byte {
	return appendCanonHeader(nil, field, can)
}

// appendCanonHeader appends the canonical form of field to out.
func appendCanonHeader(out, field []byte, can string) []byte {
	if can == "relaxed" {
		return appendRelaxedHeader(out, field)
	}
	return appendCRLF(out, field)
}

// appendRelaxedHeader appends field canonicalized per RFC 6376 section
// 3.4.2: lower-case the name, unfold, turn every run of white space into
// one SP, delete white space at the end of the value and around the colon,
// end with CRLF.
func appendRelaxedHeader(out, field []byte) []byte {
	colon := bytes.IndexByte(field, ':')
	if colon < 0 {
		return appendCRLF(out, field)
	}
	name := bytes.TrimRight(field[:colon], " \t")
	if out == nil {
		out = make([]byte, 0, len(field)+2)
	}
	for _, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out = append(out, c)
	}
	out = append(out, ':')
	value := field[colon+1:]
	space := false
	started := false
	for i := 0; i < len(value); i++ {
		c := value[i]
		switch {
		case c == '\n':
			// An unfolded line end: it either folds (white space
			// follows) or ends the field.
		case c == '\r' && i+1 < len(value) && value[i+1] == '\n':
		case c == ' ' || c == '\t':
			space = true
		default:
			if space && started {
				out = append(out, ' ')
			}
			space = false
			started = true
			out = append(out, c)
		}
	}
	return append(out, '\r', '\n')
}

// appendCRLF appends b with every bare LF replaced by CRLF, and a CRLF
// added when b does not end with a line end.
func appendCRLF(out, b []byte) []byte {
	if out == nil {
		out = make([]byte, 0, len(b)+8)
	}
	start := len(out)
	for i := 0; i < len(b); i++ {
		if b[i] == '\n' && (i == 0 || b[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, b[i])
	}
	if !bytes.HasSuffix(out[start:], []byte("\r\n")) {
		out = append(out, '\r', '\n')
	}
	return out
}

// bodyCanon canonicalizes a body as a stream (RFC 6376 section 3.4.3 and
// 3.4.4) and writes the result to a hash, hashing at most limit bytes (l=)
// when limit >= 0 while still counting the whole canonical length.
//
// It works a line at a time. Most lines of real mail are already canonical
// (they end in CRLF and, for relaxed, have no tab, double space or trailing
// white space), so runs of such lines are hashed straight from the input
// without copying; only the other lines are rewritten. Empty lines are held
// back until a line with content follows, because trailing empty lines are
// removed.
type bodyCanon struct {
	relaxed bool
	h       hash.Hash
	limit   int64 // -1: no limit
	n       int64 // canonical bytes produced
	hashed  int64 // canonical bytes hashed

	emptyLines int  // empty lines held back
	emptiesRaw bool // the held-back empty lines are raw CRLFs right after the span
	span       []byte
	partial    []byte // an unfinished line carried to the next Write
	scratch    []byte // a rewritten line
	buf        []byte
}

func newBodyCanon(relaxed bool, h hash.Hash, limit int64) *bodyCanon {
	return &bodyCanon{relaxed: relaxed, h: h, limit: limit}
}

// Write canonicalizes p. It never fails.
func (c *bodyCanon) Write(p []byte) (int, error) {
	n := len(p)
	if len(c.partial) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			c.partial = append(c.partial, p...)
			return n, nil
		}
		line := append(c.partial, p[:i+1]...)
		c.partial = nil
		c.line(line)
		c.flushSpan()
		p = p[i+1:]
	}
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			c.partial = append(c.partial[:0:0], p...)
			break
		}
		c.line(p[:i+1])
		p = p[i+1:]
	}
	c.flushSpan()
	return n, nil
}

// line handles one line, line end included. Lines passed between two
// flushSpan calls are consecutive slices of one buffer.
func (c *bodyCanon) line(l []byte) {
	content := l
	crlfEnd := false
	if k := len(content); k > 0 && content[k-1] == '\n' {
		content = content[:k-1]
		if k := len(content); k > 0 && content[k-1] == '\r' {
			content = content[:k-1]
			crlfEnd = true
		}
	}
	if len(content) == 0 && len(l) > 0 && l[len(l)-1] == '\n' {
		c.empty(crlfEnd)
		return
	}
	if crlfEnd && (!c.relaxed || cleanRelaxed(content)) {
		// Already canonical: extend the span when it is contiguous.
		if len(c.span) > 0 && (c.emptyLines == 0 || c.emptiesRaw) && sameArray(c.span, l, c.emptyLines*2) {
			c.span = c.span[:len(c.span)+c.emptyLines*2+len(l)]
			c.emptyLines = 0
			return
		}
		c.flushSpan()
		c.releaseEmpties()
		c.span = l
		return
	}
	var out []byte
	if c.relaxed {
		out = relaxLine(c.scratch[:0], content)
		c.scratch = out
		if len(out) == 0 {
			c.empty(false)
			return
		}
	} else {
		out = content
	}
	c.flushSpan()
	c.releaseEmpties()
	c.emit(out)
	c.emit(crlf)
}

// empty holds back one empty line.
func (c *bodyCanon) empty(raw bool) {
	if c.emptyLines == 0 {
		c.emptiesRaw = raw && len(c.span) > 0
	} else {
		c.emptiesRaw = c.emptiesRaw && raw
	}
	c.emptyLines++
}

func (c *bodyCanon) releaseEmpties() {
	for ; c.emptyLines > 0; c.emptyLines-- {
		c.emit(crlf)
	}
	c.emptiesRaw = false
}

// flushSpan writes the held span of canonical input. Held-back empty lines
// stay held, no longer counted as part of the span.
func (c *bodyCanon) flushSpan() {
	if len(c.span) > 0 {
		c.emit(c.span)
		c.span = nil
	}
	c.emptiesRaw = false
}

// sameArray reports whether next starts gap bytes after the end of span in
// the same underlying array.
func sameArray(span, next []byte, gap int) bool {
	if cap(span)-len(span) < gap+len(next) {
		return false
	}
	ext := span[len(span) : len(span)+gap+len(next)]
	return len(next) > 0 && &ext[gap] == &next[0]
}

// Close finishes the body: a last line without a line end gets one,
// trailing empty lines are dropped, and an empty body is "" for relaxed and
// CRLF for simple (RFC 6376 section 3.4.3, 3.4.4, and erratum 3192).
func (c *bodyCanon) Close() {
	if len(c.partial) > 0 {
		l := c.partial
		c.partial = nil
		c.line(l)
		c.flushSpan()
	}
	if c.n == 0 && !c.relaxed {
		c.emit(crlf)
	}
	c.flush()
}

const lo7 = 0x7f7f7f7f7f7f7f7f

// zeroBytes sets the high bit of each byte of x that is zero, exactly.
func zeroBytes(x uint64) uint64 {
	t := (x & lo7) + lo7
	return ^(t | x | lo7)
}

// cleanRelaxed reports whether a line's content is unchanged by relaxed
// canonicalization: no tab, no two white space bytes in a row, no white
// space at the end.
func cleanRelaxed(b []byte) bool { return firstDirty(b) < 0 }

// firstDirty returns the index where the first run of white space that
// relaxed canonicalization rewrites begins (a tab, a space followed by white
// space, or white space at the end of the line), or -1. It looks at 8 bytes
// at a time; a single SP between words, the common case, is canonical.
func firstDirty(b []byte) int {
	const spaces, tabs = 0x2020202020202020, 0x0909090909090909
	prevSpace := false // the byte before the current word is SP
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		sp, tb := zeroBytes(w^spaces), zeroBytes(w^tabs)
		ws := sp | tb
		if prevSpace && ws&0x80 != 0 {
			return i - 1
		}
		if dirty := tb | sp&(ws>>8); dirty != 0 {
			return i + bits.TrailingZeros64(dirty)/8
		}
		prevSpace = sp>>63 != 0
	}
	for ; i < len(b); i++ {
		switch b[i] {
		case '\t':
			if prevSpace {
				return i - 1
			}
			return i
		case ' ':
			if prevSpace {
				return i - 1
			}
			prevSpace = true
		default:
			prevSpace = false
		}
	}
	if prevSpace {
		return len(b) - 1
	}
	return -1
}

// relaxLine appends to out the content of one line after RFC 6376 section
// 3.4.4: runs of white space become one SP, and white space at the end is
// removed. The stretches between rewritten runs are copied whole.
func relaxLine(out, b []byte) []byte {
	for {
		k := firstDirty(b)
		if k < 0 {
			return append(out, b...)
		}
		out = append(out, b[:k]...)
		j := k + 1
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		if j == len(b) {
			return out
		}
		out = append(out, ' ')
		b = b[j:]
	}
}

var crlf = []byte("\r\n")

func (c *bodyCanon) emit(d []byte) {
	c.n += int64(len(d))
	if c.limit >= 0 {
		room := c.limit - c.hashed
		if room <= 0 {
			return
		}
		if int64(len(d)) > room {
			d = d[:room]
		}
	}
	c.hashed += int64(len(d))
	if len(d) >= 512 {
		// Long spans go to the hash directly, without a copy.
		c.flush()
		c.h.Write(d)
		return
	}
	if c.buf == nil {
		c.buf = make([]byte, 0, 4096)
	}
	if len(c.buf)+len(d) > cap(c.buf) {
		c.flush()
		if len(d) > cap(c.buf) {
			c.h.Write(d)
			return
		}
	}
	c.buf = append(c.buf, d...)
}

func (c *bodyCanon) flush() {
	if len(c.buf) > 0 {
		c.h.Write(c.buf)
		c.buf = c.buf[:0]
	}
}
