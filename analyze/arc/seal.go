package arc

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// parseSeal interprets the tag-list of an ARC-Seal field (RFC 8617 section
// 4.1.3): i, a, b, cv, d and s are required, t is optional, h is
// forbidden, other tags are ignored.
func parseSeal(f message.Field) *Seal {
	// RFC 6376 section 3.2: tag-list = tag-spec *(";" tag-spec) [";"],
	// so only a final ";" may stand alone. The DKIM engine tolerates ";;"
	// in signatures (a QUIRK); a seal, written by ARC implementations
	// only, is held to the grammar, as the ARC conformance suite expects.
	s := &Seal{Line: f.Line, Field: f.Text(),
		TagReader: dkim.ReadTagList(f.ValueText(), `an empty tag (";;") is not allowed in a tag-list (RFC 6376 section 3.2)`)}
	explainSealTags(s.Tags)
	s.Require(" (RFC 8617 section 4.1.3)", "i", "a", "b", "cv", "d", "s")
	if _, ok := s.Tag("h"); ok {
		// RFC 8617 section 4.1.3: the seal covers the ARC sets, fixed by
		// the protocol; a seal naming header fields is invalid.
		s.Fail("h", "h= is not allowed in an ARC-Seal: a seal always covers exactly the ARC sets (RFC 8617 section 4.1.3)")
	}
	if t, ok := s.Tag("i"); ok {
		n, why := authres.ParseInstance(t.Value)
		if why != "" {
			s.Fail("i", "%s", why)
		}
		s.Instance = n
	}
	if t, ok := s.Tag("a"); ok {
		s.Algorithm = strings.ToLower(t.Value)
		switch s.Algorithm {
		case "rsa-sha256":
			s.kind, s.hash = "rsa", "sha256"
		case "ed25519-sha256":
			// QUIRK: RFC 8617 section 4.1.3 names rsa-sha256 only, but
			// the key record says which key it is and Ed25519 (RFC 8463)
			// verifies just as well; accepted, and said.
			s.kind, s.hash = "ed25519", "sha256"
			s.Note(dkim.Warning, "a", "a=ed25519-sha256 is not among the algorithms RFC 8617 allows for ARC (only rsa-sha256); verified anyway as RFC 8463 defines it, but many receivers will not accept it")
		case "rsa-sha1":
			s.Fail("a", "a=rsa-sha1 is not allowed: ARC seals use rsa-sha256 (RFC 8617 section 4.1.3, RFC 8301 section 3.1)")
		default:
			s.Fail("a", "unknown algorithm a=%q: ARC seals use rsa-sha256 (RFC 8617 section 4.1.3)", t.Value)
		}
	}
	s.b = s.Base64("b")
	if t, ok := s.Tag("cv"); ok {
		switch cv := CVStatus(strings.ToLower(t.Value)); cv {
		case CVNone, CVPass, CVFail:
			s.CV = cv
		default:
			s.Fail("cv", "cv=%q is not a chain validation status: none, pass or fail (RFC 8617 section 4.1.3)", t.Value)
		}
	}
	if t, ok := s.Tag("d"); ok {
		s.Domain = strings.TrimSuffix(strings.ToLower(t.Value), ".")
		if !dkim.ValidDomain(s.Domain) {
			s.Fail("d", "d=%q is not a domain name", t.Value)
			s.Domain = ""
		}
	}
	s.Selector = s.ReadSelector()
	s.Timestamp = s.Seconds("t")
	return s
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
	if pub != nil && digest != nil && s.b != nil && len(s.Fatal) == 0 {
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
		case len(s.Fatal) > 0:
			hc.Detail = "not verified: the seal is malformed"
		case keyReason != "":
			hc.Detail = "not verified: " + keyReason
		default:
			hc.Detail = "not verified: no usable key"
		}
	}
	if s.Key != nil && s.Key.Testing {
		s.Note(dkim.Info, "t", "the key record says t=y (testing)")
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
	if reason, ok := s.FatalReason(); ok {
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
