package dkim

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/idna"
)

// sig is a signature's tags, interpreted. Fields are zero when the tag was
// absent or unusable; the problems say why.
type sig struct {
	// TagReader holds the tags and the problems found in them: fatal
	// ones make the signature unverifiable (permerror); notes are
	// remarks.
	TagReader
	kind       Kind
	algorithm  string // as written, lower case
	keyType    string // "rsa", "ed25519"
	hash       string // "sha256", "sha1"
	b, bh      []byte
	headerCan  Canon
	bodyCan    Canon
	domain     string
	selector   string
	identity   string
	instance   int
	headers    []string
	length     *int64
	timestamp  *time.Time
	expiration *time.Time
}

// parseSig interprets the tag-list of a DKIM-Signature (RFC 6376 section
// 3.5) or ARC-Message-Signature (RFC 8617 section 4.1.2) field value.
func parseSig(value string, kind Kind) *sig {
	s := &sig{kind: kind, TagReader: ReadTagList(value, "")}
	if kind == KindAMS {
		explainTags(s.Tags, amsTags, signatureTags, "Unknown tag; ignored (RFC 6376 section 3.2).")
	} else {
		explainTags(s.Tags, signatureTags, nil, "Unknown tag; ignored (RFC 6376 section 3.2).")
	}

	required := []string{"a", "b", "bh", "d", "h", "s"}
	if kind == KindDKIM {
		required = append([]string{"v"}, required...)
	} else {
		required = append(required, "i")
	}
	s.Require("", required...)

	if t, ok := s.Tag("v"); ok && kind == KindDKIM && t.Value != "1" {
		s.Fail("v", "unsupported version v=%q: only 1 is defined", clipQ(t.Value))
	}
	if t, ok := s.Tag("a"); ok {
		s.algorithm = strings.ToLower(t.Value)
		switch s.algorithm {
		case "rsa-sha256":
			s.keyType, s.hash = "rsa", "sha256"
		case "ed25519-sha256":
			s.keyType, s.hash = "ed25519", "sha256"
		case "rsa-sha1":
			s.keyType, s.hash = "rsa", "sha1"
			s.Note(Warning, "a", "rsa-sha1 must not be used for signing or verifying (RFC 8301 section 3.1); SHA-1 is broken for signatures")
		default:
			s.Fail("a", "unknown algorithm a=%q: rsa-sha256 and ed25519-sha256 are defined", clipQ(t.Value))
		}
	}
	s.b = s.Base64("b")
	s.bh = s.Base64("bh")
	s.parseCanon()
	if t, ok := s.Tag("d"); ok {
		s.domain = strings.TrimSuffix(strings.ToLower(t.Value), ".")
		if a, ok := aLabel(s.domain); ok && a != s.domain {
			// RFC 8616 section 4: d= may be written with U-labels;
			// the key is looked up under the A-labels.
			s.setDecoded("d", a)
			s.Note(Info, "d", "d=%q is an internationalized domain name: its key is looked up under the A-label form %s (RFC 8616 section 4)", t.Value, a)
			s.domain = a
		}
		if !ValidDomain(s.domain) {
			s.Fail("d", "d=%q is not a domain name", clipQ(t.Value))
			s.domain = ""
		}
	}
	s.selector = s.ReadSelector()
	s.parseHeaders()
	s.parseIdentity()
	s.parseCopiedHeaders()
	s.parseLength()
	s.parseQuery()
	s.timestamp = s.Seconds("t")
	s.expiration = s.Seconds("x")
	if s.timestamp != nil && s.expiration != nil && !s.expiration.After(*s.timestamp) {
		s.Fail("x", "x= (%d) is not after t= (%d) (RFC 6376 section 3.5)", s.expiration.Unix(), s.timestamp.Unix())
	}
	return s
}

// DecodeBase64 decodes a b= or bh= value (white space already removed).
// QUIRK: some signers omit the "=" padding; that is accepted and reported
// through unpadded. The error says what is wrong, for "b= <error>".
func DecodeBase64(v string) (b []byte, unpadded bool, err error) {
	if v == "" {
		return nil, false, errors.New("is empty")
	}
	b, err = base64.StdEncoding.DecodeString(v)
	if err == nil {
		return b, false, nil
	}
	if b2, err2 := base64.RawStdEncoding.DecodeString(strings.TrimRight(v, "=")); err2 == nil {
		return b2, true, nil
	}
	return nil, false, fmt.Errorf("is not valid base64: %v", err)
}

func (s *sig) parseCanon() {
	s.headerCan, s.bodyCan = Simple, Simple
	t, ok := s.Tag("c")
	if !ok {
		return
	}
	hs, bs, two := strings.Cut(strings.ToLower(t.Value), "/")
	h, b := Canon(hs), Canon(bs)
	if !two {
		b = Simple // RFC 6376 section 3.5: "relaxed" alone means relaxed/simple
	}
	for _, c := range []Canon{h, b} {
		if c != Simple && c != Relaxed {
			s.Fail("c", "unknown canonicalization %q in c=%q: simple and relaxed are defined", clipQ(string(c)), clipQ(t.Value))
			s.headerCan, s.bodyCan = "", ""
			return
		}
	}
	s.headerCan, s.bodyCan = h, b
}

func (s *sig) parseHeaders() {
	t, ok := s.Tag("h")
	if !ok {
		return
	}
	hasFrom := false
	// Filtered in place: a hostile h= of 50,000 names in each of 32
	// signatures should cost one list of names each, not two.
	names := strings.Split(t.Value, ":")
	s.headers = names[:0]
	empty := 0
	for _, name := range names {
		if name == "" {
			empty++
			continue
		}
		if strings.EqualFold(name, "from") {
			hasFrom = true
		}
		s.headers = append(s.headers, name)
	}
	if len(s.headers) == 0 {
		s.headers = nil
	}
	switch {
	case empty == 1:
		s.Fail("h", "h= has an empty header field name")
	case empty > 1:
		s.Fail("h", "h= has %d empty header field names", empty)
	}
	// RFC 6376 section 6.1.1: a signature that does not sign From must be
	// ignored (PERMFAIL, From field not signed). The same holds for the AMS.
	if !hasFrom {
		s.Fail("h", "h= does not include From: the From field must be signed (RFC 6376 section 6.1.1)")
	}
	if s.kind == KindAMS {
		for _, name := range s.headers {
			if strings.EqualFold(name, "arc-seal") {
				s.Fail("h", "h= includes ARC-Seal, which the message signature must not cover (RFC 8617 section 4.1.2)")
				break
			}
		}
	}
}

func (s *sig) parseIdentity() {
	t, ok := s.Tag("i")
	if s.kind == KindAMS {
		if !ok {
			return
		}
		n, err := strconv.Atoi(t.Value)
		if err != nil || n < 1 || n > 50 {
			s.Fail("i", "i=%q is not an instance number from 1 to 50 (RFC 8617 section 4.2.1)", clipQ(t.Value))
			return
		}
		s.instance = n
		return
	}
	if !ok {
		if s.domain != "" {
			s.identity = "@" + s.domain
		}
		return
	}
	// RFC 6376 section 3.5: i= is dkim-quoted-printable (section 2.11),
	// so "jlong=40messiah.edu" is jlong@messiah.edu: decode before any
	// check.
	id, err := DecodeQP(t.Value)
	if err != nil {
		s.Fail("i", "i=%q is not dkim-quoted-printable (RFC 6376 section 2.11): %v", clipQ(t.Value), err)
		return
	}
	if id != t.Value {
		s.setDecoded("i", id)
	}
	s.identity = id
	at := strings.LastIndexByte(id, '@')
	if at < 0 {
		s.Fail("i", "i=%q has no \"@\"", clipQ(id))
		return
	}
	idDomain := strings.TrimSuffix(strings.ToLower(id[at+1:]), ".")
	// RFC 6376 section 3.5: the i= domain must be the same as, or a
	// subdomain of, d=.
	if s.domain != "" && idDomain != s.domain && !strings.HasSuffix(idDomain, "."+s.domain) {
		s.Fail("i", "i=%q is not within d=%q: its domain must be d= or a subdomain of it (RFC 6376 section 3.5)", clipQ(id), s.domain)
	}
}

// parseCopiedHeaders decodes z= (RFC 6376 section 3.5): "|"-separated
// copies of header fields, each dkim-quoted-printable. It is for diagnosis
// only, so a copy that does not decode is a note, never a failure.
func (s *sig) parseCopiedHeaders() {
	t, ok := s.Tag("z")
	if !ok || s.kind != KindDKIM {
		return
	}
	var out []string
	for _, c := range strings.Split(t.Value, "|") {
		d, err := DecodeQP(c)
		if err != nil {
			s.Note(Info, "z", "z= copy %q is not dkim-quoted-printable (%v); it is shown as written", c, err)
			d = c
		}
		out = append(out, d)
	}
	if d := strings.Join(out, "\n"); d != t.Value {
		s.setDecoded("z", d)
	}
}

// setDecoded records the decoded form of tag name's value.
func (s *sig) setDecoded(name, v string) {
	if i := tagIndex(s.Tags, name); i >= 0 {
		s.Tags[i].Decoded = v
	}
}

// aLabel converts a domain with non-ASCII characters to A-labels (RFC
// 5890, with the UTS #46 mapping resolvers apply); ok is false for an
// ASCII name or one that cannot be converted.
func aLabel(d string) (string, bool) {
	ascii := true
	for i := 0; i < len(d); i++ {
		if d[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return d, false
	}
	a, err := idna.Lookup.ToASCII(d)
	if err != nil {
		return "", false
	}
	return strings.ToLower(a), true
}

// DecodeQP decodes dkim-quoted-printable (RFC 6376 section 2.11): "=XX"
// is the octet with hex value XX, and folding white space is ignored
// (the caller has usually removed it already).
func DecodeQP(v string) (string, error) {
	if !strings.ContainsAny(v, "= \t\r\n") {
		return v, nil
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		case c == '=':
			if i+2 >= len(v) || !isHex(v[i+1]) || !isHex(v[i+2]) {
				return "", fmt.Errorf("\"=\" at offset %d is not followed by two hex digits", i)
			}
			b.WriteByte(unhex(v[i+1])<<4 | unhex(v[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

func (s *sig) parseLength() {
	t, ok := s.Tag("l")
	if !ok {
		return
	}
	n, err := strconv.ParseInt(t.Value, 10, 64)
	if err != nil || n < 0 || t.Value == "" || strings.ContainsAny(t.Value, "+-") {
		s.Fail("l", "l=%q is not a byte count", clipQ(t.Value))
		return
	}
	s.length = &n
}

func (s *sig) parseQuery() {
	t, ok := s.Tag("q")
	if !ok {
		return
	}
	for _, m := range strings.Split(t.Value, ":") {
		if strings.EqualFold(m, "dns/txt") || strings.EqualFold(m, "dns") {
			return
		}
	}
	s.Fail("q", "q=%q names no known query method: only dns/txt is defined (RFC 6376 section 3.5)", clipQ(t.Value))
}

// ValidDomain checks a domain name or selector loosely: dot-separated
// labels of letters, digits, '-' and '_', each 1 to 63 bytes.
func ValidDomain(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !isAlpha(c) && !('0' <= c && c <= '9') && c != '-' && c != '_' {
				return false
			}
		}
	}
	return true
}
