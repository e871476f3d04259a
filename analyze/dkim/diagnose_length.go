package dkim

import "hash"

// limitHash hashes only the first bytes written to it, as many as l=
// says: a body signed with l= is judged on its first l octets of
// canonical body (RFC 6376 section 3.4.5), so a repaired copy is too,
// whether the repair made it shorter or longer. It clones with what is
// left, so the saved prefix states of the search keep the limit.
type limitHash struct {
	hash.Hash
	left int64
}

func (l *limitHash) Write(b []byte) (int, error) {
	n := len(b)
	if int64(len(b)) > l.left {
		b = b[:max(l.left, 0)]
	}
	l.left -= int64(len(b))
	return n, writeAll(l.Hash, b)
}

func writeAll(h hash.Hash, b []byte) error {
	_, err := h.Write(b)
	return err
}

// Clone keeps the bytes left to hash with the state.
func (l *limitHash) Clone() (hash.Cloner, error) {
	c, err := l.Hash.(hash.Cloner).Clone()
	if err != nil {
		return nil, err
	}
	return &limitHash{Hash: c, left: l.left}, nil
}

// newHash is the hash of the body model: limited to l= when the
// signature has one.
func (m *bodyModel) newHash() hash.Hash {
	h := newHash(m.hashName)
	if m.limit != nil {
		return &limitHash{Hash: h, left: *m.limit}
	}
	return h
}

// beyondLimit reports whether a candidate's first edit starts at or after
// the l= limit: it cannot change what the signature hashed, so it is not
// worth a hash.
func (m *bodyModel) beyondLimit(c bodyCand) bool {
	return m.limit != nil && len(c.edits) > 0 && int64(m.coff[m.lineOf(c.edits[0].start)]) >= *m.limit
}

// clipToLimit cuts the repaired body's pieces after a prefix of prefix
// bytes at l=: what follows is not hashed, so it is neither read nor
// counted against the allowance (megabytes after l= cost nothing).
func (m *bodyModel) clipToLimit(prefix int, ps []piece) []piece {
	if m.limit == nil {
		return ps
	}
	left := *m.limit - int64(prefix)
	for i := range ps {
		if left <= 0 {
			return ps[:i]
		}
		if n := int64(ps[i].len()); n > left {
			if ps[i].mid {
				ps[i].data = ps[i].data[:left]
			} else {
				ps[i].b = ps[i].a + int(left)
			}
		}
		left -= int64(ps[i].len())
	}
	return ps
}
