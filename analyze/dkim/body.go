package dkim

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"sync"

	"github.com/headerscope/headerscope/analyze/message"
)

// MaxTraceLines is how many body lines a trace keeps before and after
// canonicalization.
const MaxTraceLines = 40

// bodyKey identifies one canonical body hash: each is computed once per
// message and shared by every signature (DKIM or ARC) and every re-check
// that needs it. A body whose canonical form is its own bytes (up to end,
// plus CRLF when crlf) is keyed by that form, with can empty, so that the
// simple and relaxed forms of a clean body are hashed once.
type bodyKey struct {
	can   Canon
	end   int
	crlf  bool
	hash  string
	limit int64
}

type bodyHash struct {
	sum       []byte
	canonical int64 // whole canonical length
	hashed    int64
}

type bodyCache struct {
	// work serializes the hashing per algorithm and length, so that a
	// second canonicalization of the body can reuse the first when both
	// are the body's own bytes; hashes that cannot be shared (another
	// algorithm, another l=) are computed side by side.
	work map[workKey]*sync.Mutex
	mu   sync.Mutex
	m    map[bodyKey]*bodyHash
	// identityEnd is, for simple (false) and relaxed (true), the end of a
	// region body[:end] known to need no rewriting, or -1. A region
	// relaxed leaves as it is has only CRLF line ends, so simple leaves it
	// too.
	identityEnd [2]int
	known       [2]bool
	// noBareLF says the whole message has no bare LF (message.LineEnds,
	// counted when it was parsed): then simple canonicalization rewrites
	// nothing and needs no scan.
	noBareLF bool
}

func newHash(name string) hash.Hash {
	if name == "sha1" {
		return sha1.New()
	}
	return sha256.New()
}

type workKey struct {
	hash  string
	limit int64
}

func (c *bodyCache) workLock(k workKey) *sync.Mutex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.work == nil {
		c.work = map[workKey]*sync.Mutex{}
	}
	w, ok := c.work[k]
	if !ok {
		w = new(sync.Mutex)
		c.work[k] = w
	}
	return w
}

func (c *bodyCache) lookup(k bodyKey) *bodyHash {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func (c *bodyCache) store(bh *bodyHash, keys ...bodyKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[bodyKey]*bodyHash{}
	}
	for _, k := range keys {
		c.m[k] = bh
	}
}

// get returns the hash of body under canonicalization can, hash algorithm
// and limit (-1: none), computing it on first use: one pass that scans
// and hashes a block at a time. When the body is its own canonical form,
// the hash is kept under that form too, and a later canonicalization of
// the same body that is known to leave the same bytes takes it as is.
func (c *bodyCache) get(body []byte, can Canon, hashName string, limit int64) *bodyHash {
	k := bodyKey{can: can, hash: hashName, limit: limit}
	if bh := c.lookup(k); bh != nil {
		return bh
	}
	w := c.workLock(workKey{hashName, limit})
	w.Lock()
	defer w.Unlock()
	if bh := c.lookup(k); bh != nil {
		return bh
	}
	relaxed := can == Relaxed
	form := 0
	if relaxed {
		form = 1
	}
	end, needCRLF := canonEnd(body, relaxed)
	id := bodyKey{end: end, crlf: needCRLF, hash: hashName, limit: limit}
	c.mu.Lock()
	known, ends := c.known, c.identityEnd
	c.mu.Unlock()
	identity := false
	switch {
	case known[form] && ends[form] == end:
		identity = true
	case !relaxed && c.noBareLF:
		identity = true
	case relaxed && known[0] && ends[0] == end:
		// The simple form is the body's bytes: a scan (cheaper than a
		// hash) tells whether the relaxed form is the same.
		identity = isIdentity(body[:end], true, c.noBareLF)
	}
	if identity {
		if bh := c.lookup(id); bh != nil {
			c.store(bh, k)
			return bh
		}
	}
	h := newHash(hashName)
	s := sinks.Get().(*bodySink)
	*s = bodySink{h: h, limit: limit}
	defer sinks.Put(s)
	if identity {
		s.write(body[:end])
		if needCRLF {
			s.write(crlf)
		}
		s.flush()
	} else {
		identity, _, _ = canonBodyTo(s, body, relaxed, c.noBareLF)
	}
	bh := &bodyHash{sum: h.Sum(nil), canonical: s.n, hashed: s.hashed}
	if !identity {
		c.store(bh, k)
		return bh
	}
	c.store(bh, k, id)
	c.mu.Lock()
	c.known[form], c.identityEnd[form] = true, end
	if relaxed {
		// No rewriting for relaxed means CRLF line ends throughout, so
		// simple leaves body[:end] alone too (it may cut less at the end:
		// canonEnd decides when it is asked).
		c.known[0], c.identityEnd[0] = true, end
	}
	c.mu.Unlock()
	return bh
}

// emptyBodyHash returns the hash of an empty body under a canonicalization:
// what bh= says when a signer signed no body at all.
func emptyBodyHash(can Canon, hashName string) []byte {
	h := newHash(hashName)
	if can != Relaxed {
		h.Write(crlf)
	}
	return h.Sum(nil)
}

// traceBody returns the first MaxTraceLines lines of body before and after
// canonicalization, and whether there were more. It reads only those lines
// and the end of the body, so it is cheap on large messages.
func traceBody(body []byte, can Canon, firstLine int) ([]CanonLine, bool) {
	// Trailing lines that canonicalization removes start after the last
	// line with content (for relaxed: other than white space).
	contentEnd := len(body)
	for contentEnd > 0 {
		c := body[contentEnd-1]
		if c == '\r' || c == '\n' || (can == Relaxed && (c == ' ' || c == '\t')) {
			contentEnd--
			continue
		}
		break
	}
	var out []CanonLine
	pos := 0
	for pos < len(body) {
		if len(out) == MaxTraceLines {
			return out, true
		}
		end := len(body)
		if i := bytes.IndexByte(body[pos:], '\n'); i >= 0 {
			end = pos + i + 1
		}
		line := body[pos:end]
		cl := CanonLine{Line: firstLine + len(out), Raw: string(line)}
		if pos >= contentEnd {
			cl.Removed = true
		} else {
			cl.Canonical = string(canonBodyLine(line, can))
		}
		out = append(out, cl)
		pos = end
	}
	return out, false
}

// canonBodyLine canonicalizes one body line as bodyCanon does, showing the
// CRLF that ends it (a last line without a line end gets one).
func canonBodyLine(line []byte, can Canon) []byte {
	content := trimEOL(line)
	out := make([]byte, 0, len(content)+2)
	if can != Relaxed {
		out = append(out, content...)
		return append(out, crlf...)
	}
	wsp := false
	for _, c := range content {
		if c == ' ' || c == '\t' {
			wsp = true
			continue
		}
		if wsp {
			out = append(out, ' ')
			wsp = false
		}
		out = append(out, c)
	}
	return append(out, crlf...)
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// sinks keeps bodySinks (and their buffers) for reuse.
var sinks = sync.Pool{New: func() any { return new(bodySink) }}

// BodyHash returns the hash (hashName "sha256" or "sha1") of m's body
// under canonicalization can ("simple" or "relaxed"), computed as a
// verification does. It is for measuring (headerscope bench).
func BodyHash(m *message.Message, can Canon, hashName string) []byte {
	c := &bodyCache{noBareLF: m.LineEnds.BareLF == 0}
	return c.get(m.Body, can, hashName, -1).sum
}
