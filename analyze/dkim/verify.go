// Package dkim verifies DKIM signatures (RFC 6376), with the algorithm
// rules of RFC 8301 and Ed25519 keys of RFC 8463, and the
// ARC-Message-Signature variant of RFC 8617 section 4.1.2, keeping as data
// every step an explanation needs.
package dkim

import (
	"context"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
)

// Verifier verifies the signatures of one message. It is safe for
// concurrent use; canonical body hashes are computed once per
// (canonicalization, hash, length) and shared between signatures.
type Verifier struct {
	msg *message.Message
	res dns.Resolver
	now time.Time
}

// NewVerifier returns a Verifier for m that looks keys up with r and judges
// t= and x= against now.
func NewVerifier(m *message.Message, r dns.Resolver, now time.Time) *Verifier {
	return &Verifier{msg: m, res: r, now: now}
}

// Verify verifies the signature field f, the index-th field of its kind.
func (v *Verifier) Verify(ctx context.Context, f message.Field, kind Kind, index int) *Result {
	panic("not yet written")
}
