package dkim

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/hex"
	"fmt"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// LookupKey fetches and parses the key at selector._domainkey.domain (RFC
// 6376 section 3.6.2). It returns the parsed record, the public key when
// usable, the DNS trace, and when the key cannot be used a verdict
// (permerror or temperror) with its reason.
func (v *Verifier) LookupKey(ctx context.Context, selector, domain string) (*Key, crypto.PublicKey, *dns.Trace, verdict.Result, string) {
	name := KeyName(selector, domain)
	t := v.res.Lookup(ctx, name, "TXT")
	switch t.Outcome {
	case dns.OK:
	case dns.NXDomain, dns.NoData:
		// RFC 6376 section 6.1.2: no key record is a permanent failure.
		what := "the name does not exist (NXDOMAIN)"
		if t.Outcome == dns.NoData {
			what = "the name has no TXT record"
		}
		return nil, nil, t, verdict.PermError, fmt.Sprintf("no key at %s: %s", t.Query, what)
	case dns.BadName:
		return nil, nil, t, verdict.PermError, fmt.Sprintf("no key: %s is not a valid DNS name", name)
	case dns.NotMade:
		return nil, nil, t, verdict.TempError, fmt.Sprintf("not checked: offline; the key at %s was not looked up", name)
	default:
		detail := t.Detail
		if detail == "" {
			detail = string(t.Outcome)
		}
		return nil, nil, t, verdict.TempError, fmt.Sprintf("key lookup for %s failed: %s", name, detail)
	}
	txt := t.TXT()
	if len(txt) == 0 {
		return nil, nil, t, verdict.PermError, fmt.Sprintf("no key at %s: the answer has no TXT record", name)
	}
	if len(txt) > 1 {
		// RFC 6376 section 3.6.2.2: TXT records must be unique per
		// selector; with several, the result is undefined.
		k, _ := parseKey(txt[0].Text())
		k.Problem = fmt.Sprintf("%d TXT records at %s: a selector must have exactly one (RFC 6376 section 3.6.2.2)", len(txt), t.Final())
		return k, nil, t, verdict.PermError, k.Problem
	}
	k, pub := v.cfg.Keys.parse(txt[0].Text())
	if pub == nil {
		return k, nil, t, verdict.PermError, k.Problem
	}
	return k, pub, t, "", ""
}

// checkSignature verifies sig over digest with pub and returns the status,
// the signed hash recovered from an RSA signature (hex), and a note.
func checkSignature(pub crypto.PublicKey, hashName string, digest, sig []byte) (status Status, claimed, note string) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() >= 1024 {
			h := crypto.SHA256
			if hashName == "sha1" {
				h = crypto.SHA1
			}
			if rsa.VerifyPKCS1v15(k, h, digest, sig) == nil {
				// A valid signature encodes exactly the computed hash,
				// so there is nothing more to recover.
				return Match, hex.EncodeToString(digest), ""
			}
		}
		signed, why, ok := recoverRSAHash(k, sig, hashName)
		if signed != nil {
			claimed = hex.EncodeToString(signed)
		}
		// crypto/rsa refuses keys under 1024 bits; the recovered hash
		// still tells whether such a signature is mathematically right,
		// which the verdict then refuses (RFC 8301 section 3.2).
		valid := k.N.BitLen() < 1024 && ok && hex.EncodeToString(digest) == claimed
		switch {
		case valid:
			return Match, claimed, ""
		case !ok:
			return Mismatch, claimed, why
		default:
			return Mismatch, claimed, "the key decodes the signature to a different hash: the signed header fields (or the signature field itself) changed after signing"
		}
	case ed25519.PublicKey:
		note = "Ed25519 signatures do not reveal the hash that was signed: only whether it matches can be known (RFC 8463)"
		if len(sig) != ed25519.SignatureSize {
			return Mismatch, "", fmt.Sprintf("the signature is %d bytes; an Ed25519 signature is %d", len(sig), ed25519.SignatureSize)
		}
		// RFC 8463 section 3: Ed25519 signs the SHA-256 hash of the
		// canonical header input (PureEdDSA over the hash).
		if ed25519.Verify(k, digest, sig) {
			return Match, "", note
		}
		return Mismatch, "", note
	}
	return NotChecked, "", "unsupported key"
}

// decide turns the findings into one RFC 8601 verdict and a reason that
// reads as one. The order matters: a signature that cannot be read is a
// permerror whatever else, a key that could not be fetched is a temperror,
// and only with a usable key can a mismatch be a fail.
func decide(r *Result, s *sig, keyVerdict verdict.Result, keyReason string) (verdict.Result, string) {
	if reason, ok := s.FatalReason(); ok {
		return verdict.PermError, reason
	}
	if keyVerdict != "" {
		return keyVerdict, keyReason
	}
	body, head := r.Body.Status, r.Header.Status
	// Why the header signature failed, as precisely as was computed.
	why := "a signed header field changed after signing"
	if r.Header.Detail != "" {
		why = r.Header.Detail
	} else if r.Header.Claimed == "" && r.Key != nil && r.Key.Type == "rsa" && r.Header.ClaimedNote != "" {
		why = r.Header.ClaimedNote
	}
	// A half the diagnosis explains gets no guess here: its findings are
	// data, and render adds them to the reason in its own words
	// (render.DKIMReason).
	explained := func(h Half) bool {
		d := r.Diagnosis
		return d != nil && ((h == HeaderHalf && d.Header == Explained) || (h == BodyHalf && d.Body == Explained))
	}
	switch {
	case head == Mismatch && body == Mismatch && explained(HeaderHalf):
		return verdict.Fail, "body hash mismatch and signature did not verify"
	case head == Mismatch && body == Mismatch:
		return verdict.Fail, "body hash mismatch and signature did not verify: " + why + "; the body changed too"
	case head == Mismatch && body == NotChecked && explained(HeaderHalf):
		return verdict.Fail, "signature did not verify; body hash not checked: no body supplied"
	case head == Mismatch && body == NotChecked:
		return verdict.Fail, "signature did not verify (" + why + "); body hash not checked: no body supplied"
	case head == Mismatch && explained(HeaderHalf):
		return verdict.Fail, "signature did not verify (the body hash matches)"
	case head == Mismatch:
		return verdict.Fail, "signature did not verify: " + why + " (the body hash matches)"
	case body == Mismatch && head == Match && explained(BodyHalf):
		return verdict.Fail, "body hash mismatch (the signed header fields are intact)"
	case body == Mismatch && head == Match && r.Body.Cause == BodyLost:
		return verdict.Fail, "body hash mismatch: the body is missing here (the signed header fields are intact)"
	case body == Mismatch && head == Match && r.Body.Cause == BodyAdded:
		return verdict.Fail, "body hash mismatch: the signer signed an empty body (the signed header fields are intact)"
	case body == Mismatch && head == Match:
		return verdict.Fail, "body hash mismatch: the body changed after signing (the signed header fields are intact)"
	case head != Match:
		return verdict.PermError, "signature could not be verified: " + r.Header.Detail
	case body == NotChecked:
		return verdict.Neutral, "signature verified; body hash not checked: no body supplied"
	case r.Key.TooShort() != "":
		return verdict.Policy, r.Key.TooShort()
	case s.hash == "sha1":
		return verdict.Policy, "signature verifies, but rsa-sha1 is not acceptable (RFC 8301 section 3.1)"
	}
	reason := "signature and body hash verified"
	if s.length != nil && r.Body.Unsigned > 0 {
		reason += fmt.Sprintf("; %d bytes after l= are not signed", r.Body.Unsigned)
	}
	if r.Key != nil && r.Key.Testing {
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

// CheckSignature verifies sig over the hash digest with pub ("sha256" or
// "sha1"), for callers that build their own hash input (ARC-Seal). It
// returns Match or Mismatch, the signed hash recovered from an RSA
// signature (hex), and a note explaining a mismatch or the Ed25519 case.
func CheckSignature(pub crypto.PublicKey, hashName string, digest, sig []byte) (status Status, claimed, note string) {
	return checkSignature(pub, hashName, digest, sig)
}
