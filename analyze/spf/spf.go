// Package spf re-evaluates SPF (RFC 7208) for the connection a message
// arrived on: it runs check_host() with blitiri.com.ar/go/spf v1.6.0 through
// headerscope's own dns.Resolver, keeps the Trace of every lookup the
// evaluation made, and names the mechanism that decided (or the limit that
// stopped it: ten DNS-querying terms, two void lookups, RFC 7208 section
// 4.6.4). Results are RFC 8601 / RFC 7208 section 2.6 words.
//
// Data flow: analyze calls Check with a dns.Resolver and an Input (the
// connecting IP, HELO name and MAIL FROM it read from the Received chain
// and the receiver's own result fields, Received-SPF or Return-Path);
// Check returns a Result with the verdict, the deciding term and the Trace
// of every lookup. analyze stores it as Report.SPF and passes its verdict
// and domain on to dmarc for alignment; recheck compares spf claims with
// it (and calls Check again for the connection another host saw), and
// render words it. The resolver is the only I/O.
package spf

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"

	libspf "blitiri.com.ar/go/spf"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Input is what check_host() needs (RFC 7208 section 4.1), with where each
// value was found, for display.
type Input struct {
	// IP is the connecting client's address; invalid when the message
	// does not say it.
	IP netip.Addr
	// MailFrom is the MAIL FROM address (RFC5321.MailFrom); empty for the
	// null reverse-path "<>", and then HELO is checked (section 2.4). A
	// bare domain is accepted as "postmaster@domain".
	MailFrom string
	HELO     string
	// Sources say where IP, MailFrom and HELO were taken from:
	// "Received line 12", "Received-SPF client-ip", "smtp.mailfrom".
	IPSource       string
	MailFromSource string
	HELOSource     string
}

// Result is one SPF evaluation.
type Result struct {
	Verdict verdict.Result
	Reason  string
	Input   Input
	// Identity is "mailfrom" or "helo" (RFC 7208 section 2.4 and 2.3),
	// and Domain the domain whose record was checked first.
	Identity string
	Domain   string
	// Mechanism is the term that decided, with its qualifier ("-all",
	// "ip4:192.0.2.0/24"), and Path the include: and redirect= terms
	// that led to it, outermost first.
	Mechanism string
	Path      []string
	// LookupLimit and VoidLimit are set when RFC 7208 section 4.6.4's
	// limits stopped the evaluation.
	LookupLimit bool
	VoidLimit   bool
	// DNS holds every lookup made, in order.
	DNS []*dns.Trace
}

// Check evaluates SPF for in with res. It never fails: an unknown IP is a
// Result with verdict none that says the check was not made.
func Check(ctx context.Context, res dns.Resolver, in Input) *Result {
	r := &Result{Input: in}
	if !in.IP.IsValid() {
		r.Verdict = verdict.None
		r.Reason = "not re-checked: the connecting IP is not in the message"
		return r
	}
	sender := in.MailFrom
	r.Identity = "mailfrom"
	switch {
	case sender == "" && in.HELO == "":
		r.Verdict = verdict.None
		r.Reason = "not re-checked: neither the MAIL FROM address nor the HELO name is in the message"
		return r
	case sender == "":
		// RFC 7208 section 2.4: with a null reverse-path the identity is
		// postmaster@ the HELO domain.
		r.Identity = "helo"
		r.Domain = strings.ToLower(in.HELO)
	case !strings.Contains(sender, "@"):
		sender = "postmaster@" + sender
		fallthrough
	default:
		r.Domain = strings.ToLower(sender[strings.LastIndexByte(sender, '@')+1:])
	}
	t := &tracer{r: res}
	ev := &events{}
	result, err := libspf.CheckHostWithSender(net.IP(in.IP.Unmap().AsSlice()), in.HELO, sender,
		libspf.WithContext(ctx), libspf.WithResolver(t), libspf.WithTraceFunc(ev.add))
	r.DNS = t.Traces()
	r.Verdict = verdict.Result(result)
	r.Mechanism, r.Path = ev.decided()
	r.LookupLimit = errors.Is(err, libspf.ErrLookupLimitReached)
	r.VoidLimit = errors.Is(err, libspf.ErrVoidLookupLimitReached)
	r.Reason = r.explain(err)
	return r
}

// explain says why the result is what it is, in words.
func (r *Result) explain(err error) string {
	who := fmt.Sprintf("%s for %s", r.Input.IP, r.Domain)
	via := ""
	if len(r.Path) > 0 {
		via = " via " + strings.Join(r.Path, ", ")
	}
	switch {
	case r.LookupLimit:
		return fmt.Sprintf("%s: the record needs more than 10 DNS-querying terms (include, a, mx, ptr, exists, redirect); RFC 7208 section 4.6.4 makes that a permerror", who)
	case r.VoidLimit:
		return fmt.Sprintf("%s: more than 2 lookups found nothing (void lookups); RFC 7208 section 4.6.4 makes that a permerror", who)
	case r.Verdict == verdict.None && r.Mechanism == "":
		return fmt.Sprintf("%s has no SPF record (RFC 7208 section 4.5)", r.Domain)
	case r.Verdict == verdict.TempError:
		return fmt.Sprintf("%s: a DNS lookup failed temporarily%s (%v); RFC 7208 section 2.6.6", who, at(r.Mechanism), err)
	case r.Verdict == verdict.PermError:
		return fmt.Sprintf("%s: the record cannot be used%s (%v); RFC 7208 section 2.6.7", who, at(r.Mechanism), err)
	case r.Mechanism == "":
		return fmt.Sprintf("%s: no mechanism matched and there is no all; the default is neutral (RFC 7208 section 4.7)", who)
	}
	word := map[verdict.Result]string{
		verdict.Pass:     "is authorized",
		verdict.Fail:     "is not authorized",
		verdict.SoftFail: "is probably not authorized",
		verdict.Neutral:  "is neither authorized nor forbidden",
	}[r.Verdict]
	if word == "" {
		word = "gives " + string(r.Verdict)
	}
	return fmt.Sprintf("%s %s: matched %q%s", who, word, r.Mechanism, via)
}

func at(term string) string {
	if term == "" {
		return ""
	}
	return fmt.Sprintf(" at %q", term)
}
