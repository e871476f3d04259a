package dns

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	mdns "github.com/miekg/dns"

	"github.com/headerscope/headerscope/internal/dnstest"
)

func newTestLive(t *testing.T, opts LiveOptions, servers ...string) *Live {
	t.Helper()
	l, err := NewLive(servers, opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLiveLookup(t *testing.T) {
	s := startServer(t, nil)
	l := newTestLive(t, LiveOptions{Timeout: 2 * time.Second, Attempts: 1}, s.addr)
	tests := []struct {
		name, qtype string
		want        want
		transport   string // "" means "udp"
		ad          bool
	}{
		{name: "txt.example.com", qtype: "TXT", want: want{outcome: OK, rcode: "NOERROR", records: []Record{txt(300, "v=DKIM1; p=one")}}},
		{name: "split.example.com.", qtype: "TXT", want: want{outcome: OK, rcode: "NOERROR", records: []Record{txt(300, "v=DKIM1; k=rsa; ", "p=two")}}},
		{name: "escaped.example.com", qtype: "TXT", want: want{outcome: OK, rcode: "NOERROR", records: []Record{txt(300, "semi;colon \"q\" \xff")}}},
		{name: "signed.example.com", qtype: "TXT", ad: true, want: want{outcome: OK, rcode: "NOERROR", records: []Record{txt(300, "v=DKIM1; p=signed")}}},
		{name: "Case.Example.com", qtype: "TXT", want: want{outcome: OK, rcode: "NOERROR", records: []Record{txt(300, "case")}}},
		{name: "mx.example.com", qtype: "MX", want: want{outcome: OK, rcode: "NOERROR", records: []Record{
			{Type: "MX", TTL: 300, Pref: 10, Data: "mx1.example.com."}, {Type: "MX", TTL: 300, Pref: 20, Data: "mx2.example.com."}}}},
		{name: "a.example.com", qtype: "A", want: want{outcome: OK, rcode: "NOERROR", records: []Record{{Type: "A", TTL: 300, Data: "192.0.2.1"}}}},
		{name: "a.example.com", qtype: "AAAA", want: want{outcome: OK, rcode: "NOERROR", records: []Record{{Type: "AAAA", TTL: 300, Data: "2001:db8::1"}}}},
		{name: "a.example.com", qtype: "TXT", want: want{outcome: NoData, rcode: "NOERROR", detail: "a.example.com exists but has no TXT record (NOERROR with an empty answer from " + s.addr + ")"}},
		{name: "1.2.0.192.in-addr.arpa", qtype: "PTR", want: want{outcome: OK, rcode: "NOERROR", records: []Record{{Type: "PTR", TTL: 300, Data: "a.example.com."}}}},
		{name: "selector1._domainkey.contoso.example", qtype: "TXT", want: want{outcome: OK, rcode: "NOERROR",
			hops: []string{"selector1._domainkey.contoso.example>" + o365Target}, records: []Record{txt(600, "v=DKIM1; k=rsa; p=o365")}}},
		{name: "forwarder._domainkey.contoso.example", qtype: "TXT", want: want{outcome: OK, rcode: "NOERROR",
			hops: []string{"forwarder._domainkey.contoso.example>" + o365Target}, records: []Record{txt(600, "v=DKIM1; k=rsa; p=o365")}}},
		{name: "a.loop.example", qtype: "TXT", want: want{outcome: ServFail, rcode: "NOERROR",
			hops: []string{"a.loop.example>b.loop.example", "b.loop.example>a.loop.example"}, detail: "CNAME loop: a.loop.example → b.loop.example → a.loop.example; a recursive resolver answers SERVFAIL"}},
		{name: "c0.chain.example", qtype: "TXT", want: want{outcome: ServFail, rcode: "NOERROR",
			hops: []string{"c0.chain.example>c1.chain.example", "c1.chain.example>c2.chain.example", "c2.chain.example>c3.chain.example",
				"c3.chain.example>c4.chain.example", "c4.chain.example>c5.chain.example", "c5.chain.example>c6.chain.example",
				"c6.chain.example>c7.chain.example", "c7.chain.example>c8.chain.example", "c8.chain.example>c9.chain.example"},
			detail: "CNAME chain longer than 8 hops: c0.chain.example → c1.chain.example"}},
		{name: "dangling.example.com", qtype: "TXT", want: want{outcome: NXDomain, rcode: "NXDOMAIN", hops: []string{"dangling.example.com>gone.example.com"},
			detail: "gone.example.com (reached through the CNAME chain dangling.example.com → gone.example.com) does not exist (NXDOMAIN from " + s.addr + ")"}},
		{name: "nx.example.com", qtype: "TXT", want: want{outcome: NXDomain, rcode: "NXDOMAIN", detail: "nx.example.com does not exist (NXDOMAIN from " + s.addr + ")"}},
		{name: "nodata.example.com", qtype: "TXT", want: want{outcome: NoData, rcode: "NOERROR", detail: "nodata.example.com exists but has no TXT record"}},
		{name: "servfail.example.com", qtype: "TXT", want: want{outcome: ServFail, rcode: "SERVFAIL", detail: s.addr + " answered SERVFAIL for servfail.example.com", cause: CauseServFail}},
		{name: "refused.example.com", qtype: "TXT", want: want{outcome: Refused, rcode: "REFUSED", detail: s.addr + " refused to answer for refused.example.com (REFUSED)", cause: CauseRefused}},
		{name: "formerr.example.com", qtype: "TXT", want: want{outcome: Error, rcode: "FORMERR", detail: s.addr + " answered FORMERR for formerr.example.com", cause: CauseOddRcode}},
		{name: "wrong.example.com", qtype: "TXT", want: want{outcome: Error,
			detail: s.addr + " sent an answer for the wrong name or type: asked wrong.example.com TXT, got other.example.com TXT", cause: CauseUnusable}},
		{name: "big._domainkey.example.com", qtype: "TXT", transport: "udp+tcp", want: want{outcome: OK, rcode: "NOERROR", records: []Record{txt(300, bigKey()...)}}},
		{name: "bad..example.com", qtype: "TXT", transport: "none", want: want{outcome: BadName, detail: "empty label"}},
	}
	for _, tt := range tests {
		got := l.Lookup(context.Background(), tt.name, tt.qtype)
		label := "Lookup(" + tt.name + ", " + tt.qtype + ")"
		checkTrace(t, label, got, tt.want)
		transport := tt.transport
		if transport == "" {
			transport = "udp"
		}
		if got.Transport != transport || got.Truncated != (transport == "udp+tcp") {
			t.Errorf("%s: Transport, Truncated = %q, %v, want %q, %v", label, got.Transport, got.Truncated, transport, transport == "udp+tcp")
		}
		if got.AD != tt.ad {
			t.Errorf("%s: AD = %v, want %v", label, got.AD, tt.ad)
		}
		if wantServer := s.addr; transport != "none" && got.Server != wantServer {
			t.Errorf("%s: Server = %q, want %q", label, got.Server, wantServer)
		}
		if got.Query != strings.ToLower(trimDot(tt.name)) || got.Type != tt.qtype {
			t.Errorf("%s: Query, Type = %q, %q", label, got.Query, got.Type)
		}
	}

	// Every query asks for recursion and for the AD bit, with EDNS0.
	for _, q := range s.queries("txt.example.com") {
		if !q.rd || !q.ad || q.edns != 1232 || q.net != "udp" {
			t.Errorf("query for txt.example.com = %+v, want RD, AD, EDNS0 1232 over udp", q)
		}
	}
	// The truncated answer was asked again over TCP.
	var nets []string
	for _, q := range s.queries("big._domainkey.example.com") {
		nets = append(nets, q.net)
	}
	if strings.Join(nets, ",") != "udp,tcp" {
		t.Errorf("queries for the big key went over %q, want udp then tcp", nets)
	}
	// The forwarder's answer stopped at the CNAME: the target was asked.
	if n := len(s.queries(o365Target)); n != 1 {
		t.Errorf("queries for the CNAME target = %d, want 1", n)
	}
}

func TestLiveTimeout(t *testing.T) {
	s := startServer(t, nil)
	for _, attempts := range []int{1, 2} {
		l := newTestLive(t, LiveOptions{Timeout: 200 * time.Millisecond, Attempts: attempts}, s.addr)
		got := l.Lookup(context.Background(), "silent.example.com", "TXT")
		tries := map[int]string{1: "1 try", 2: "2 tries"}[attempts]
		checkTrace(t, "Lookup(silent)", got, want{outcome: Timeout,
			detail: "no answer from " + s.addr + " within 200ms (" + tries + ") for silent.example.com TXT; the record could not be checked", cause: CauseTimeout})
		if got.AD {
			t.Errorf("Lookup(silent): AD = true with no answer")
		}
	}
	if n := len(s.queries("silent.example.com")); n != 3 {
		t.Errorf("server saw %d queries, want 3", n)
	}
}

func TestLiveFailover(t *testing.T) {
	good := startServer(t, nil)
	silent := startServer(t, func(*testServer, mdns.ResponseWriter, *mdns.Msg) {})
	// A UDP port with nothing behind it: the kernel answers with ICMP.
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := pc.LocalAddr().String()
	pc.Close()

	l := newTestLive(t, LiveOptions{Timeout: 200 * time.Millisecond, Attempts: 1}, silent.addr, closed, good.addr)
	got := l.Lookup(context.Background(), "txt.example.com", "TXT")
	checkTrace(t, "Lookup(txt) through a silent and a closed server", got, want{outcome: OK, rcode: "NOERROR", records: []Record{txt(300, "v=DKIM1; p=one")}})
	if got.Server != good.addr {
		t.Errorf("Server = %q, want %q", got.Server, good.addr)
	}
	if len(silent.queries("txt.example.com")) != 1 {
		t.Errorf("the silent server was not asked first")
	}

	l = newTestLive(t, LiveOptions{Timeout: 200 * time.Millisecond, Attempts: 1}, closed)
	got = l.Lookup(context.Background(), "txt.example.com", "TXT")
	checkTrace(t, "Lookup(txt) from a closed port", got, want{outcome: Error, detail: "no usable answer for txt.example.com TXT after 1 try; last error from " + closed, cause: CauseUnusable})
}

func TestLiveCancel(t *testing.T) {
	s := startServer(t, nil)
	l := newTestLive(t, LiveOptions{Timeout: time.Minute, Attempts: 1}, s.addr)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	got := l.Lookup(ctx, "silent.example.com", "TXT")
	checkTrace(t, "Lookup(silent) cancelled", got, want{outcome: Timeout, detail: "the lookup of silent.example.com was stopped before " + s.addr + " answered (context canceled)"})

	got = l.Lookup(ctx, "txt.example.com", "TXT")
	if got.Outcome != Timeout {
		t.Errorf("Lookup with a cancelled context: Outcome = %q, want %q", got.Outcome, Timeout)
	}
}

func TestParseServer(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"192.0.2.53", "192.0.2.53:53", ""},
		{"192.0.2.53:5353", "192.0.2.53:5353", ""},
		{" 127.0.0.1:53 ", "127.0.0.1:53", ""},
		{"2001:db8::53", "[2001:db8::53]:53", ""},
		{"[2001:db8::53]", "[2001:db8::53]:53", ""},
		{"[2001:db8::53]:5353", "[2001:db8::53]:5353", ""},
		{"", "", "dns: empty resolver address"},
		{"dns.example.com", "", `dns: resolver "dns.example.com": "dns.example.com" is not an IP address`},
		{"dns.example.com:53", "", `dns: resolver "dns.example.com:53": "dns.example.com" is not an IP address`},
		{"192.0.2.53:0", "", `dns: resolver "192.0.2.53:0": port "0" is not a number from 1 to 65535`},
		{"192.0.2.53:domain", "", `dns: resolver "192.0.2.53:domain": port "domain" is not a number`},
		{"192.0.2.53:99999", "", `dns: resolver "192.0.2.53:99999": port "99999"`},
		{"[2001:db8::53", "", `is not an IP address`},
	}
	for _, tt := range tests {
		got, err := ParseServer(tt.in)
		if tt.err == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseServer(%q) = %q, %v, want %q", tt.in, got, err, tt.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseServer(%q) error = %v, want it to contain %q", tt.in, err, tt.err)
		}
	}
}

func TestLiveDescribe(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "resolv.conf")
	if err := os.WriteFile(conf, []byte("nameserver 127.0.0.1\nnameserver 2001:db8::53\noptions attempts:3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := NewLiveFromResolvConf(conf, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := l.Describe(), "127.0.0.1:53, [2001:db8::53]:53 (from "+conf+")"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	if l.attempts != 3 || l.timeout != DefaultTimeout {
		t.Errorf("attempts, timeout = %d, %v, want 3, %v", l.attempts, l.timeout, DefaultTimeout)
	}
	if got, want := newTestLive(t, LiveOptions{}, "127.0.0.1:5353").Describe(), "127.0.0.1:5353"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}

	empty := filepath.Join(dir, "empty.conf")
	if err := os.WriteFile(empty, []byte("search example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewLiveFromResolvConf(empty, LiveOptions{}); err == nil || !strings.Contains(err.Error(), "lists no nameserver") {
		t.Errorf("NewLiveFromResolvConf(no nameserver) error = %v", err)
	}
	if _, err := NewLiveFromResolvConf(filepath.Join(dir, "missing"), LiveOptions{}); err == nil || !strings.HasPrefix(err.Error(), "dns: reading ") {
		t.Errorf("NewLiveFromResolvConf(missing) error = %v", err)
	}
	if _, err := NewLive(nil, LiveOptions{}); err == nil {
		t.Errorf("NewLive(nil) succeeded, want an error")
	}
}

// TestRunCacheDropsCutShortLookup checks that a lookup stopped by the
// caller's deadline (the per-message --timeout) is not kept in the run-wide
// cache: the next message asks again and gets the server's real answer.
// The server ignores the first question and answers the others; the first
// lookup's deadline is far shorter than the per-try timeout, so it is the
// deadline that ends it.
func TestRunCacheDropsCutShortLookup(t *testing.T) {
	var asked atomic.Int32
	addr := dnstest.Serve(t, mdns.HandlerFunc(func(w mdns.ResponseWriter, q *mdns.Msg) {
		if asked.Add(1) == 1 {
			return
		}
		r := new(mdns.Msg)
		r.SetReply(q)
		r.Answer = append(r.Answer, &mdns.TXT{Hdr: mdns.RR_Header{Name: q.Question[0].Name, Rrtype: mdns.TypeTXT, Class: mdns.ClassINET, Ttl: 60}, Txt: []string{"v=DKIM1; p=x"}})
		w.WriteMsg(r)
	}))
	c := NewRunCache(newTestLive(t, LiveOptions{Timeout: time.Minute, Attempts: 1}, addr))
	ctx, cancel := context.WithTimeoutCause(context.Background(), 50*time.Millisecond, errors.New("the message's time ran out"))
	defer cancel()
	first := c.Lookup(ctx, "s._domainkey.example.com", "TXT")
	if first.Outcome != Timeout || !strings.Contains(first.Detail, "the message's time ran out") {
		t.Fatalf("first lookup = %s %q, want timeout naming the deadline's cause", first.Outcome, first.Detail)
	}
	second := c.Lookup(context.Background(), "s._domainkey.example.com", "TXT")
	if second.Outcome != OK {
		t.Errorf("second lookup = %s %q, want ok: the cut-short answer was kept", second.Outcome, second.Detail)
	}
}
