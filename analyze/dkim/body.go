package dkim

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"hash"
	"sync"
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
	can   string
	end   int
	crlf  bool
	hash  string
	limit int64
}

type bodyHash struct {
	once      sync.Once
	sum       []byte
	canonical int64 // whole canonical length
	hashed    int64
}

// bodyPlan is what a scan of the body found for one canonicalization.
type bodyPlan struct {
	once      sync.Once
	end       int
	crlf      bool
	canonical bool // the canonical form is body[:end] (+ CRLF)
}

// prefixKey and prefixResult cache findSignedPrefix, which an explanation
// of the same mismatch (a DKIM signature checked again as of arrival, an
// AMS with the same bh=) would otherwise repeat.
type prefixKey struct {
	can, hash, want string
}

type prefixResult struct {
	once sync.Once
	line int
	n    int64
	ok   bool
}

type bodyCache struct {
	mu     sync.Mutex
	m      map[bodyKey]*bodyHash
	plans  map[string]*bodyPlan
	prefix map[prefixKey]*prefixResult
}

func newHash(name string) hash.Hash {
	if name == "sha1" {
		return sha1.New()
	}
	return sha256.New()
}

// plan scans body once per canonicalization.
func (c *bodyCache) plan(body []byte, can string) *bodyPlan {
	c.mu.Lock()
	if c.plans == nil {
		c.plans = map[string]*bodyPlan{}
	}
	p, ok := c.plans[can]
	if !ok {
		p = &bodyPlan{}
		c.plans[can] = p
	}
	c.mu.Unlock()
	p.once.Do(func() {
		p.end, p.crlf, p.canonical = isCanonical(body, can == "relaxed")
	})
	return p
}

// get returns the hash of body under canonicalization can, hash algorithm
// and limit (-1: none), computing it on first use.
func (c *bodyCache) get(body []byte, can, hashName string, limit int64) *bodyHash {
	p := c.plan(body, can)
	k := bodyKey{can: can, hash: hashName, limit: limit}
	if p.canonical {
		k = bodyKey{end: p.end, crlf: p.crlf, hash: hashName, limit: limit}
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[bodyKey]*bodyHash{}
	}
	bh, ok := c.m[k]
	if !ok {
		bh = &bodyHash{}
		c.m[k] = bh
	}
	c.mu.Unlock()
	bh.once.Do(func() {
		h := newHash(hashName)
		s := &bodySink{h: h, limit: limit}
		if p.canonical {
			s.write(body[:p.end])
			if p.crlf {
				s.write(crlf)
			}
			s.flush()
		} else {
			canonBodyTo(s, body, can == "relaxed")
		}
		bh.sum, bh.canonical, bh.hashed = h.Sum(nil), s.n, s.hashed
	})
	return bh
}

// signedPrefix is findSignedPrefix, computed once per message for each
// canonicalization, hash and wanted value.
func (c *bodyCache) signedPrefix(body []byte, can, hashName string, want []byte) (int, int64, bool) {
	k := prefixKey{can, hashName, string(want)}
	c.mu.Lock()
	if c.prefix == nil {
		c.prefix = map[prefixKey]*prefixResult{}
	}
	r, ok := c.prefix[k]
	if !ok {
		r = &prefixResult{}
		c.prefix[k] = r
	}
	c.mu.Unlock()
	r.once.Do(func() {
		r.line, r.n, r.ok = findSignedPrefix(body, can, hashName, want)
	})
	return r.line, r.n, r.ok
}

// emptyBodyHash returns the hash of an empty body under a canonicalization:
// what bh= says when a signer signed no body at all.
func emptyBodyHash(can, hashName string) []byte {
	h := newHash(hashName)
	if can != "relaxed" {
		h.Write(crlf)
	}
	return h.Sum(nil)
}

// traceBody returns the first MaxTraceLines lines of body before and after
// canonicalization, and whether there were more. It reads only those lines
// and the end of the body, so it is cheap on large messages.
func traceBody(body []byte, can string, firstLine int) ([]CanonLine, bool) {
	// Trailing lines that canonicalization removes start after the last
	// line with content (for relaxed: other than white space).
	contentEnd := len(body)
	for contentEnd > 0 {
		c := body[contentEnd-1]
		if c == '\r' || c == '\n' || (can == "relaxed" && (c == ' ' || c == '\t')) {
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
func canonBodyLine(line []byte, can string) []byte {
	content := trimEOL(line)
	out := make([]byte, 0, len(content)+2)
	if can != "relaxed" {
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
