package dkim

import (
	"bytes"
	"encoding/binary"

	"math/bits"
)

// Canon is a canonicalization algorithm of RFC 6376 section 3.4: how
// much change in transit a signature forgives, chosen by c= for the
// header and the body separately.
type Canon string

// The canonicalizations RFC 6376 section 3.4 defines.
const (
	// Simple keeps the bytes (sections 3.4.1 and 3.4.3): only empty
	// lines at the end of the body are ignored.
	Simple Canon = "simple"
	// Relaxed forgives changes of white space and of the case of field
	// names (sections 3.4.2 and 3.4.4).
	Relaxed Canon = "relaxed"
)

// String returns the name c= gives the canonicalization.
func (c Canon) String() string { return string(c) }

// canonHeader canonicalizes one header field (name, colon, value and final
// line end) with the "simple" or "relaxed" algorithm of RFC 6376 section
// 3.4.1 and 3.4.2. A bare LF is taken as a line end and written as CRLF, as
// every verifier does, so that messages saved by Unix tools verify.
func canonHeader(field []byte, can Canon) []byte {
	return appendCanonHeader(nil, field, can)
}

// appendCanonHeader appends the canonical form of field to out.
func appendCanonHeader(out, field []byte, can Canon) []byte {
	if can == Relaxed {
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

var (
	crlf = []byte("\r\n")
	sp   = []byte(" ")
)
