package spf

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync"

	mdns "github.com/miekg/dns"

	"github.com/headerscope/headerscope/analyze/dns"
)

// tracer implements the DNS interface of blitiri.com.ar/go/spf on top of a
// dns.Resolver and keeps the Trace of every lookup, in order, so that the
// user sees each query the evaluation made.
type tracer struct {
	r      dns.Resolver
	mu     sync.Mutex
	traces []*dns.Trace
}

func (t *tracer) lookup(ctx context.Context, name, qtype string) *dns.Trace {
	tr := t.r.Lookup(ctx, name, qtype)
	t.mu.Lock()
	t.traces = append(t.traces, tr)
	t.mu.Unlock()
	return tr
}

// asError turns a lookup that found nothing into the *net.DNSError the
// library expects: not found (NXDOMAIN or no record of the type, which
// RFC 7208 section 4.6.4 counts as a void lookup), temporary (SERVFAIL,
// timeout: temperror, section 2.6.6) or permanent (permerror).
func asError(tr *dns.Trace) error {
	switch {
	case tr.Outcome == dns.OK:
		return nil
	case tr.Outcome == dns.NXDomain || tr.Outcome == dns.NoData:
		return &net.DNSError{Err: "no such host", Name: tr.Query, IsNotFound: true}
	case tr.Outcome.Temporary():
		return &net.DNSError{Err: string(tr.Outcome) + " " + tr.Detail, Name: tr.Query, IsTemporary: true}
	}
	return &net.DNSError{Err: string(tr.Outcome) + " " + tr.Detail, Name: tr.Query}
}

// LookupTXT returns each TXT record with its strings joined (RFC 7208
// section 3.3).
func (t *tracer) LookupTXT(ctx context.Context, name string) ([]string, error) {
	tr := t.lookup(ctx, name, "TXT")
	if err := asError(tr); err != nil {
		return nil, err
	}
	var out []string
	for _, r := range tr.TXT() {
		out = append(out, r.Text())
	}
	return out, nil
}

// LookupMX returns the MX records of name.
func (t *tracer) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	tr := t.lookup(ctx, name, "MX")
	if err := asError(tr); err != nil {
		return nil, err
	}
	var out []*net.MX
	for _, r := range tr.Records {
		if r.Type == "MX" {
			out = append(out, &net.MX{Host: r.Data, Pref: r.Pref})
		}
	}
	return out, nil
}

// LookupIPAddr asks for A and AAAA records, as net.Resolver does. Only a
// name with neither is not found; a temporary failure of one with no
// answer from the other is temporary.
func (t *tracer) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	var out []net.IPAddr
	var firstErr error
	found := false
	for _, qtype := range []string{"A", "AAAA"} {
		tr := t.lookup(ctx, host, qtype)
		err := asError(tr)
		if err == nil {
			found = true
			for _, r := range tr.Records {
				if r.Type != qtype {
					continue
				}
				if a, perr := netip.ParseAddr(r.Data); perr == nil {
					out = append(out, net.IPAddr{IP: net.IP(a.AsSlice())})
				}
			}
			continue
		}
		// Keep the more telling error: a failure over "not found".
		if firstErr == nil || (notFound(firstErr) && !notFound(err)) {
			firstErr = err
		}
	}
	if found {
		return out, nil
	}
	return nil, firstErr
}

// LookupAddr asks for the PTR records of addr (RFC 7208 section 5.5).
func (t *tracer) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	name, err := mdns.ReverseAddr(addr)
	if err != nil {
		return nil, &net.DNSError{Err: "invalid address", Name: addr}
	}
	tr := t.lookup(ctx, strings.TrimSuffix(name, "."), "PTR")
	if err := asError(tr); err != nil {
		return nil, err
	}
	var out []string
	for _, r := range tr.Records {
		if r.Type == "PTR" {
			out = append(out, r.Data)
		}
	}
	return out, nil
}

// Traces returns the lookups made so far, in order.
func (t *tracer) Traces() []*dns.Trace {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]*dns.Trace(nil), t.traces...)
}

func notFound(err error) bool {
	de, ok := err.(*net.DNSError)
	return ok && de.IsNotFound
}
