package arc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// parseSeal interprets the tag-list of an ARC-Seal field (RFC 8617 section
// 4.1.3): i, a, b, cv, d and s are required, t is optional, h is
// forbidden, other tags are ignored.
func parseSeal(f message.Field) *Seal {
	s := &Seal{Line: f.Line, Field: f.Text()}
	tags, problems, omitted := dkim.ParseTagListKept(f.ValueText())
	explainSealTags(tags)
	s.Tags = tags
	if omitted > 0 {
		s.note(dkim.Warning, "", "%d more tags after the first %d not kept: only the first of each one- or two-letter name is", omitted, dkim.MaxTags)
	}
	for _, p := range problems {
		if strings.HasPrefix(p, "empty tag") {
			// RFC 6376 section 3.2: tag-list = tag-spec *(";" tag-spec)
			// [";"], so only a final ";" may stand alone. The DKIM engine
			// tolerates ";;" in signatures (a QUIRK); a seal, written by
			// ARC implementations only, is held to the grammar, as the
			// ARC conformance suite expects.
			s.fatal = append(s.fatal, `an empty tag (";;") is not allowed in a tag-list (RFC 6376 section 3.2)`)
			continue
		}
		s.fatal = append(s.fatal, p)
	}
	for _, name := range []string{"i", "a", "b", "cv", "d", "s"} {
		if _, ok := s.tag(name); !ok {
			s.fatal = append(s.fatal, fmt.Sprintf("missing required tag %q (RFC 8617 section 4.1.3)", name))
		}
	}
	if _, ok := s.tag("h"); ok {
		// RFC 8617 section 4.1.3: the seal covers the ARC sets, fixed by
		// the protocol; a seal naming header fields is invalid.
		s.fail("h", "h= is not allowed in an ARC-Seal: a seal always covers exactly the ARC sets (RFC 8617 section 4.1.3)")
	}
	if t, ok := s.tag("i"); ok {
		n, why := parseInstance(t.Value)
		if why != "" {
			s.fail("i", "%s", why)
		}
		s.Instance = n
	}
	if t, ok := s.tag("a"); ok {
		s.Algorithm = strings.ToLower(t.Value)
		switch s.Algorithm {
		case "rsa-sha256":
			s.kind, s.hash = "rsa", "sha256"
		case "ed25519-sha256":
			// QUIRK: RFC 8617 section 4.1.3 names rsa-sha256 only, but
			// the key record says which key it is and Ed25519 (RFC 8463)
			// verifies just as well; accepted, and said.
			s.kind, s.hash = "ed25519", "sha256"
			s.note(dkim.Warning, "a", "a=ed25519-sha256 is not among the algorithms RFC 8617 allows for ARC (only rsa-sha256); verified anyway as RFC 8463 defines it, but many receivers will not accept it")
		case "rsa-sha1":
			s.fail("a", "a=rsa-sha1 is not allowed: ARC seals use rsa-sha256 (RFC 8617 section 4.1.3, RFC 8301 section 3.1)")
		default:
			s.fail("a", "unknown algorithm a=%q: ARC seals use rsa-sha256 (RFC 8617 section 4.1.3)", t.Value)
		}
	}
	s.b = s.base64Tag("b")
	if t, ok := s.tag("cv"); ok {
		switch cv := CVStatus(strings.ToLower(t.Value)); cv {
		case CVNone, CVPass, CVFail:
			s.CV = cv
		default:
			s.fail("cv", "cv=%q is not a chain validation status: none, pass or fail (RFC 8617 section 4.1.3)", t.Value)
		}
	}
	if t, ok := s.tag("d"); ok {
		s.Domain = strings.TrimSuffix(strings.ToLower(t.Value), ".")
		if !dkim.ValidDomain(s.Domain) {
			s.fail("d", "d=%q is not a domain name", t.Value)
			s.Domain = ""
		}
	}
	if t, ok := s.tag("s"); ok {
		s.Selector = strings.ToLower(t.Value)
		if !dkim.ValidDomain(s.Selector) {
			s.fail("s", "s=%q is not a valid selector (dot-separated labels)", t.Value)
			s.Selector = ""
		}
	}
	if t, ok := s.tag("t"); ok {
		n, err := strconv.ParseInt(t.Value, 10, 64)
		if err != nil || n < 0 || strings.ContainsAny(t.Value, "+-") {
			s.fail("t", "t=%q is not a number of seconds (RFC 6376 section 3.5)", t.Value)
		} else {
			tm := time.Unix(n, 0).UTC()
			s.Timestamp = &tm
		}
	}
	return s
}

func (s *Seal) tag(name string) (dkim.Tag, bool) {
	for _, t := range s.Tags {
		if t.Name == name {
			return t, true
		}
	}
	return dkim.Tag{}, false
}

// fail records a fatal problem on tag name.
func (s *Seal) fail(name, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.fatal = append(s.fatal, msg)
	for i := range s.Tags {
		if s.Tags[i].Name == name && s.Tags[i].Problem == "" {
			s.Tags[i].Problem = msg
			break
		}
	}
}

func (s *Seal) note(level dkim.Level, tag, format string, args ...any) {
	s.Notes = append(s.Notes, dkim.Note{Level: level, Tag: tag, Text: fmt.Sprintf(format, args...)})
}

func (s *Seal) base64Tag(name string) []byte {
	t, ok := s.tag(name)
	if !ok {
		return nil
	}
	b, unpadded, err := dkim.DecodeBase64(t.Value)
	if err != nil {
		s.fail(name, "%s= %v", name, err)
		return nil
	}
	if unpadded {
		s.note(dkim.Warning, name, "%s= lacks base64 padding; accepted", name)
	}
	return b
}

// hashed is one ARC field fed to a seal's hash, with its instance.
type hashed struct {
	instance int
	field    message.Field
}

// verify computes the seal's hash over the ARC sets 1 to its instance
// (RFC 8617 section 5.1.1: for each set in increasing instance order, the
// AAR, the AMS and the AS, relaxed canonicalization; the seal being
// verified last, with b= emptied and no final CRLF), looks the key up and
// checks the signature. input holds the fields of the earlier sets and of
// this one without the seal itself, in hashing order; nil means the input
// cannot be formed, and why says so.
func (s *Seal) verify(ctx context.Context, v *dkim.Verifier, self message.Field, input []hashed, why string) {
	hc := &s.Header
	hc.Canonicalization, hc.Algorithm = dkim.Relaxed, "sha256"
	var digest []byte
	if input != nil {
		digest = s.hashInput(v, self, input)
	} else {
		hc.Status, hc.Detail = dkim.NotChecked, "not computed: "+why
	}

	var keyVerdict verdict.Result
	var keyReason string
	var pub any
	if s.Domain != "" && s.Selector != "" {
		s.Key, pub, s.DNS, keyVerdict, keyReason = v.LookupKey(ctx, s.Selector, s.Domain)
		if pub != nil {
			keyVerdict, keyReason = s.keyFits()
			if keyVerdict != "" {
				pub = nil
			}
		}
	}
	if pub != nil && digest != nil && s.b != nil && len(s.fatal) == 0 {
		var note string
		hc.Status, hc.Claimed, note = dkim.CheckSignature(pub, s.hash, digest, s.b)
		hc.ClaimedNote = note
		if hc.Status == dkim.Mismatch && hc.Claimed != "" && hc.Claimed != hc.Computed {
			hc.Detail = "the key decodes the seal to a different hash: one of the ARC fields listed (or the seal itself) changed after this hop sealed them"
		} else if hc.Status == dkim.Mismatch {
			hc.Detail = note
		}
	} else if hc.Status == "" {
		hc.Status = dkim.NotChecked
		switch {
		case len(s.fatal) > 0:
			hc.Detail = "not verified: the seal is malformed"
		case keyReason != "":
			hc.Detail = "not verified: " + keyReason
		default:
			hc.Detail = "not verified: no usable key"
		}
	}
	if s.Key != nil && s.Key.Testing {
		s.note(dkim.Info, "t", "the key record says t=y (testing)")
	}
	s.Verdict, s.Reason = s.decide(keyVerdict, keyReason)
}

// hashInput records the canonical hash input in s.Header and returns its
// SHA-256 hash, or nil when the seal has no b= to empty.
func (s *Seal) hashInput(v *dkim.Verifier, self message.Field, input []hashed) []byte {
	hc := &s.Header
	h := sha256.New()
	buf := make([]byte, 8<<10)
	for _, in := range input {
		// Shared with every other seal that hashes the same field: a
		// chain of 50 sets must not copy each field 50 times, to keep
		// or to hash (io.WriteString would copy it whole).
		c := v.Canonical(in.field, dkim.Relaxed)
		hc.Fields = append(hc.Fields, dkim.SignedField{Name: in.field.Name, Instance: in.instance, Line: in.field.Line, Raw: in.field.Text(), Canonical: c})
		for rest := c; len(rest) > 0; {
			n := copy(buf, rest)
			h.Write(buf[:n])
			rest = rest[n:]
		}
	}
	stripped, ok := dkim.StripB(self.Raw, s.Tags)
	if !ok {
		hc.Status, hc.Detail = dkim.NotChecked, "not computed: the seal has no b= tag to empty"
		return nil
	}
	c := bytes.TrimSuffix(dkim.CanonHeader(stripped, dkim.Relaxed), []byte("\r\n"))
	hc.Signature = dkim.SignedField{Name: self.Name, Instance: s.Instance, Line: self.Line, Raw: string(stripped), Canonical: string(c)}
	h.Write(c)
	sum := h.Sum(nil)
	hc.Computed = hex.EncodeToString(sum)
	return sum
}

// keyFits applies the key record's constraints to the seal (RFC 6376
// section 3.6.1, as RFC 8617 section 4.1.3 defers to it).
func (s *Seal) keyFits() (verdict.Result, string) {
	k := s.Key
	if s.kind != "" && k.Type != s.kind {
		return verdict.PermError, fmt.Sprintf("key type mismatch: the key record is k=%s but a=%s needs an %s key", k.Type, s.Algorithm, s.kind)
	}
	if len(k.Hashes) > 0 && s.hash != "" {
		found := false
		for _, h := range k.Hashes {
			found = found || h == s.hash
		}
		if !found {
			return verdict.PermError, fmt.Sprintf("the key record allows only h=%s, not the %s of a=%s", strings.Join(k.Hashes, ":"), s.hash, s.Algorithm)
		}
	}
	return "", ""
}

// decide turns the findings into the seal's verdict: malformed is
// permerror, a key that could not be had is permerror or temperror, and
// only a usable key can give pass or fail.
func (s *Seal) decide(keyVerdict verdict.Result, keyReason string) (verdict.Result, string) {
	if len(s.fatal) > 0 {
		reason := s.fatal[0]
		if n := len(s.fatal) - 1; n > 0 {
			reason += fmt.Sprintf(" (and %d more problem%s)", n, plural(n))
		}
		return verdict.PermError, reason
	}
	if keyVerdict != "" {
		return keyVerdict, keyReason
	}
	hc := &s.Header
	switch hc.Status {
	case dkim.Match:
	case dkim.Mismatch:
		if hc.Detail != "" {
			return verdict.Fail, "signature did not verify: " + hc.Detail
		}
		return verdict.Fail, "signature did not verify"
	default:
		return verdict.PermError, "seal could not be verified: " + hc.Detail
	}
	if why := s.Key.TooShort(); why != "" {
		return verdict.Policy, why
	}
	reason := "seal verified over the ARC sets 1 to " + strconv.Itoa(s.Instance)
	if s.Key != nil && s.Key.Testing {
		reason += "; the key is in testing mode (t=y)"
	}
	return verdict.Pass, reason
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
