package dkim

import (
	"hash"
	"sync"

	"github.com/headerscope/headerscope/analyze/message"
)

// fieldKey identifies one header field of the message under one header
// canonicalization.
type fieldKey struct {
	offset int
	can    string
}

type fieldCanon struct {
	once sync.Once
	s    string
}

// fieldCache holds the canonical form of each header field that some
// signature or seal hashes, made once per canonicalization and shared:
// thirty-two signatures that all sign one 20 MB Subject keep one relaxed
// copy of it, not thirty-two (issue 12: memory must stay a small multiple
// of the input, whatever the number of signatures).
type fieldCache struct {
	mu sync.Mutex
	m  map[fieldKey]*fieldCanon
}

// Canonical returns the field f of the verifier's message canonicalized
// with can ("simple" or "relaxed", RFC 6376 section 3.4.1 and 3.4.2). It
// is computed once per field and canonicalization and shared by every
// signature and seal; when canonicalization changes nothing it is f's
// own text, so no copy is made at all.
func (v *Verifier) Canonical(f message.Field, can string) string {
	c := v.fields
	c.mu.Lock()
	if c.m == nil {
		c.m = map[fieldKey]*fieldCanon{}
	}
	k := fieldKey{f.Offset, can}
	e, ok := c.m[k]
	if !ok {
		e = &fieldCanon{}
		c.m[k] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		t := f.Text()
		out := canonHeader(f.Raw, can)
		if string(out) == t {
			e.s = t
		} else {
			e.s = string(out)
		}
	})
	return e.s
}

// writeString writes s to h through buf: converting a large string to a
// slice would copy it whole for each signature that hashes it, and a
// buffer made here would escape to the heap on every call. The caller
// makes one buf for all the fields it hashes.
func writeString(h hash.Hash, s string, buf []byte) {
	for len(s) > 0 {
		n := copy(buf, s)
		h.Write(buf[:n])
		s = s[n:]
	}
}
