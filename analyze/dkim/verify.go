// Package dkim verifies DKIM signatures (RFC 6376), with the algorithm
// rules of RFC 8301 and Ed25519 keys of RFC 8463, and the
// ARC-Message-Signature variant of RFC 8617 section 4.1.2, keeping as data
// every step an explanation needs.
package dkim

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// FutureSkew is how far in the future a t= may lie before the signature is
// refused: clocks differ, and RFC 6376 section 3.5 leaves the allowance to
// the verifier.
const FutureSkew = 5 * time.Minute

// Verifier verifies the signatures of one message. It is safe for
// concurrent use; canonical body hashes are computed once per
// (canonicalization, hash, length) and shared between signatures.
type Verifier struct {
	msg    *message.Message
	res    dns.Resolver
	now    time.Time
	bodies *bodyCache
	fields *fieldCache
	diag   *diagState
	cfg    Config
}

// Config holds settings that a run applies to every message.
type Config struct {
	// NoBodyLines leaves BodyCheck.Lines empty: the trace of the first
	// body lines before and after canonicalization is shown only by the
	// interactive Canonicalization view, so a batch report need not
	// compute it.
	NoBodyLines bool
	// Keys, when not nil, keeps parsed key records for the whole run, so
	// that a key used by many messages is parsed once.
	Keys *KeyCache
}

// NewVerifier returns a Verifier for m that looks keys up with r and judges
// t= and x= against now.
func NewVerifier(m *message.Message, r dns.Resolver, now time.Time) *Verifier {
	return &Verifier{msg: m, res: r, now: now, bodies: &bodyCache{noBareLF: m.LineEnds.BareLF == 0}, fields: &fieldCache{}, diag: &diagState{shares: 1, allowance: diagnosisAllowance(len(m.Raw))}}
}

// WithConfig returns v with the run settings c.
func (v *Verifier) WithConfig(c Config) *Verifier {
	w := *v
	w.cfg = c
	return &w
}

// ShareDiagnosis splits the message's diagnosis allowance into n equal
// shares, one for each signature and ARC-Message-Signature that will be
// verified. Call it before verifying; without it one search may use the
// whole allowance.
func (v *Verifier) ShareDiagnosis(n int) { v.diag.shares = max(n, 1) }

// At returns a verifier of the same message that judges t= and x= against
// now instead, sharing the canonical body hashes already computed (they do
// not depend on the clock). It is how a signature is checked again as of
// the day the message arrived.
func (v *Verifier) At(now time.Time) *Verifier {
	return &Verifier{msg: v.msg, res: v.res, now: now, bodies: v.bodies, fields: v.fields, diag: v.diag, cfg: v.cfg}
}

// Message returns the message being verified.
func (v *Verifier) Message() *message.Message { return v.msg }

// Verify verifies the signature field f, the index-th field of its kind,
// and explains it. Both halves are always evaluated, the body hash and the
// header signature, so that the user sees which of them failed.
func (v *Verifier) Verify(ctx context.Context, f message.Field, kind Kind, index int) *Result {
	r := &Result{Kind: kind, Index: index, Line: f.Line, Field: f.Text()}
	s := parseSig(f.ValueText(), kind)
	r.Tags = s.Tags
	r.Domain, r.Selector, r.Algorithm = s.domain, s.selector, s.algorithm
	if s.headerCan != "" {
		r.Canonicalization = string(s.headerCan) + "/" + string(s.bodyCan)
	}
	r.Identity, r.Instance = s.identity, s.instance
	if n := len(s.headers); n > MaxSignedFields {
		r.SignedHeaders = append([]string(nil), s.headers[:MaxSignedFields]...)
		r.SignedHeadersOmitted = n - MaxSignedFields
	} else {
		r.SignedHeaders = s.headers
	}
	r.Timestamp, r.Expiration, r.Length = s.timestamp, s.expiration, s.length

	v.checkBody(r, s)
	digest := v.hashHeader(r, s, f)

	var key *Key
	var pub any
	var keyVerdict verdict.Result
	var keyReason string
	if s.domain != "" && s.selector != "" {
		key, pub, r.DNS, keyVerdict, keyReason = v.LookupKey(ctx, s.selector, s.domain)
		r.Key = key
		if pub != nil {
			keyVerdict, keyReason = checkKeyFits(key, s)
			if keyVerdict != "" {
				pub = nil
			}
		}
	}
	if pub != nil && digest != nil && s.b != nil {
		r.Header.Status, r.Header.Claimed, r.Header.ClaimedNote = checkSignature(pub, s.hash, digest, s.b)
	} else {
		r.Header.Status = NotChecked
		if r.Header.Detail == "" {
			r.Header.Detail = "not verified: no usable key"
			if keyReason != "" {
				r.Header.Detail = "not verified: " + keyReason
			}
		}
	}
	if r.Body.Status == Mismatch || r.Header.Status == Mismatch {
		r.Diagnosis = v.diagnose(r, s, f, pub)
	}
	s.timeNotes(v.now)
	if key != nil && key.Testing {
		s.Note(Info, "t", "the key record says t=y: the domain is testing DKIM, and verifiers must treat the message like unsigned mail whatever the result (RFC 6376 section 3.6.1)")
	}
	if s.length != nil && r.Body.Unsigned > 0 {
		s.Note(Warning, "l", "l=%d signs only the first %d bytes of the canonical body; %d bytes after them are not protected by the signature and may have been added by anyone (RFC 6376 section 8.2)", *s.length, *s.length, r.Body.Unsigned)
	}
	r.Notes = s.Notes
	r.Verdict, r.Reason = decide(r, s, keyVerdict, keyReason)
	return r
}

// checkBody computes the body hash and compares it with bh=.
func (v *Verifier) checkBody(r *Result, s *sig) {
	b := &r.Body
	b.Canonicalization, b.Algorithm = s.bodyCan, s.hash
	if s.bh != nil {
		b.Claimed = base64.StdEncoding.EncodeToString(s.bh)
	}
	b.RawLength = int64(len(v.msg.Body))
	if s.bodyCan == "" || s.hash == "" {
		b.Status, b.Detail = NotChecked, "not checked: the canonicalization or algorithm is unknown"
		return
	}
	empty := emptyBodyHash(s.bodyCan, s.hash)
	b.ClaimedEmpty = s.bh != nil && bytes.Equal(s.bh, empty)
	if !v.msg.HasBody {
		// Pasted headers: an absent body can only be checked when the
		// signer signed an empty one.
		if b.ClaimedEmpty {
			b.Computed, b.Status = b.Claimed, Match
			b.Detail = "no body supplied, and bh= is the hash of an empty body, so nothing is missing"
			return
		}
		b.Status, b.Detail = NotChecked, "not checked: no body supplied (the input ends in the header block, as pasted headers do)"
		return
	}
	limit := int64(-1)
	if s.length != nil {
		limit = *s.length
	}
	h := v.bodies.get(v.msg.Body, s.bodyCan, s.hash, limit)
	b.Computed = base64.StdEncoding.EncodeToString(h.sum)
	b.CanonicalLength, b.HashedLength = h.canonical, h.hashed
	if s.length != nil {
		if *s.length > h.canonical {
			s.Fail("l", "l=%d is larger than the canonical body (%d bytes): RFC 6376 section 3.5 says it must not be", *s.length, h.canonical)
		} else {
			b.Unsigned = h.canonical - *s.length
		}
	}
	if !v.cfg.NoBodyLines {
		b.Lines, b.LinesTruncated = traceBody(v.msg.Body, s.bodyCan, v.msg.BodyLine)
	}
	if s.bh == nil {
		b.Status, b.Detail = NotChecked, "not checked: bh= is missing or unreadable"
		return
	}
	if bytes.Equal(h.sum, s.bh) {
		b.Status = Match
		return
	}
	b.Status = Mismatch
	b.Cause = bodyCause(h, empty, b.ClaimedEmpty)
}

// bodyCause says why a body hash most likely differs, from what can be
// computed: an empty body, an empty signed body, or neither.
func bodyCause(h *bodyHash, empty []byte, claimedEmpty bool) BodyCause {
	switch {
	case bytes.Equal(h.sum, empty):
		return BodyLost
	case claimedEmpty:
		return BodyAdded
	}
	return BodyChanged
}

// timeNotes checks t= and x= against the clock (RFC 6376 section 3.5).
func (s *sig) timeNotes(now time.Time) {
	if s.expiration != nil && now.After(*s.expiration) {
		s.Fail("x", "signature expired at %s (x=%d), before %s", s.expiration.Format(time.RFC3339), s.expiration.Unix(), now.UTC().Format(time.RFC3339))
	}
	if s.timestamp != nil && s.timestamp.After(now) {
		if s.timestamp.Sub(now) > FutureSkew {
			s.Fail("t", "signature timestamp t=%d (%s) is in the future", s.timestamp.Unix(), s.timestamp.Format(time.RFC3339))
		} else {
			s.Note(Info, "t", "t= is %s ahead of the clock; accepted as clock skew", s.timestamp.Sub(now).Round(time.Second))
		}
	}
}

// checkKeyFits applies the key record's constraints to the signature
// (RFC 6376 section 3.6.1 and 6.1.2). It returns permerror and a reason
// when the key cannot be used.
func checkKeyFits(k *Key, s *sig) (verdict.Result, string) {
	if s.keyType != "" && k.Type != s.keyType {
		return verdict.PermError, fmt.Sprintf("key type mismatch: the key record is k=%s but a=%s needs an %s key", k.Type, s.algorithm, s.keyType)
	}
	if len(k.Hashes) > 0 && s.hash != "" && !contains(k.Hashes, s.hash) {
		return verdict.PermError, fmt.Sprintf("the key record allows only h=%s, not the %s of a=%s", strings.Join(k.Hashes, ":"), s.hash, s.algorithm)
	}
	if k.Strict && s.kind == KindDKIM && s.identity != "" {
		at := strings.LastIndexByte(s.identity, '@')
		if at >= 0 && !strings.EqualFold(strings.TrimSuffix(s.identity[at+1:], "."), s.domain) {
			return verdict.PermError, fmt.Sprintf("the key has t=s (strict): i=%q must use exactly the domain %q, not a subdomain", s.identity, s.domain)
		}
	}
	return "", ""
}

// Now returns the time the verifier judges t= and x= against.
func (v *Verifier) Now() time.Time { return v.now }
