package dkim

import (
	"bytes"
	"hash"
)

// Body canonicalization (RFC 6376 section 3.4.3 and 3.4.4) works on the
// whole body at once, which the verifier always holds. Most of real mail is
// already canonical: lines end in CRLF and, for relaxed, hold no tab, no
// two white space bytes in a row and no white space before the line end.
// Such stretches are found with the standard library's vectorized searches
// and handed to the hash whole, without a copy; only the lines around a
// "dirty" byte are rewritten, one at a time.

// canonEnd returns where the canonical content of body ends: trailing
// lines that canonicalization removes (empty lines, and for relaxed lines
// of only white space) are cut, and needCRLF says that the last line kept
// has no line end, so canonicalization adds CRLF. For simple, an empty
// canonical body is CRLF (RFC 6376 section 3.4.3), reported as needCRLF
// with end 0; for relaxed it is empty (section 3.4.4, erratum 3192).
func canonEnd(body []byte, relaxed bool) (end int, needCRLF bool) {
	e := len(body)
	if e > 0 && body[e-1] != '\n' {
		// A last line without a line end.
		ls := bytes.LastIndexByte(body, '\n') + 1
		if !blankContent(body[ls:e], relaxed) {
			return e, true
		}
		e = ls
	}
	for e > 0 {
		// body[e-1] is '\n': look at the line that it ends.
		ls := bytes.LastIndexByte(body[:e-1], '\n') + 1
		content := body[ls : e-1]
		if n := len(content); n > 0 && content[n-1] == '\r' {
			content = content[:n-1]
		}
		if !blankContent(content, relaxed) {
			return e, false
		}
		e = ls
	}
	return 0, !relaxed
}

// blankContent reports whether a line's content (line end removed) is
// empty after canonicalization.
func blankContent(b []byte, relaxed bool) bool {
	if !relaxed {
		return len(b) == 0
	}
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// dirtyScanner finds the bytes of a region that canonicalization would
// rewrite. It may report a byte of a line that turns out to be canonical
// (the line is then rewritten to itself), never the other way round. The
// positions of the next tab and double space are kept between calls, so
// that scanning a whole region costs one pass however many lines are dirty.
type dirtyScanner struct {
	b       []byte
	relaxed bool
	// tab and dbl are the next tab and "  " at or after the last position
	// asked, -1 when there is none; -2 before the first search.
	tab, dbl int
}

func newDirtyScanner(b []byte, relaxed bool) *dirtyScanner {
	return &dirtyScanner{b: b, relaxed: relaxed, tab: -2, dbl: -2}
}

// next returns the first index at or after pos of a byte in a line that
// is not canonical, or -1.
func (s *dirtyScanner) next(pos int) int {
	b := s.b
	limit := len(b)
	if s.relaxed {
		if s.tab == -2 || (s.tab >= 0 && s.tab < pos) {
			s.tab = from(pos, bytes.IndexByte(b[pos:], '\t'))
		}
		if s.dbl == -2 || (s.dbl >= 0 && s.dbl < pos) {
			s.dbl = from(pos, bytes.Index(b[pos:], doubleSpace))
		}
		if s.tab >= 0 {
			limit = s.tab
		}
		if s.dbl >= 0 && s.dbl < limit {
			limit = s.dbl
		}
	}
	// Line ends before limit: each must be CRLF and, for relaxed, not
	// follow white space.
	for p := pos; p < limit; {
		i := bytes.IndexByte(b[p:limit], '\n')
		if i < 0 {
			break
		}
		k := p + i
		if k == 0 || b[k-1] != '\r' || (s.relaxed && k >= 2 && (b[k-2] == ' ' || b[k-2] == '\t')) {
			return k
		}
		p = k + 1
	}
	if limit < len(b) {
		return limit
	}
	// A last line without a line end must not end in white space.
	if s.relaxed && len(b) > pos && b[len(b)-1] != '\n' {
		if c := b[len(b)-1]; c == ' ' || c == '\t' {
			return len(b) - 1
		}
	}
	return -1
}

var doubleSpace = []byte("  ")

// from turns an index into b[pos:] into one into b.
func from(pos, i int) int {
	if i < 0 {
		return -1
	}
	return pos + i
}

// bodySink takes canonical bytes: it counts them all and writes at most
// limit of them to the hash (l=, RFC 6376 section 3.5), when limit >= 0.
// Small pieces from rewritten lines are gathered before they reach the
// hash; long stretches go to it directly.
type bodySink struct {
	h      hash.Hash
	limit  int64
	n      int64 // canonical bytes produced
	hashed int64 // canonical bytes hashed
	buf    []byte
}

func (s *bodySink) write(d []byte) {
	s.n += int64(len(d))
	if s.limit >= 0 {
		room := s.limit - s.hashed
		if room <= 0 {
			return
		}
		if int64(len(d)) > room {
			d = d[:room]
		}
	}
	s.hashed += int64(len(d))
	if len(d) >= 256 {
		s.flush()
		s.h.Write(d)
		return
	}
	if s.buf == nil {
		s.buf = make([]byte, 0, 2048)
	}
	if len(s.buf)+len(d) > cap(s.buf) {
		s.flush()
	}
	s.buf = append(s.buf, d...)
}

func (s *bodySink) flush() {
	if len(s.buf) > 0 {
		s.h.Write(s.buf)
		s.buf = s.buf[:0]
	}
}

// canonBodyTo writes the canonical form of body to s: the region up to
// canonEnd, its canonical stretches whole and the other lines rewritten.
func canonBodyTo(s *bodySink, body []byte, relaxed bool) {
	end, needCRLF := canonEnd(body, relaxed)
	r := body[:end]
	sc := newDirtyScanner(r, relaxed)
	pos := 0
	for pos < len(r) {
		d := sc.next(pos)
		if d < 0 {
			s.write(r[pos:])
			pos = len(r)
			break
		}
		ls := bytes.LastIndexByte(r[pos:d], '\n') + 1 + pos
		s.write(r[pos:ls])
		le := len(r)
		if i := bytes.IndexByte(r[d:], '\n'); i >= 0 {
			le = d + i + 1
		}
		canonLineTo(s, r[ls:le], relaxed)
		pos = le
		if le == len(r) {
			// The last line, rewritten with its line end.
			needCRLF = false
		}
	}
	if needCRLF {
		s.write(crlf)
	}
	s.flush()
}

// canonLineTo writes one line (its line end, if any, included) in
// canonical form, ending in CRLF.
func canonLineTo(s *bodySink, line []byte, relaxed bool) {
	content := line
	if n := len(content); n > 0 && content[n-1] == '\n' {
		content = content[:n-1]
		if n := len(content); n > 0 && content[n-1] == '\r' {
			content = content[:n-1]
		}
	}
	if !relaxed {
		s.write(content)
		s.write(crlf)
		return
	}
	for {
		k := firstDirty(content)
		if k < 0 {
			s.write(content)
			break
		}
		s.write(content[:k])
		j := k + 1
		for j < len(content) && (content[j] == ' ' || content[j] == '\t') {
			j++
		}
		if j == len(content) {
			break
		}
		s.write(sp)
		content = content[j:]
	}
	s.write(crlf)
}

// isCanonical reports whether body's canonical form is body[:end] itself
// plus CRLF when needCRLF: then every canonicalization with the same end
// and needCRLF gives the same bytes, and one hash serves them all.
func isCanonical(body []byte, relaxed bool) (end int, needCRLF, ok bool) {
	end, needCRLF = canonEnd(body, relaxed)
	return end, needCRLF, newDirtyScanner(body[:end], relaxed).next(0) < 0
}
