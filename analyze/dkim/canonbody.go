package dkim

import (
	"bytes"
	"io"
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

// scanBlock is how much of the body is scanned before the canonical part
// of it goes to the hash: small enough that the hash finds the block in
// the cache the scan brought it into, large enough that the searches run
// at full speed. A variable so that tests can make blocks tiny.
var scanBlock = 128 << 10

// dirtyScanner finds the bytes of a region that canonicalization would
// rewrite. It may report a byte of a line that turns out to be canonical
// (the line is then rewritten to itself), never the other way round. What
// the tab and double-space searches found is kept between calls, so that
// scanning a whole region costs one pass however many lines are dirty.
type dirtyScanner struct {
	b       []byte
	relaxed bool
	// noBareLF says every LF in b follows a CR (the message's line ends
	// were counted when it was parsed): then no line end need be looked
	// at, and relaxed looks for white space before a CR instead.
	noBareLF      bool
	tab, dbl, wcr seen
}

// seen remembers a search: at is the first match found at or after the
// positions asked so far, or -1 when [.., to) holds none.
type seen struct{ at, to int }

func newDirtyScanner(b []byte, relaxed, noBareLF bool) dirtyScanner {
	return dirtyScanner{b: b, relaxed: relaxed, noBareLF: noBareLF, tab: seen{-1, 0}, dbl: seen{-1, 0}, wcr: seen{-1, 0}}
}

// find returns the first match of f starting in [pos, limit), or -1. f is
// given up to extra bytes past limit, so that a match of extra+1 bytes
// starting before limit is seen.
func (h *seen) find(b []byte, pos, limit, extra int, f func([]byte) int) int {
	if h.at >= pos {
		if h.at < limit {
			return h.at
		}
		return -1
	}
	from := pos
	if h.at < 0 && h.to > pos {
		from = h.to // [pos, to) is known to hold none
	}
	if from >= limit {
		return -1
	}
	if i := f(b[from:min(limit+extra, len(b))]); i >= 0 && from+i < limit {
		h.at = from + i
		return h.at
	}
	h.at, h.to = -1, limit
	return -1
}

func indexTab(b []byte) int         { return bytes.IndexByte(b, '\t') }
func indexDoubleSpace(b []byte) int { return bytes.Index(b, doubleSpace) }
func indexSpaceCR(b []byte) int     { return bytes.Index(b, spaceCR) }

var (
	doubleSpace = []byte("  ")
	spaceCR     = []byte(" \r")
)

// scan looks at the lines from pos, which starts a line, up to about
// limit. It returns the first dirty index, or -1 and cut, the end of the
// last whole line it saw to be canonical (past limit when no line ends
// before it; the region's end when it reaches it).
func (s *dirtyScanner) scan(pos, limit int) (dirty, cut int) {
	if s.relaxed && s.noBareLF {
		return s.scanSearches(pos, limit)
	}
	b := s.b
	cut = pos
	lp := pos // the line ends before lp were checked
	for {
		stop := limit
		if s.relaxed {
			if t := s.tab.find(b, pos, stop, 0, indexTab); t >= 0 {
				stop = t
			}
			if d := s.dbl.find(b, pos, stop, 1, indexDoubleSpace); d >= 0 {
				stop = d
			}
		}
		// Line ends before stop: each must be CRLF and, for relaxed, not
		// follow white space.
		for lp < stop {
			i := bytes.IndexByte(b[lp:stop], '\n')
			if i < 0 {
				lp = stop
				break
			}
			k := lp + i
			if k == 0 || b[k-1] != '\r' || (s.relaxed && k >= 2 && (b[k-2] == ' ' || b[k-2] == '\t')) {
				return k, cut
			}
			lp = k + 1
			cut = lp
		}
		if stop < limit {
			return stop, cut
		}
		if limit == len(b) {
			// A last line without a line end must not end in white
			// space.
			if s.relaxed && len(b) > cut && b[len(b)-1] != '\n' {
				if c := b[len(b)-1]; c == ' ' || c == '\t' {
					return len(b) - 1, cut
				}
			}
			return -1, len(b)
		}
		if cut > pos {
			return -1, cut
		}
		// No line ends in this block: look further.
		limit = min(limit+scanBlock, len(b))
	}
}

// scanSearches is scan for relaxed when no LF is bare: the line ends are
// all CRLF, so the only dirty bytes are tabs, double spaces and a space
// before a CR, each found by a vectorized search over the block; the
// lines are not visited one by one.
func (s *dirtyScanner) scanSearches(pos, limit int) (dirty, cut int) {
	b := s.b
	for {
		stop := limit
		if t := s.tab.find(b, pos, stop, 0, indexTab); t >= 0 {
			stop = t
		}
		if d := s.dbl.find(b, pos, stop, 1, indexDoubleSpace); d >= 0 {
			stop = d
		}
		if w := s.wcr.find(b, pos, stop, 1, indexSpaceCR); w >= 0 {
			stop = w
		}
		if stop < limit {
			return stop, bytes.LastIndexByte(b[pos:stop], '\n') + 1 + pos
		}
		if limit == len(b) {
			if len(b) > pos && b[len(b)-1] != '\n' {
				if c := b[len(b)-1]; c == ' ' || c == '\t' {
					return len(b) - 1, bytes.LastIndexByte(b[pos:], '\n') + 1 + pos
				}
			}
			return -1, len(b)
		}
		if cut = bytes.LastIndexByte(b[pos:limit], '\n') + 1 + pos; cut > pos {
			return -1, cut
		}
		// No line ends in this block: look further.
		limit = min(limit+scanBlock, len(b))
	}
}

// bodySink takes canonical bytes: it counts them all and writes at most
// limit of them to the hash (l=, RFC 6376 section 3.5), when limit >= 0.
// The pieces of rewritten lines are gathered before they reach the hash;
// long stretches go to it directly.
type bodySink struct {
	h      io.Writer
	limit  int64
	n      int64 // canonical bytes produced
	hashed int64 // canonical bytes hashed
	nbuf   int
	buf    [512]byte
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
	if len(d) >= 128 {
		s.flush()
		s.h.Write(d)
		return
	}
	if s.nbuf+len(d) > len(s.buf) {
		s.flush()
	}
	s.nbuf += copy(s.buf[s.nbuf:], d)
}

func (s *bodySink) flush() {
	if s.nbuf > 0 {
		s.h.Write(s.buf[:s.nbuf])
		s.nbuf = 0
	}
}

// canonBodyTo writes the canonical form of body to s, a block at a time:
// the region up to canonEnd, its canonical stretches whole and the other
// lines rewritten. noBareLF says that every LF of body follows a CR. It
// reports whether nothing was rewritten: then the canonical form is
// body[:end] plus CRLF when needCRLF. A large body is scanned on another
// core, a few blocks ahead of the hash, which shortens the time one large
// message takes (the hash itself cannot be split).
func canonBodyTo(s *bodySink, body []byte, relaxed, noBareLF bool) (identity bool, end int, needCRLF bool) {
	end, needCRLF = canonEnd(body, relaxed)
	r := body[:end]
	sc := newDirtyScanner(r, relaxed, noBareLF)
	w := canonWriter{s: s, r: r, relaxed: relaxed, crlfAtEnd: needCRLF, identity: true}
	if len(r) < parallelScanMin {
		for pos := 0; pos < len(r); {
			var st step
			st, pos = nextStep(&sc, r, pos)
			w.apply(st)
		}
	} else {
		steps := make(chan []step, 4)
		go func() {
			defer close(steps)
			var batch []step
			from := 0
			for pos := 0; pos < len(r); {
				var st step
				st, pos = nextStep(&sc, r, pos)
				batch = append(batch, st)
				if pos-from >= scanBlock || len(batch) == 256 {
					steps <- batch
					batch, from = nil, pos
				}
			}
			if len(batch) > 0 {
				steps <- batch
			}
		}()
		for batch := range steps {
			for _, st := range batch {
				w.apply(st)
			}
		}
	}
	if w.crlfAtEnd {
		s.write(crlf)
	}
	s.flush()
	return w.identity, end, needCRLF
}

// parallelScanMin is the body size from which canonBodyTo scans on
// another goroutine. A variable so that tests can lower it.
var parallelScanMin = 2 << 20

// step is what one scan found from a position: the canonical stretch up
// to cut, then, when dirty, the line [cut, le) to rewrite.
type step struct {
	cut, le int
	dirty   bool
}

// nextStep scans r from pos (the start of a line) and returns the step
// and the position after it.
func nextStep(sc *dirtyScanner, r []byte, pos int) (step, int) {
	d, cut := sc.scan(pos, min(pos+scanBlock, len(r)))
	if d < 0 {
		return step{cut: cut}, cut
	}
	ls := bytes.LastIndexByte(r[cut:d], '\n') + 1 + cut
	le := len(r)
	if i := bytes.IndexByte(r[d:], '\n'); i >= 0 {
		le = d + i + 1
	}
	return step{cut: ls, le: le, dirty: true}, le
}

// canonWriter applies steps, in order, to the sink.
type canonWriter struct {
	s         *bodySink
	r         []byte
	relaxed   bool
	pos       int
	crlfAtEnd bool
	identity  bool
}

func (w *canonWriter) apply(st step) {
	w.s.write(w.r[w.pos:st.cut])
	w.pos = st.cut
	if !st.dirty {
		return
	}
	canonLineTo(w.s, w.r[st.cut:st.le], w.relaxed)
	w.identity = false
	w.pos = st.le
	if st.le == len(w.r) {
		// The last line, rewritten with its line end.
		w.crlfAtEnd = false
	}
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

// isIdentity reports whether canonicalization leaves the region r (a body
// cut at canonEnd) as it is.
func isIdentity(r []byte, relaxed, noBareLF bool) bool {
	sc := newDirtyScanner(r, relaxed, noBareLF)
	for pos := 0; pos < len(r); {
		d, cut := sc.scan(pos, min(pos+scanBlock, len(r)))
		if d >= 0 {
			return false
		}
		pos = cut
	}
	return true
}
