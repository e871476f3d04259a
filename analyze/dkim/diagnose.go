package dkim

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/message"
)

// maxHypotheses bounds the work spent explaining one header mismatch.
const maxHypotheses = 24

// hypothesis is one guess at how the header changed after signing: the
// header input rebuilt under that guess, and what it means if it matches.
type hypothesis struct {
	fields  []message.Field
	unfold  map[int]bool // field offsets to unfold (simple canonicalization)
	meaning string
}

// diagnoseHeader tries, when the header signature does not verify with a
// usable key, a few changes that transit commonly makes, and reports the
// first one under which the signature verifies. Each try is one hash (and
// for Ed25519 one signature check); the answer is computed, not guessed.
func (v *Verifier) diagnoseHeader(s *sig, self message.Field, pub crypto.PublicKey, claimed string) string {
	var hs []hypothesis
	// A field added after signing: a signed name that was absent when
	// signed (now selected), or a second field of a signed name added
	// below the first (now selected instead, RFC 6376 section 5.4.2).
	seen := map[string]bool{}
	for _, name := range s.headers {
		lname := strings.ToLower(name)
		if seen[lname] {
			continue
		}
		seen[lname] = true
		for i := len(v.msg.Fields) - 1; i >= 0; i-- {
			f := v.msg.Fields[i]
			if f.Offset == self.Offset || !strings.EqualFold(f.Name, lname) {
				continue
			}
			rest := make([]message.Field, 0, len(v.msg.Fields)-1)
			rest = append(rest, v.msg.Fields[:i]...)
			rest = append(rest, v.msg.Fields[i+1:]...)
			hs = append(hs, hypothesis{fields: rest, meaning: fmt.Sprintf("the signature verifies if the %s field at line %d is left out: that field was added after signing", f.Name, f.Line)})
			break
		}
	}
	// Refolding: with simple canonicalization, an MTA that re-wraps a long
	// field breaks the signature. Try each folded signed field unfolded.
	if s.headerCan == "simple" {
		for _, sf := range SelectFields(v.msg.Fields, s.headers, self.Offset) {
			if sf.Instance == 0 || !bytes.Contains(message.TrimLineEnd([]byte(sf.Raw)), []byte("\n")) {
				continue
			}
			for _, f := range v.msg.Fields {
				if f.Line == sf.Line {
					hs = append(hs, hypothesis{fields: v.msg.Fields, unfold: map[int]bool{f.Offset: true}, meaning: fmt.Sprintf("the signature verifies with the %s field at line %d unfolded: it was re-wrapped in transit, which simple canonicalization does not tolerate", f.Name, f.Line)})
				}
			}
		}
	}
	if len(hs) > maxHypotheses {
		hs = hs[:maxHypotheses]
	}
	for _, h := range hs {
		digest := v.headerDigest(s, self, h.fields, h.unfold)
		if digest == nil {
			continue
		}
		if claimed != "" {
			if hex.EncodeToString(digest) == claimed {
				return h.meaning
			}
			continue
		}
		if k, ok := pub.(ed25519.PublicKey); ok && ed25519.Verify(k, digest, s.b) {
			return h.meaning
		}
	}
	return ""
}

// headerDigest hashes the header input as hashHeader does, over the given
// fields, unfolding the fields whose offsets are in unfold.
func (v *Verifier) headerDigest(s *sig, self message.Field, fields []message.Field, unfold map[int]bool) []byte {
	h := newHash(s.hash)
	for _, sf := range SelectFields(fields, s.headers, self.Offset) {
		if sf.Instance == 0 {
			continue
		}
		raw := []byte(sf.Raw)
		for _, f := range fields {
			if f.Line == sf.Line && unfold[f.Offset] {
				raw = unfoldField(raw)
			}
		}
		h.Write(CanonHeader(raw, s.headerCan))
	}
	stripped, ok := StripB(self.Raw, s.tags)
	if !ok {
		return nil
	}
	h.Write(bytes.TrimSuffix(CanonHeader(stripped, s.headerCan), crlf))
	return h.Sum(nil)
}

// unfoldField removes the line ends inside a field (RFC 5322 section
// 2.2.3), keeping the final one.
func unfoldField(raw []byte) []byte {
	body := message.TrimLineEnd(raw)
	end := raw[len(body):]
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(body); i++ {
		if body[i] == '\r' && i+1 < len(body) && body[i+1] == '\n' {
			i++
			continue
		}
		if body[i] == '\n' {
			continue
		}
		out = append(out, body[i])
	}
	return append(out, end...)
}
