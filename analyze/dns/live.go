package dns

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	mdns "github.com/miekg/dns"
)

// DefaultTimeout is how long Live waits for one answer from one server.
const DefaultTimeout = 5 * time.Second

// DefaultAttempts is how many times Live goes through its server list
// before it gives up, as resolv.conf's "options attempts:2" default.
const DefaultAttempts = 2

// ednsSize is the UDP payload size advertised with EDNS0 (RFC 6891): 1232
// octets fits an IPv6 packet without fragmentation (DNS Flag Day 2020).
const ednsSize = 1232

// LiveOptions tune a Live resolver. The zero value is usable.
type LiveOptions struct {
	// Timeout bounds each try (one query to one server, including the
	// TCP retry after a truncated answer); 0 means DefaultTimeout. The
	// context given to Lookup bounds the whole lookup.
	Timeout time.Duration
	// Attempts is how many times the server list is tried; 0 means
	// DefaultAttempts (or resolv.conf's "attempts" option).
	Attempts int
	// Origin says where the servers came from, for Describe: "from
	// /etc/resolv.conf", "--resolver". Empty leaves it out.
	Origin string
}

// Live is a stub resolver that asks recursive resolvers over the network
// with github.com/miekg/dns: UDP with EDNS0 first, TCP when the answer is
// truncated (RFC 1035 section 4.2, RFC 7766), RD and AD set (RFC 6840
// section 5.7) so that a validating resolver says whether it validated.
// It is safe for concurrent use.
type Live struct {
	servers  []string
	timeout  time.Duration
	attempts int
	origin   string
}

// NewLive returns a resolver that asks servers ("192.0.2.53:53",
// "[2001:db8::53]:53"; a missing port means 53) in turn.
func NewLive(servers []string, opts LiveOptions) (*Live, error) {
	if len(servers) == 0 {
		return nil, fmt.Errorf("dns: no resolver address given")
	}
	l := &Live{timeout: opts.Timeout, attempts: opts.Attempts, origin: opts.Origin}
	for _, s := range servers {
		addr, err := ParseServer(s)
		if err != nil {
			return nil, err
		}
		l.servers = append(l.servers, addr)
	}
	if l.timeout <= 0 {
		l.timeout = DefaultTimeout
	}
	if l.attempts <= 0 {
		l.attempts = DefaultAttempts
	}
	return l, nil
}

// NewLiveFromResolvConf returns a resolver that asks the nameservers listed
// in a resolv.conf file, usually /etc/resolv.conf. Its "attempts" option is
// used when opts.Attempts is 0; its timeout is not (DNS-based checks are
// worth a longer wait than a name lookup for a web page).
func NewLiveFromResolvConf(path string, opts LiveOptions) (*Live, error) {
	cfg, err := mdns.ClientConfigFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("dns: reading %s: %w", path, err)
	}
	if len(cfg.Servers) == 0 {
		return nil, fmt.Errorf("dns: %s lists no nameserver", path)
	}
	servers := make([]string, len(cfg.Servers))
	for i, s := range cfg.Servers {
		// resolv.conf may give a zone index ("fe80::1%eth0") that
		// netip keeps; JoinHostPort brackets IPv6 addresses.
		servers[i] = net.JoinHostPort(s, cfg.Port)
	}
	if opts.Attempts == 0 && cfg.Attempts > 0 {
		opts.Attempts = cfg.Attempts
	}
	if opts.Origin == "" {
		opts.Origin = "from " + path
	}
	return NewLive(servers, opts)
}

// ParseServer checks a resolver address as given to --resolver and returns
// it as host:port: an IP address, optionally with a port (53 by default);
// an IPv6 address with a port goes in brackets ("[2001:db8::53]:5353").
// Host names are refused, since looking them up would need a resolver.
func ParseServer(s string) (string, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return "", fmt.Errorf("dns: empty resolver address; give an IP address with an optional port, such as 192.0.2.53:53")
	}
	host, port := in, "53"
	if ap, err := netip.ParseAddrPort(in); err == nil {
		host, port = ap.Addr().String(), strconv.Itoa(int(ap.Port()))
	} else if strings.HasPrefix(in, "[") && strings.HasSuffix(in, "]") {
		host = in[1 : len(in)-1]
	} else if h, p, err := net.SplitHostPort(in); err == nil {
		host, port = h, p
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return "", fmt.Errorf("dns: resolver %q: %q is not an IP address; give an address with an optional port, such as 192.0.2.53:53 or [2001:db8::53]:53", s, host)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("dns: resolver %q: port %q is not a number from 1 to 65535", s, port)
	}
	return net.JoinHostPort(addr.String(), strconv.Itoa(n)), nil
}

// Servers returns the servers asked, in order, as host:port.
func (l *Live) Servers() []string { return append([]string(nil), l.servers...) }

// Describe names the servers and where they came from:
// "127.0.0.1:53 (from /etc/resolv.conf)".
func (l *Live) Describe() string {
	if l.origin == "" {
		return strings.Join(l.servers, ", ")
	}
	return strings.Join(l.servers, ", ") + " (" + l.origin + ")"
}

// Lookup asks for qtype records at name and follows CNAMEs, both those the
// recursive resolver includes in its answer and, when an answer stops at a
// CNAME, by asking again for the target.
func (l *Live) Lookup(ctx context.Context, name, qtype string) *Trace {
	start := time.Now()
	q, t, bad := checkQuestion(name, qtype, l.Describe(), "none")
	if bad != nil {
		return bad
	}
	tr := &Trace{Query: q, Type: mdns.TypeToString[t], Server: l.servers[0], Transport: "udp", AD: true}
	ch := newChain(q)
	for cur := q; ; {
		a := l.ask(ctx, cur, t)
		tr.Server = a.server
		if a.truncated {
			tr.Truncated = true
			tr.Transport = "udp+tcp"
		}
		if a.msg == nil {
			tr.Outcome, tr.Detail, tr.Failure, tr.AD = a.outcome, a.detail, a.failure, false
			break
		}
		r := a.msg
		tr.Rcode = rcodeText(r.Rcode)
		tr.AD = tr.AD && r.AuthenticatedData
		next, done := l.walk(r, cur, t, ch, tr)
		if done {
			break
		}
		cur = next
	}
	tr.CNAMEs = ch.hops
	tr.Duration = time.Since(start)
	return tr
}

// walk follows the CNAMEs of one answer from cur. It fills tr and returns
// done, or returns the CNAME target to ask about next.
func (l *Live) walk(r *mdns.Msg, asked string, t uint16, ch *chain, tr *Trace) (string, bool) {
	cur := asked
	for {
		var recs []Record
		var cname *mdns.CNAME
		for _, rr := range r.Answer {
			h := rr.Header()
			if canon(h.Name) != cur || h.Class != mdns.ClassINET {
				continue
			}
			if h.Rrtype == t {
				recs = append(recs, record(rr))
			} else if c, ok := rr.(*mdns.CNAME); ok && cname == nil {
				cname = c
			}
		}
		if len(recs) > 0 || cname == nil {
			if len(recs) == 0 && cur != asked && r.Rcode == mdns.RcodeSuccess {
				// RFC 1034 section 3.6.2: the answer stops at a CNAME
				// target without its records (a forwarder that does
				// not chase); ask for the target itself.
				return cur, false
			}
			tr.Records = recs
			tr.Outcome = rcodeOutcome(r.Rcode, len(recs) > 0)
			tr.Detail = l.detail(tr, cur, ch)
			tr.Failure = rcodeFailure(tr, cur)
			return "", true
		}
		if why := ch.add(cur, canon(cname.Target), cname.Hdr.Ttl); why != "" {
			tr.Outcome, tr.Detail, tr.Records = ServFail, why, nil
			return "", true
		}
		cur = canon(cname.Target)
	}
}

// detail words the outcome of a completed exchange.
func (l *Live) detail(tr *Trace, final string, ch *chain) string {
	where := final
	if len(ch.hops) > 0 {
		where = fmt.Sprintf("%s (reached through the CNAME chain %s)", final, chainText(ch.start, ch.hops))
	}
	switch tr.Outcome {
	case OK:
		return ""
	case NoData:
		return fmt.Sprintf("%s exists but has no %s record (NOERROR with an empty answer from %s)", where, tr.Type, tr.Server)
	case NXDomain:
		return fmt.Sprintf("%s does not exist (NXDOMAIN from %s)", where, tr.Server)
	case ServFail:
		return fmt.Sprintf("%s answered SERVFAIL for %s: it could not get an answer, often because the domain's own servers are broken or DNSSEC validation failed", tr.Server, where)
	case Refused:
		return fmt.Sprintf("%s refused to answer for %s (REFUSED); it may not serve this host", tr.Server, where)
	}
	return fmt.Sprintf("%s answered %s for %s, which is neither an answer nor a known failure; the %s record could not be checked", tr.Server, tr.Rcode, where, tr.Type)
}

// rcodeFailure is the Failure of a completed exchange that another try or
// another resolver may answer, or nil.
func rcodeFailure(tr *Trace, final string) *Failure {
	f := &Failure{Server: tr.Server, Name: final, Type: tr.Type}
	switch tr.Outcome {
	case ServFail:
		f.Cause = CauseServFail
	case Refused:
		f.Cause = CauseRefused
	case Error:
		f.Cause, f.Rcode = CauseOddRcode, tr.Rcode
	default:
		return nil
	}
	return f
}
