package analyze

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/received"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/spf"
)

// receiverSPF evaluates SPF (RFC 7208) for the receiving hop's
// connection. The IP comes from the boundary Received field or, failing
// that, a result field the receiver wrote; MAIL FROM and HELO from the
// receiver's own claims, its Received-SPF, or the Return-Path it added.
// Only fields the receiver wrote count: one the sender wrote could name
// any identity (RFC 8601 section 5).
func receiverSPF(ctx context.Context, res dns.Resolver, m *message.Message, chain *received.Chain, claims *recheck.Result) *spf.Result {
	return spf.Check(ctx, res, spfInput(m, chain, claims))
}

// spfInput gathers the connection the receiver saw, and where each part
// of it was read.
func spfInput(m *message.Message, chain *received.Chain, claims *recheck.Result) spf.Input {
	in := spf.Input{}
	if h := chain.Boundary(); h != nil {
		if ip, err := netip.ParseAddr(chain.Receiving.ConnectingIP); err == nil {
			in.IP, in.IPSource = ip, fmt.Sprintf("the receiving hop's Received field (line %d)", h.Line)
		}
	}
	if chain.Receiving.HELO != "" {
		in.HELO, in.HELOSource = chain.Receiving.HELO, "the receiving hop's Received field"
	}
	mailFromSet := false
	for _, e := range claims.AuthenticationResults {
		if !e.Trusted || e.Instance > 0 {
			continue
		}
		for _, s := range e.Parsed().ResultsFor("spf") {
			if p, ok := s.Lookup("smtp.mailfrom"); ok && !mailFromSet {
				in.MailFrom, in.MailFromSource, mailFromSet = p.Value, fmt.Sprintf("smtp.mailfrom of the trusted %s on line %d", e.Field, e.Line), true
			}
			if h := s.Prop("smtp.helo"); h != "" && in.HELO == "" {
				in.HELO, in.HELOSource = h, fmt.Sprintf("smtp.helo on line %d", e.Line)
			}
			if !in.IP.IsValid() {
				if ip, ok := s.ClientIP(); ok {
					in.IP, in.IPSource = ip, fmt.Sprintf("the comment of the spf result on line %d", e.Line)
				}
			}
		}
	}
	for _, f := range claims.ReceivedSPF {
		if !f.Trusted {
			continue
		}
		p := f.Parsed
		if ip, err := netip.ParseAddr(p.Get("client-ip")); err == nil && !in.IP.IsValid() {
			in.IP, in.IPSource = ip, fmt.Sprintf("client-ip of the Received-SPF field on line %d", f.Line)
		}
		if v := p.Get("envelope-from"); v != "" && !mailFromSet {
			in.MailFrom, in.MailFromSource, mailFromSet = strings.Trim(v, "<>"), fmt.Sprintf("envelope-from of the Received-SPF field on line %d", f.Line), true
		}
		if v := p.Get("helo"); v != "" && in.HELO == "" {
			in.HELO, in.HELOSource = v, fmt.Sprintf("helo of the Received-SPF field on line %d", f.Line)
		}
	}
	if !mailFromSet {
		if rp := m.Header("Return-Path"); len(rp) > 0 {
			in.MailFrom = strings.Trim(message.Unfold(rp[0].ValueText()), "<> \t")
			in.MailFromSource = fmt.Sprintf("the Return-Path field on line %d", rp[0].Line)
		}
	}
	return in
}

// receiverDMARC evaluates DMARC (RFC 7489) from the DKIM results and the
// SPF evaluation for the receiving hop's connection.
func receiverDMARC(ctx context.Context, res dns.Resolver, m *message.Message, sigs []*dkim.Result, s *spf.Result) *dmarc.Result {
	var spfIn *dmarc.SPFInput
	if s != nil && s.Identity != "" {
		spfIn = &dmarc.SPFInput{Result: s.Verdict, Domain: s.Domain, Source: "re-evaluated by headerscope"}
	}
	return dmarc.Evaluate(ctx, res, m, sigs, spfIn)
}
