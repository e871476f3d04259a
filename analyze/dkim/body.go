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
// message and shared by every signature (DKIM or ARC) that needs it.
type bodyKey struct {
	can   string
	hash  string
	limit int64
}

type bodyHash struct {
	once      sync.Once
	sum       []byte
	canonical int64 // whole canonical length
	hashed    int64
}

type bodyCache struct {
	mu sync.Mutex
	m  map[bodyKey]*bodyHash
}

func newHash(name string) hash.Hash {
	if name == "sha1" {
		return sha1.New()
	}
	return sha256.New()
}

// get returns the hash of body under key, computing it on first use.
func (c *bodyCache) get(body []byte, k bodyKey) *bodyHash {
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
		h := newHash(k.hash)
		bc := newBodyCanon(k.can == "relaxed", h, k.limit)
		bc.Write(body)
		bc.Close()
		bh.sum, bh.canonical, bh.hashed = h.Sum(nil), bc.n, bc.hashed
	})
	return bh
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
