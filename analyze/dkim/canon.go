package dkim

import (
	"bytes"
	"hash"
)

// canonHeader canonicalizes one header field (name, colon, value and final
// line end) with the "simple" or "relaxed" algorithm of RFC 6376 section
// 3.4.1 and 3.4.2. A bare LF is taken as a line end and written as CRLF, as
// every verifier does, so that messages saved by Unix tools verify.
func canonHeader(field []byte, can string) []byte {
	if can == "relaxed" {
		return relaxedHeader(field)
	}
	return toCRLF(field)
}

// relaxedHeader implements RFC 6376 section 3.4.2: lower-case the name,
// unfold, turn every run of white space into one SP, delete white space at
// the end of the value and around the colon, end with CRLF.
func relaxedHeader(field []byte) []byte {
	colon := bytes.IndexByte(field, ':')
	if colon < 0 {
		return toCRLF(field)
	}
	name := bytes.TrimRight(field[:colon], " \t")
	out := make([]byte, 0, len(field)+2)
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

// toCRLF returns b with every bare LF replaced by CRLF, and a CRLF added
// when b does not end with a line end.
func toCRLF(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	for i := 0; i < len(b); i++ {
		if b[i] == '\n' && (i == 0 || b[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, b[i])
	}
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		out = append(out, '\r', '\n')
	}
	return out
}

// bodyCanon canonicalizes a body as a stream (RFC 6376 section 3.4.3 and
// 3.4.4) and writes the result to a hash, hashing at most limit bytes (l=)
// when limit >= 0 while still counting the whole canonical length. Empty
// lines are held back until a non-empty line follows, because trailing
// empty lines are removed; white space is held back likewise for relaxed.
type bodyCanon struct {
	relaxed bool
	h       hash.Hash
	limit   int64 // -1: no limit
	n       int64 // canonical bytes produced
	hashed  int64 // canonical bytes hashed

	emptyLines int  // CRLFs held back
	lineLen    int  // canonical bytes written on the current line
	wsp        bool // relaxed: white space held back on the current line
	cr         bool // a CR held back, to see whether LF follows
	buf        []byte
}

func newBodyCanon(relaxed bool, h hash.Hash, limit int64) *bodyCanon {
	return &bodyCanon{relaxed: relaxed, h: h, limit: limit, buf: make([]byte, 0, 32*1024)}
}

// Write canonicalizes p. It never fails.
func (c *bodyCanon) Write(p []byte) (int, error) {
	for i := 0; i < len(p); {
		b := p[i]
		if c.cr {
			c.cr = false
			if b == '\n' {
				c.endLine()
				i++
				continue
			}
			// A bare CR is data, not a line end.
			c.data([]byte{'\r'})
		}
		switch {
		case b == '\r':
			c.cr = true
			i++
		case b == '\n':
			// A bare LF is a line end, as if it were CRLF.
			c.endLine()
			i++
		case c.relaxed && (b == ' ' || b == '\t'):
			c.wsp = true
			i++
		default:
			// Copy a run of ordinary bytes at once: this is the hot path.
			j := i + 1
			for j < len(p) {
				d := p[j]
				if d == '\r' || d == '\n' || (c.relaxed && (d == ' ' || d == '\t')) {
					break
				}
				j++
			}
			c.data(p[i:j])
			i = j
		}
	}
	return len(p), nil
}

// data writes line content, first releasing held-back empty lines and
// (relaxed) one SP for held-back white space.
func (c *bodyCanon) data(d []byte) {
	for ; c.emptyLines > 0; c.emptyLines-- {
		c.emit(crlf)
	}
	if c.wsp {
		c.emit(sp)
		c.wsp = false
	}
	c.emit(d)
	c.lineLen += len(d)
}

// endLine ends the current line: relaxed drops white space at the end of a
// line; an empty line is held back until something follows it.
func (c *bodyCanon) endLine() {
	c.wsp = false
	if c.lineLen == 0 {
		c.emptyLines++
		return
	}
	c.emit(crlf)
	c.lineLen = 0
}

// Close finishes the body: trailing empty lines are dropped and a last
// line without a line end gets one. An empty body is "" for relaxed and
// CRLF for simple (RFC 6376 section 3.4.3, 3.4.4, and erratum 3192).
func (c *bodyCanon) Close() {
	if c.cr {
		c.cr = false
		c.data([]byte{'\r'})
	}
	if c.relaxed {
		c.wsp = false
	}
	if c.lineLen > 0 || c.wsp {
		if c.wsp {
			c.data(nil)
		}
		c.emit(crlf)
		c.lineLen = 0
	}
	if c.n == 0 && !c.relaxed {
		c.emit(crlf)
	}
	c.flush()
}

var (
	crlf = []byte("\r\n")
	sp   = []byte(" ")
)

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
