package dkim

import (
	"bytes"
	"encoding/hex"
	"strings"

	"github.com/headerscope/headerscope/analyze/message"
)

// hashHeader builds the header hash input of RFC 6376 section 3.7 (each
// field of h= chosen bottom-up, then the signature field with b= emptied
// and no final CRLF), records it in r.Header and returns its hash, or nil
// when the signature is too broken to say what was signed.
func (v *Verifier) hashHeader(r *Result, s *sig, self message.Field) []byte {
	hc := &r.Header
	hc.Canonicalization, hc.Algorithm = s.headerCan, s.hash
	if s.headerCan == "" || s.hash == "" || s.headers == nil {
		hc.Status, hc.Detail = NotChecked, "not computed: the canonicalization, algorithm or h= is unusable"
		return nil
	}
	h := newHash(s.hash)
	buf := make([]byte, 8<<10)
	var scratch []byte
	v.index().selectFields(v.msg.Fields, s.headers, self, func(sf SignedField) {
		keep := len(hc.Fields) < MaxSignedFields
		if !keep {
			hc.FieldsOmitted++
		}
		if sf.Instance == 0 {
			if keep {
				hc.Fields = append(hc.Fields, sf)
			}
			return
		}
		f := v.msg.Fields[sf.index]
		if !keep && len(f.Raw) < sharedFieldSize {
			// Hashed, not kept: canonicalize into scratch rather than
			// make a string of each of a hostile h='s 50,000 fields.
			scratch = appendCanonHeader(scratch[:0], f.Raw, s.headerCan)
			h.Write(scratch)
			return
		}
		sf.Canonical = v.Canonical(f, s.headerCan)
		writeString(h, sf.Canonical, buf)
		if keep {
			hc.Fields = append(hc.Fields, sf)
		}
	})
	stripped, ok := StripB(self.Raw, s.Tags)
	if !ok {
		hc.Status, hc.Detail = NotChecked, "not computed: the field has no b= tag to empty"
		return nil
	}
	c := bytes.TrimSuffix(CanonHeader(stripped, s.headerCan), crlf)
	raw := string(stripped)
	var canonical string
	if len(c) <= len(raw) && raw[:len(c)] == string(c) {
		// Simple canonicalization changes nothing but the final line
		// end: share the bytes, one copy of a hostile signature's
		// huge h= rather than two.
		canonical = raw[:len(c)]
	} else {
		canonical = string(c)
	}
	hc.Signature = SignedField{Name: self.Name, Instance: 1, Line: self.Line, Raw: raw, Canonical: canonical}
	h.Write(c)
	sum := h.Sum(nil)
	hc.Computed = hex.EncodeToString(sum)
	return sum
}

// MaxSignedFields is how many entries of h= a result keeps, with the field
// each selected, to explain the header hash; every entry is hashed, and
// HeaderCheck.FieldsOmitted counts those not kept. A hostile h= of 50,000
// names in each of 32 signatures would otherwise keep 1.6 million entries.
const MaxSignedFields = 100

// sharedFieldSize is the size from which a field's canonical form is
// shared between signatures (Verifier.Canonical) even when it is only
// hashed: below it, making it again costs less than sharing it.
const sharedFieldSize = 4 << 10

// SelectFields picks, for each name of h= in order, the next field of that
// name counted from the bottom of the header (RFC 6376 section 5.4.2). A
// name with no field left is over-signed and selects nothing. The field at
// offset self (the signature being verified) is never selected: it did not
// exist when the signer hashed the header. It runs in time linear in the
// number of fields and names, whatever a hostile message lists.
func SelectFields(fields []message.Field, names []string, self int) []SignedField {
	out := make([]SignedField, 0, len(names))
	selectFields(fields, names, self, func(sf SignedField) { out = append(out, sf) })
	return out
}

// selectFields is SelectFields calling fn with each entry in h= order
// instead of making a list of them.
func selectFields(fields []message.Field, names []string, self int, fn func(SignedField)) {
	// Fields of each wanted name, bottom first.
	byName := make(map[string][]int, len(names))
	for _, name := range names {
		byName[strings.ToLower(name)] = nil
	}
	for i := len(fields) - 1; i >= 0; i-- {
		if fields[i].Offset == self {
			continue
		}
		lname := strings.ToLower(fields[i].Name)
		if list, ok := byName[lname]; ok {
			byName[lname] = append(list, i)
		}
	}
	used := make(map[string]int, len(byName))
	for _, name := range names {
		lname := strings.ToLower(name)
		sf := SignedField{Name: name, Count: len(byName[lname])}
		if n := used[lname]; n < len(byName[lname]) {
			f := fields[byName[lname][n]]
			sf.Instance = n + 1
			sf.Line, sf.Raw, sf.index = f.Line, f.Text(), byName[lname][n]
		}
		used[lname]++
		fn(sf)
	}
}

// CanonHeader canonicalizes one header field (see canonHeader).
func CanonHeader(field []byte, can Canon) []byte { return canonHeader(field, can) }

// StripB returns the raw field with the value of its b= tag deleted,
// including the white space around it (RFC 6376 section 3.7), found by the
// tag's position so that bh= and other tags are untouched. tags must come
// from parsing this field's value.
func StripB(raw []byte, tags []Tag) ([]byte, bool) {
	i := tagIndex(tags, "b")
	if i < 0 {
		return nil, false
	}
	colon := bytes.IndexByte(raw, ':')
	if colon < 0 {
		return nil, false
	}
	t := tags[i]
	eq := strings.IndexByte(t.Raw, '=')
	start := colon + 1 + t.Offset + eq + 1
	if eq < 0 || start > len(raw) {
		return nil, false
	}
	end := bytes.IndexByte(raw[start:], ';')
	if end < 0 {
		end = len(raw) - len(raw[len(message.TrimLineEnd(raw)):]) // up to the final line end
	} else {
		end += start
	}
	out := make([]byte, 0, len(raw)-(end-start))
	out = append(out, raw[:start]...)
	return append(out, raw[end:]...), true
}
