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

// hypothesis is one guess at how the header changed after signing, and
// what it means if the signature verifies under it. It is kept small and
// the header input is rebuilt from it only when tried, so that a hostile
// message with many fields and names costs at most maxHypotheses hashes.
type hypothesis struct {
	skip    int // index in the message's fields of a field to leave out, or -1
	unfold  int // line of a signed field to unfold, or 0
	meaning string
}

// diagnoseHeader tries, when the header signature does not verify with a
// usable key, a few changes that transit commonly makes, and reports the
// first one under which the signature verifies. Each try is one hash (and
// for Ed25519 one signature check); the answer is computed, not guessed.
func (v *Verifier) diagnoseHeader(s *sig, self message.Field, pub crypto.PublicKey, claimed string) string {
	for _, h := range v.hypotheses(s, self) {
		digest := v.headerDigest(s, self, h)
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

// hypotheses lists at most maxHypotheses guesses, in one pass over the
// fields and one over h=.
func (v *Verifier) hypotheses(s *sig, self message.Field) []hypothesis {
	fields := v.msg.Fields
	signed := make(map[string]bool, len(s.headers))
	for _, name := range s.headers {
		signed[strings.ToLower(name)] = true
	}
	// A field added after signing: a signed name that was absent when
	// signed (now selected), or a second field of a signed name added
	// below the first (now selected instead, RFC 6376 section 5.4.2).
	// The candidate is the bottom-most field of each signed name.
	var hs []hypothesis
	seen := map[string]bool{}
	for i := len(fields) - 1; i >= 0 && len(hs) < maxHypotheses; i-- {
		f := fields[i]
		lname := strings.ToLower(f.Name)
		if f.Offset == self.Offset || !signed[lname] || seen[lname] {
			continue
		}
		seen[lname] = true
		hs = append(hs, hypothesis{skip: i, meaning: fmt.Sprintf("the signature verifies if the %s field at line %d is left out: that field was added after signing", f.Name, f.Line)})
	}
	// Refolding: with simple canonicalization, an MTA that re-wraps a long
	// field breaks the signature. Try each folded signed field unfolded.
	if s.headerCan == "simple" {
		for _, sf := range SelectFields(fields, s.headers, self.Offset) {
			if len(hs) >= maxHypotheses {
				break
			}
			if sf.Instance == 0 || !bytes.Contains(message.TrimLineEnd([]byte(sf.Raw)), []byte("\n")) {
				continue
			}
			hs = append(hs, hypothesis{skip: -1, unfold: sf.Line, meaning: fmt.Sprintf("the signature verifies with the %s field at line %d unfolded: it was re-wrapped in transit, which simple canonicalization does not tolerate", sf.Name, sf.Line)})
		}
	}
	return hs
}

// headerDigest hashes the header input as hashHeader does, under the
// hypothesis h.
func (v *Verifier) headerDigest(s *sig, self message.Field, h hypothesis) []byte {
	fields := v.msg.Fields
	if h.skip >= 0 {
		fields = make([]message.Field, 0, len(v.msg.Fields)-1)
		fields = append(fields, v.msg.Fields[:h.skip]...)
		fields = append(fields, v.msg.Fields[h.skip+1:]...)
	}
	sum := newHash(s.hash)
	for _, sf := range SelectFields(fields, s.headers, self.Offset) {
		if sf.Instance == 0 {
			continue
		}
		raw := []byte(sf.Raw)
		if h.unfold != 0 && sf.Line == h.unfold {
			raw = unfoldField(raw)
		}
		sum.Write(CanonHeader(raw, s.headerCan))
	}
	stripped, ok := StripB(self.Raw, s.tags)
	if !ok {
		return nil
	}
	sum.Write(bytes.TrimSuffix(CanonHeader(stripped, s.headerCan), crlf))
	return sum.Sum(nil)
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
