package dns

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	mdns "github.com/miekg/dns"

	"github.com/headerscope/headerscope/internal/dnstest"
)

// testServer is a misbehaving recursive resolver on 127.0.0.1, serving UDP
// and TCP on one random port. It answers from a fixed script of names
// (see script) and records every query it gets.
type testServer struct {
	addr string
	mu   sync.Mutex
	got  []gotQuery
}

// gotQuery is one query as the server saw it.
type gotQuery struct {
	name, net string
	rd, ad    bool
	edns      uint16
}

// startServer starts a server that answers with h, or with the script of
// answer when h is nil. It is stopped when the test ends.
func startServer(t *testing.T, h func(s *testServer, w mdns.ResponseWriter, r *mdns.Msg)) *testServer {
	t.Helper()
	if h == nil {
		h = script
	}
	s := &testServer{}
	handler := mdns.HandlerFunc(func(w mdns.ResponseWriter, r *mdns.Msg) {
		if len(r.Question) == 1 {
			q := gotQuery{name: canon(r.Question[0].Name), net: w.LocalAddr().Network(), rd: r.RecursionDesired, ad: r.AuthenticatedData}
			if o := r.IsEdns0(); o != nil {
				q.edns = o.UDPSize()
			}
			s.mu.Lock()
			s.got = append(s.got, q)
			s.mu.Unlock()
		}
		h(s, w, r)
	})
	s.addr = dnstest.Serve(t, handler)
	return s
}

// queries returns the queries seen for name, in order.
func (s *testServer) queries(name string) []gotQuery {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []gotQuery
	for _, q := range s.got {
		if q.name == name {
			out = append(out, q)
		}
	}
	return out
}

const o365Target = "selector1-contoso-example._domainkey.contoso.onmicrosoft.example"

// script is the script of the test server. Over UDP it sends at most 512
// octets, whatever the client's EDNS0 size, and sets TC on anything
// larger, as a server with a small buffer does.
func script(s *testServer, w mdns.ResponseWriter, r *mdns.Msg) {
	m := new(mdns.Msg)
	m.SetReply(r)
	m.RecursionAvailable = true
	q := r.Question[0]
	name := canon(q.Name)
	rr := func(s string) mdns.RR {
		x, err := mdns.NewRR(s)
		if err != nil {
			panic(err)
		}
		return x
	}
	switch {
	case name == "txt.example.com":
		m.Answer = []mdns.RR{rr(`txt.example.com. 300 IN TXT "v=DKIM1; p=one"`)}
	case name == "split.example.com":
		m.Answer = []mdns.RR{rr(`split.example.com. 300 IN TXT "v=DKIM1; k=rsa; " "p=two"`)}
	case name == "escaped.example.com":
		m.Answer = []mdns.RR{rr(`escaped.example.com. 300 IN TXT "semi;colon \"q\" \255"`)}
	case name == "signed.example.com":
		m.AuthenticatedData = true
		m.Answer = []mdns.RR{rr(`signed.example.com. 300 IN TXT "v=DKIM1; p=signed"`)}
	case name == "case.example.com":
		// A resolver may echo the question in another case (0x20).
		m.Question[0].Name = "CASE.Example.COM."
		m.Answer = []mdns.RR{rr(`CASE.example.com. 300 IN TXT "case"`)}
	case name == "mx.example.com":
		m.Answer = []mdns.RR{rr(`mx.example.com. 300 IN MX 10 mx1.example.com.`), rr(`mx.example.com. 300 IN MX 20 mx2.example.com.`)}
	case name == "a.example.com" && q.Qtype == mdns.TypeA:
		m.Answer = []mdns.RR{rr(`a.example.com. 300 IN A 192.0.2.1`)}
	case name == "a.example.com" && q.Qtype == mdns.TypeAAAA:
		m.Answer = []mdns.RR{rr(`a.example.com. 300 IN AAAA 2001:db8::1`)}
	case name == "a.example.com":
	case name == "1.2.0.192.in-addr.arpa":
		m.Answer = []mdns.RR{rr(`1.2.0.192.in-addr.arpa. 300 IN PTR a.example.com.`)}
	case name == "selector1._domainkey.contoso.example":
		// A recursive resolver sends the whole chain at once.
		m.Answer = []mdns.RR{
			rr(`selector1._domainkey.contoso.example. 3600 IN CNAME ` + o365Target + `.`),
			rr(o365Target + `. 600 IN TXT "v=DKIM1; k=rsa; p=o365"`),
		}
	case name == "forwarder._domainkey.contoso.example":
		// A forwarder that does not chase: only the CNAME.
		m.Answer = []mdns.RR{rr(`forwarder._domainkey.contoso.example. 3600 IN CNAME ` + o365Target + `.`)}
	case name == o365Target:
		m.Answer = []mdns.RR{rr(o365Target + `. 600 IN TXT "v=DKIM1; k=rsa; p=o365"`)}
	case name == "a.loop.example":
		m.Answer = []mdns.RR{rr(`a.loop.example. 60 IN CNAME b.loop.example.`)}
	case name == "b.loop.example":
		m.Answer = []mdns.RR{rr(`b.loop.example. 60 IN CNAME a.loop.example.`)}
	case strings.HasSuffix(name, ".chain.example"):
		// cN.chain.example → cN+1.chain.example, without end.
		n, _ := strconv.Atoi(strings.TrimPrefix(strings.TrimSuffix(name, ".chain.example"), "c"))
		m.Answer = []mdns.RR{rr(name + `. 60 IN CNAME c` + strconv.Itoa(n+1) + `.chain.example.`)}
	case name == "dangling.example.com":
		m.Rcode = mdns.RcodeNameError
		m.Answer = []mdns.RR{rr(`dangling.example.com. 60 IN CNAME gone.example.com.`)}
	case name == "nx.example.com":
		m.Rcode = mdns.RcodeNameError
	case name == "nodata.example.com":
	case name == "servfail.example.com":
		m.Rcode = mdns.RcodeServerFailure
	case name == "refused.example.com":
		m.Rcode = mdns.RcodeRefused
		m.Question = nil
	case name == "formerr.example.com":
		m.Rcode = mdns.RcodeFormatError
	case name == "wrong.example.com":
		m.Question[0].Name = "other.example.com."
		m.Answer = []mdns.RR{rr(`other.example.com. 300 IN TXT "v=DKIM1; p=other"`)}
	case name == "silent.example.com":
		return
	case name == "big._domainkey.example.com":
		m.Answer = []mdns.RR{&mdns.TXT{Hdr: mdns.RR_Header{Name: q.Name, Rrtype: mdns.TypeTXT, Class: mdns.ClassINET, Ttl: 300}, Txt: bigKey()}}
	default:
		m.Rcode = mdns.RcodeNameError
	}
	if w.LocalAddr().Network() == "udp" && m.Len() > 512 {
		m.Truncated = true
		m.Answer = nil
	}
	w.WriteMsg(m)
}

var bigKeyOnce = sync.OnceValue(func() []string {
	b, err := os.ReadFile("testdata/keys/rsa4096.txt")
	if err != nil {
		panic(err)
	}
	return split255(strings.TrimSpace(string(b)))
})

// bigKey returns the TXT record of a 4096-bit RSA DKIM key, in strings of
// at most 255 octets (RFC 1035 section 3.3.14).
func bigKey() []string { return bigKeyOnce() }

func split255(s string) []string {
	var out []string
	for len(s) > 255 {
		out = append(out, s[:255])
		s = s[255:]
	}
	return append(out, s)
}
