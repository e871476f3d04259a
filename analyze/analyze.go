// Package analyze re-verifies, itself, the authentication of one Internet
// message and returns everything it found as data: every DKIM-Signature
// (RFC 6376, RFC 8301, RFC 8463), the ARC chain (RFC 8617), the Received
// chain and where the message entered the receiver (RFC 5321 section
// 4.4), SPF for that connection (RFC 7208), DMARC (RFC 7489) and every
// Authentication-Results claim (RFC 8601) compared with those results,
// with the DNS path of each lookup (RFC 1035).
//
// Data flow: Analyze parses the message (message), verifies the DKIM
// signatures (dkim) and the ARC chain (arc) side by side, reads the
// Received chain (received) and the result fields with who wrote each
// (recheck.Read), evaluates SPF and DMARC (spf, dmarc), and last has
// recheck compare every claim with those results. Each lands in its own
// field of the Report, which render and the TUI show.
//
// It never writes to a terminal and reaches the network only through the
// dns.Resolver it is given. A verdict lives in each finding; Analyze has no
// error return because a message it cannot make sense of still yields a
// report that says what could be read.
//
// Results are data: states, causes and families of change are named types
// with constants (dkim.Status, dkim.Canon, dkim.Family, arc.CVStatus,
// dmarc.Policy, dns.Cause ...), and what a reader can do about a finding
// is for render to say, once, in the terms of its output: no sentence of
// analyze names a flag of the command line or a key of the TUI.
package analyze

import (
	"context"
	"sync"
	"time"

	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/received"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/spf"
)

// DefaultMaxSignatures is how many DKIM-Signature fields are verified in one
// message unless Options says otherwise; the rest are reported as not
// evaluated, so that a message built with thousands of signatures cannot make
// the analysis slow.
const DefaultMaxSignatures = 32

// DefaultMaxLookups is how many distinct DNS questions one message may
// cause (identical questions are asked once); past it, lookups are refused
// with a note, so that a hostile message cannot make the analysis query
// without end.
const DefaultMaxLookups = 64

// DefaultTimeout bounds the DNS work for one message.
const DefaultTimeout = 30 * time.Second

// Options control one analysis.
type Options struct {
	// Resolver answers DNS questions. Nil means no lookups at all, as
	// with --offline.
	Resolver dns.Resolver
	// Now returns the time against which t= and x= are judged; nil means
	// time.Now. Tests always pin it.
	Now func() time.Time
	// MaxSignatures caps the DKIM-Signature fields verified; 0 means
	// DefaultMaxSignatures.
	MaxSignatures int
	// MaxLookups caps distinct DNS questions per message; 0 means
	// DefaultMaxLookups.
	MaxLookups int
	// Timeout bounds the whole analysis of one message (its DNS
	// lookups); 0 means DefaultTimeout.
	Timeout time.Duration
	// NoBodyLines skips the trace of the first body lines before and
	// after canonicalization (dkim.BodyCheck.Lines), which only the
	// interactive Canonicalization view shows: a batch report need not
	// compute it.
	NoBodyLines bool
	// Keys, when not nil, keeps parsed DKIM key records across the
	// messages analysed with it (one run), so that a key shared by many
	// messages is parsed once.
	Keys *dkim.KeyCache
}

// Report is the analysis of one message.
type Report struct {
	Summary     Summary
	Size        int
	HeadersOnly bool
	LineEnds    message.LineEnds
	Problems    []message.Problem
	// Resolver says who answered DNS questions.
	Resolver string
	// Now is the time verdicts were judged against.
	Now time.Time

	DKIM []*dkim.Result
	// DKIMNotEvaluated counts DKIM-Signature fields beyond MaxSignatures.
	DKIMNotEvaluated int

	// ARC is the chain validation (RFC 8617 section 5.2); its Verdict is
	// none when the message has no ARC fields.
	ARC *arc.Result

	// Received is the Received chain (RFC 5321 section 4.4) and where
	// the message entered the receiver.
	Received *received.Chain

	// SPF is headerscope's own SPF evaluation (RFC 7208) for the
	// receiving hop's connection, and DMARC its DMARC evaluation (RFC
	// 7489) from that and the DKIM results.
	SPF   *spf.Result
	DMARC *dmarc.Result

	// Claims holds every Authentication-Results entry (RFC 8601) with
	// who wrote it, each claim re-checked against the findings above.
	Claims *recheck.Result

	// Unsigned lists the header fields a mail client shows (the topmost
	// From, Subject, Date, To, Reply-To) that no passing signature covers
	// while it covers another instance below: what the reader sees is not
	// what was signed.
	Unsigned []Unsigned

	// Message is the parsed message the findings point into.
	Message *message.Message
}

// Analyze parses raw and verifies every signature in it. raw is not
// modified and must not be modified while the report is in use.
func Analyze(ctx context.Context, raw []byte, opts Options) *Report {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	res := opts.Resolver
	if res == nil {
		res = dns.Offline{}
	}
	maxLookups := opts.MaxLookups
	if maxLookups <= 0 {
		maxLookups = DefaultMaxLookups
	}
	// Identical queries (two signatures with one selector, an AMS and a
	// seal with one key) are asked once per message, and only distinct
	// ones count against the limit.
	limited := dns.NewLimited(res, maxLookups)
	res = dns.NewCache(limited)
	max := opts.MaxSignatures
	if max <= 0 {
		max = DefaultMaxSignatures
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	// The cause is typed, so that a lookup it stops reports
	// dns.CauseTimeUp and render can say how to allow more time.
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, &dns.TimeUp{Allowed: timeout})
	defer cancel()

	size := len(raw)
	raw, crProblem := crOnly(raw)
	m := message.Parse(raw)
	if crProblem != nil {
		m.Problems = append([]message.Problem{*crProblem}, m.Problems...)
	}
	r := &Report{
		Message:     m,
		Size:        size,
		HeadersOnly: !m.HasBody,
		LineEnds:    m.LineEnds,
		Problems:    m.Problems,
		Resolver:    res.Describe(),
		Now:         now(),
	}
	r.Summary = summarize(m)

	v := dkim.NewVerifier(m, res, r.Now).WithConfig(dkim.Config{NoBodyLines: opts.NoBodyLines, Keys: opts.Keys})
	sigs := m.Header("DKIM-Signature")
	if len(sigs) > max {
		r.DKIMNotEvaluated = len(sigs) - max
		sigs = sigs[:max]
	}
	r.DKIM = make([]*dkim.Result, len(sigs))
	reserveKeys(limited, m, sigs)
	v.ShareDiagnosis(len(sigs) + countAMS(m))
	var wg sync.WaitGroup
	for i, f := range sigs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.DKIM[i] = v.Verify(ctx, f, dkim.KindDKIM, i)
		}()
	}
	// ARC runs beside the DKIM signatures, sharing the verifier's body
	// hashes and the message's DNS cache.
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.ARC = arc.Validate(ctx, v)
	}()
	wg.Wait()
	markShared(r.DKIM, r.ARC)
	r.Unsigned = unsignedShown(m, r.DKIM)
	// The receiver's own claims tell the SPF identities, so the result
	// fields are read (and who wrote each decided) before SPF; the claims
	// are compared with the verdicts, so that comes last.
	r.Received = received.ReadChain(m)
	claims := recheck.Read(m, r.Received, arcVerdict(r.ARC))
	r.SPF = receiverSPF(ctx, res, m, r.Received, claims)
	r.DMARC = receiverDMARC(ctx, res, m, r.DKIM, r.SPF)
	claims.Check(ctx, recheck.Given{
		DKIM:     r.DKIM,
		DMARC:    r.DMARC,
		SPF:      r.SPF,
		Resolver: res,
		Verifier: v,
		Now:      r.Now,
	})
	r.Claims = claims
	return r
}

// arcVerdict passes the chain validation to the claims re-check, with
// what each hop could see.
func arcVerdict(a *arc.Result) recheck.ARCVerdict {
	v := recheck.ARCVerdict{Result: a.Verdict, Reason: a.Reason, SeenBy: a.SeenBy}
	for _, s := range a.Sets {
		if s == nil || s.Instance < 1 || s.Instance > arc.MaxSets {
			continue
		}
		for len(v.AuthServIDs) < s.Instance {
			v.AuthServIDs = append(v.AuthServIDs, "")
		}
		if s.AAR != nil {
			v.AuthServIDs[s.Instance-1] = s.AAR.AuthServID
		}
	}
	return v
}
