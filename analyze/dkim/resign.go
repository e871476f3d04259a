package dkim

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/message"
)

// Resign signs raw again with key, in place of its n-th DKIM-Signature
// field (0 is the topmost), for the TUI's sandbox: a student edits a
// teaching message, then re-signs it with the teaching domain's key to
// see it pass again. Everything the signer chose is kept: the tags and
// their order, a=, c=, h=, l=, i=, the layout of the field. Only bh= (the
// body as it is now), t= (now, when the field has one), x= (moved with t=,
// keeping its distance) and b= change. It returns the new message; raw is
// not modified.
//
// go-msgauth's dkim.Sign cannot do this: it stamps t= with the real clock,
// signs only sha256, has no l= and writes its own tag order.
func Resign(raw []byte, n int, key crypto.Signer, now time.Time) ([]byte, error) {
	m := message.Parse(raw)
	field, ok := nthSignature(m, n)
	if !ok {
		return nil, fmt.Errorf("dkim: resign: no DKIM-Signature number %d", n+1)
	}
	s := parseSig(field.ValueText(), KindDKIM)
	if len(s.Fatal) > 0 {
		return nil, fmt.Errorf("dkim: resign: the signature cannot be used as it is: %s", s.Fatal[0])
	}
	if err := keyFitsAlgorithm(key, s.keyType); err != nil {
		return nil, err
	}
	limit := int64(-1)
	if s.length != nil {
		limit = *s.length
	}
	c := &bodyCache{noBareLF: m.LineEnds.BareLF == 0}
	bh := c.get(m.Body, s.bodyCan, s.hash, limit)
	if s.length != nil && *s.length > bh.canonical {
		return nil, fmt.Errorf("dkim: resign: l=%d is longer than the canonical body (%d bytes): lower l= first", *s.length, bh.canonical)
	}
	set := map[string]string{
		"bh": base64.StdEncoding.EncodeToString(bh.sum),
		"b":  "",
	}
	if s.timestamp != nil {
		set["t"] = strconv.FormatInt(now.Unix(), 10)
		if s.expiration != nil {
			set["x"] = strconv.FormatInt(now.Add(s.expiration.Sub(*s.timestamp)).Unix(), 10)
		}
	}
	unsigned, err := setTags(field.Raw, s.Tags, set)
	if err != nil {
		return nil, err
	}
	// Hash the header as a verifier will: the fields of h= picked bottom
	// up, then this field with b= empty and no final line end (RFC 6376
	// section 3.7).
	msg2 := splice(raw, field, unsigned)
	m2 := message.Parse(msg2)
	self, _ := nthSignature(m2, n)
	h := newHash(s.hash)
	selectFields(m2.Fields, s.headers, self.Offset, func(sf SignedField) {
		if sf.Instance > 0 {
			h.Write(canonHeader(m2.Fields[sf.index].Raw, s.headerCan))
		}
	})
	tags2, _ := parseTagList(self.ValueText())
	stripped, ok := StripB(self.Raw, tags2)
	if !ok {
		return nil, errors.New("dkim: resign: the new field has no b= tag")
	}
	h.Write(bytes.TrimSuffix(canonHeader(stripped, s.headerCan), crlf))
	digest := h.Sum(nil)
	var sig []byte
	switch s.keyType {
	case "ed25519":
		// RFC 8463 section 3: Ed25519 signs the SHA-256 digest as its
		// message ("pure" Ed25519, no second hash).
		sig, err = key.Sign(rand.Reader, digest, crypto.Hash(0))
	default:
		hash := crypto.SHA256
		if s.hash == "sha1" {
			hash = crypto.SHA1
		}
		sig, err = key.Sign(rand.Reader, digest, hash)
	}
	if err != nil {
		return nil, fmt.Errorf("dkim: resign: %w", err)
	}
	signed, err := setTags(field.Raw, s.Tags, map[string]string{"bh": set["bh"], "t": set["t"], "x": set["x"], "b": foldB(base64.StdEncoding.EncodeToString(sig), field.Raw, s.Tags)})
	if err != nil {
		return nil, err
	}
	return splice(raw, field, signed), nil
}

// nthSignature returns the n-th DKIM-Signature field, counted from the top.
func nthSignature(m *message.Message, n int) (message.Field, bool) {
	i := 0
	for _, f := range m.Fields {
		if strings.EqualFold(f.Name, string(KindDKIM)) {
			if i == n {
				return f, true
			}
			i++
		}
	}
	return message.Field{}, false
}

func keyFitsAlgorithm(key crypto.Signer, keyType string) error {
	switch key.Public().(type) {
	case *rsa.PublicKey:
		if keyType == "rsa" {
			return nil
		}
	case ed25519.PublicKey:
		if keyType == "ed25519" {
			return nil
		}
	default:
		return fmt.Errorf("dkim: resign: unsupported key type %T", key.Public())
	}
	return fmt.Errorf("dkim: resign: the key does not fit a=%s-…: its type is %T", keyType, key.Public())
}

// setTags returns the field raw with the values of the named tags
// replaced; a tag set to "" is emptied, a name with no value in set (or
// the empty string for t and x, which are only moved when present) is left
// alone. Every other byte of the field stays where it was.
func setTags(raw []byte, tags []Tag, set map[string]string) ([]byte, error) {
	colon := bytes.IndexByte(raw, ':')
	if colon < 0 {
		return nil, errors.New("dkim: resign: the field has no colon")
	}
	type span struct {
		start, end int
		value      string
	}
	var spans []span
	for name, v := range set {
		if v == "" && (name == "t" || name == "x") {
			continue
		}
		i := tagIndex(tags, name)
		if i < 0 {
			if name == "t" || name == "x" {
				continue
			}
			return nil, fmt.Errorf("dkim: resign: the signature has no %s= tag", name)
		}
		t := tags[i]
		eq := strings.IndexByte(t.Raw, '=')
		start := colon + 1 + t.Offset + eq + 1
		end := colon + 1 + t.Offset + len(t.Raw)
		if eq < 0 || end > len(raw) {
			return nil, fmt.Errorf("dkim: resign: cannot find the value of %s=", name)
		}
		// Keep the folding white space that ends the value (before ';').
		for end > start && isFWS(raw[end-1]) {
			end--
		}
		for start < end && isFWS(raw[start]) {
			start++
		}
		spans = append(spans, span{start, end, v})
	}
	out := make([]byte, 0, len(raw)+512)
	pos := 0
	for len(spans) > 0 {
		// Apply in field order.
		k := 0
		for j := range spans {
			if spans[j].start < spans[k].start {
				k = j
			}
		}
		sp := spans[k]
		spans = append(spans[:k], spans[k+1:]...)
		out = append(out, raw[pos:sp.start]...)
		out = append(out, sp.value...)
		pos = sp.end
	}
	return append(out, raw[pos:]...), nil
}

func isFWS(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// foldB folds a new b= value the way the signer folded the old one: on
// lines of the same length, or not at all when the old value was on one
// line. Folding white space in b= is ignored (RFC 6376 section 3.5).
func foldB(b64 string, raw []byte, tags []Tag) string {
	i := tagIndex(tags, "b")
	if i < 0 {
		return b64
	}
	old := tags[i].Raw
	nl := strings.Index(old, "\r\n")
	if nl < 0 {
		return b64
	}
	// The width of the first piece of the old value.
	eq := strings.IndexByte(old, '=')
	first := strings.TrimSpace(old[eq+1 : nl])
	rest := old[nl+2:]
	indent := rest[:len(rest)-len(strings.TrimLeft(rest, " \t"))]
	width := len(first)
	if next, _, _ := strings.Cut(strings.TrimLeft(rest, " \t"), "\r\n"); len(next) > width {
		width = len(strings.TrimSpace(next))
	}
	if width < 16 || indent == "" {
		return b64
	}
	var sb strings.Builder
	for j := 0; j < len(b64); j += width {
		if j > 0 {
			sb.WriteString("\r\n" + indent)
		}
		sb.WriteString(b64[j:min(j+width, len(b64))])
	}
	return sb.String()
}

// splice returns raw with field's bytes replaced by repl.
func splice(raw []byte, f message.Field, repl []byte) []byte {
	out := make([]byte, 0, len(raw)-len(f.Raw)+len(repl))
	out = append(out, raw[:f.Offset]...)
	out = append(out, repl...)
	return append(out, raw[f.Offset+len(f.Raw):]...)
}

// CanonBodyLine canonicalizes one body line under can ("simple" or
// "relaxed") as the body hash does, with the CRLF that ends it: the
// sandbox shows it before and after an edit. The removal of empty lines
// at the end of the body (RFC 6376 sections 3.4.3 and 3.4.4) is not a
// property of one line and is not applied.
func CanonBodyLine(line []byte, can Canon) []byte { return canonBodyLine(line, can) }

// SetTag returns the signature field raw with tag name set to value: the
// value replaced where the tag is (the white space around it kept), or,
// when the field has no such tag, "name=value;" added at the start of the
// value. An empty value removes the tag and its semicolon. The sandbox
// changes c= and l= with it; raw is not modified.
func SetTag(raw []byte, name, value string) ([]byte, error) {
	colon := bytes.IndexByte(raw, ':')
	if colon < 0 {
		return nil, errors.New("dkim: the field has no colon")
	}
	tags, _ := parseTagList(string(message.TrimLineEnd(raw[colon+1:])))
	i := tagIndex(tags, name)
	if i < 0 {
		if value == "" {
			return bytes.Clone(raw), nil
		}
		out := make([]byte, 0, len(raw)+len(name)+len(value)+3)
		out = append(out, raw[:colon+1]...)
		out = append(out, " "+name+"="+value+";"...)
		return append(out, raw[colon+1:]...), nil
	}
	if value != "" {
		return setTags(raw, tags, map[string]string{name: value})
	}
	t := tags[i]
	start := colon + 1 + t.Offset
	end := start + len(t.Raw)
	// Take the semicolon after the tag, or, for the last tag, the one
	// before it.
	if j := bytes.IndexByte(raw[end:], ';'); j >= 0 && len(bytes.Trim(raw[end:end+j], " \t\r\n")) == 0 {
		end += j + 1
	} else if k := bytes.LastIndexByte(raw[:start], ';'); k > colon {
		start = k
	}
	out := make([]byte, 0, len(raw))
	out = append(out, raw[:start]...)
	return append(out, raw[end:]...), nil
}
