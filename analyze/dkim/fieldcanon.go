package dkim

import (
	"hash"
	"strings"
	"sync"

	"github.com/headerscope/headerscope/analyze/message"
)

// fieldKey identifies one header field of the message under one header
// canonicalization.
type fieldKey struct {
	offset int
	can    Canon
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

	indexOnce sync.Once
	idx       *fieldIndex
}

// Canonical returns the field f of the verifier's message canonicalized
// with can ("simple" or "relaxed", RFC 6376 section 3.4.1 and 3.4.2). It
// is computed once per field and canonicalization and shared by every
// signature and seal; when canonicalization changes nothing it is f's
// own text, so no copy is made at all.
func (v *Verifier) Canonical(f message.Field, can Canon) string {
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

// fieldIndex lists the message's fields by lower-case name, bottom first,
// built once per message and shared by every signature, so that a
// signature's h= costs a counter per name rather than a map of the
// header (RFC 6376 section 5.4.2 selects fields bottom-up).
type fieldIndex struct {
	slot     map[string]int // lower-case name: index in bottomUp
	bottomUp [][]int        // indices in the message's fields
}

// index returns the message's field index, making it on first use.
func (v *Verifier) index() *fieldIndex {
	c := v.fields
	c.indexOnce.Do(func() {
		x := &fieldIndex{slot: map[string]int{}}
		fs := v.msg.Fields
		for i := len(fs) - 1; i >= 0; i-- {
			lname := strings.ToLower(fs[i].Name)
			k, ok := x.slot[lname]
			if !ok {
				k = len(x.bottomUp)
				x.slot[lname] = k
				x.bottomUp = append(x.bottomUp, nil)
			}
			x.bottomUp[k] = append(x.bottomUp[k], i)
		}
		c.idx = x
	})
	return c.idx
}

// selectFields is the package's selectFields for the fields the index was
// made from: it calls fn with each entry of names in order, leaving out the
// field self (the signature being verified).
func (x *fieldIndex) selectFields(fields []message.Field, names []string, self message.Field, fn func(SignedField)) {
	used := make([]int, len(x.bottomUp))
	selfName := strings.ToLower(self.Name)
	selfPos := -1 // position of self in its name's list
	if k, ok := x.slot[selfName]; ok {
		for p, i := range x.bottomUp[k] {
			if fields[i].Offset == self.Offset {
				selfPos = p
				break
			}
		}
	}
	for _, name := range names {
		sf := SignedField{Name: name}
		lname := strings.ToLower(name)
		k, ok := x.slot[lname]
		if !ok {
			fn(sf)
			continue
		}
		list := x.bottomUp[k]
		isSelf := selfPos >= 0 && lname == selfName
		sf.Count = len(list)
		if isSelf {
			sf.Count--
		}
		if n := used[k]; n < sf.Count {
			p := n
			if isSelf && p >= selfPos {
				p++
			}
			f := fields[list[p]]
			sf.Instance = n + 1
			sf.Line, sf.Raw, sf.index = f.Line, f.Text(), list[p]
		}
		used[k]++
		fn(sf)
	}
}
