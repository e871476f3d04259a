package analyze

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	mdns "github.com/miekg/dns"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/internal/dnstest"
)

// keyName is the selector of the signed fixture used below.
const keyName = "rsa2048._domainkey.example.com."

// faultServer is a misbehaving recursive resolver on 127.0.0.1 that
// answers every question with h.
func faultServer(t *testing.T, h mdns.HandlerFunc) string { return dnstest.Serve(t, h) }

// fixtureKey returns the TXT record of keyName from the fixture zone.
func fixtureKey(t *testing.T) *mdns.TXT {
	t.Helper()
	f, err := os.Open("../testdata/dns/fixtures.zone")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zp := mdns.NewZoneParser(f, "", "fixtures.zone")
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if txt, ok := rr.(*mdns.TXT); ok && strings.EqualFold(rr.Header().Name, keyName) {
			return txt
		}
	}
	if err := zp.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("no TXT record for %s in fixtures.zone", keyName)
	return nil
}

func cname(from, to string) mdns.RR {
	return &mdns.CNAME{Hdr: mdns.RR_Header{Name: from, Rrtype: mdns.TypeCNAME, Class: mdns.ClassINET, Ttl: 60}, Target: to}
}

// TestDNSFaults runs the whole engine on a signed message against a DNS
// server that fails in each way a real one can, and checks that the
// signature gets the verdict RFC 6376 section 6.1.2 asks for (a missing key
// is permanent, a server that cannot answer is temporary) with a reason
// that says what happened.
func TestDNSFaults(t *testing.T) {
	raw, err := os.ReadFile("../testdata/mail/dkim-pass-relaxed-relaxed.eml")
	if err != nil {
		t.Fatal(err)
	}
	key := fixtureKey(t)
	tests := []struct {
		name string
		// answer fills m, the reply to a question for keyName over
		// network ("udp" or "tcp"); it returns false to send nothing.
		answer  func(m *mdns.Msg, network string) bool
		want    verdict.Result
		reasons []string // substrings of the DKIM reason
		check   func(t *testing.T, tr *dns.Trace)
	}{
		{"answer", func(m *mdns.Msg, _ string) bool {
			m.Answer = []mdns.RR{key}
			return true
		}, verdict.Pass, []string{"signature and body hash verified"}, nil},
		{"NXDOMAIN", func(m *mdns.Msg, _ string) bool {
			m.Rcode = mdns.RcodeNameError
			return true
		}, verdict.PermError, []string{"no key at rsa2048._domainkey.example.com", "NXDOMAIN"}, nil},
		{"NODATA", func(m *mdns.Msg, _ string) bool { return true },
			verdict.PermError, []string{"no key at rsa2048._domainkey.example.com", "no TXT record"}, nil},
		{"SERVFAIL", func(m *mdns.Msg, _ string) bool {
			m.Rcode = mdns.RcodeServerFailure
			return true
		}, verdict.TempError, []string{"SERVFAIL", "DNSSEC validation failed"}, failedWith(dns.CauseServFail)},
		{"REFUSED", func(m *mdns.Msg, _ string) bool {
			m.Rcode = mdns.RcodeRefused
			return true
		}, verdict.TempError, []string{"REFUSED", "may not serve this host"}, failedWith(dns.CauseRefused)},
		{"REFUSED without question", func(m *mdns.Msg, _ string) bool {
			m.Rcode = mdns.RcodeRefused
			m.Question = nil
			return true
		}, verdict.TempError, []string{"REFUSED"}, nil},
		{"never answers", func(m *mdns.Msg, _ string) bool { return false },
			verdict.TempError, []string{"no answer from", "within 200ms", "2 tries"}, func(t *testing.T, tr *dns.Trace) {
				if tr.Outcome != dns.Timeout {
					t.Errorf("outcome = %s, want timeout", tr.Outcome)
				}
			}},
		{"truncated over UDP", func(m *mdns.Msg, network string) bool {
			// RFC 7766 section 5: TC over UDP, the full answer over TCP.
			if network == "udp" {
				m.Truncated = true
				return true
			}
			m.Answer = []mdns.RR{key}
			return true
		}, verdict.Pass, []string{"signature and body hash verified"}, func(t *testing.T, tr *dns.Trace) {
			if !tr.Truncated || tr.Transport != "udp+tcp" {
				t.Errorf("truncated %v over %q, want true over udp+tcp", tr.Truncated, tr.Transport)
			}
		}},
		{"truncated over TCP too", func(m *mdns.Msg, _ string) bool {
			m.Truncated = true
			return true
		}, verdict.TempError, []string{"truncated too"}, nil},
		{"answer for the wrong name", func(m *mdns.Msg, _ string) bool {
			m.Question[0].Name = "evil._domainkey.example.com."
			k := *key
			k.Hdr.Name = "evil._domainkey.example.com."
			m.Answer = []mdns.RR{&k}
			return true
		}, verdict.TempError, []string{"wrong name", "evil._domainkey.example.com", "ignored"}, nil},
		{"answer records for another owner", func(m *mdns.Msg, _ string) bool {
			// The question is echoed, but the record is someone
			// else's: it must not be taken as the key.
			k := *key
			k.Hdr.Name = "other.example.com."
			m.Answer = []mdns.RR{&k}
			return true
		}, verdict.PermError, []string{"no TXT record"}, nil},
		{"CNAME loop", func(m *mdns.Msg, _ string) bool {
			m.Answer = []mdns.RR{cname(keyName, "a.loop.example."), cname("a.loop.example.", keyName)}
			return true
		}, verdict.TempError, []string{"CNAME loop", "a.loop.example", "SERVFAIL"}, nil},
		{"overlong CNAME chain", func(m *mdns.Msg, _ string) bool {
			prev := keyName
			for i := range dns.MaxCNAMEHops + 4 {
				next := "c" + strconv.Itoa(i) + ".chain.example."
				m.Answer = append(m.Answer, cname(prev, next))
				prev = next
			}
			return true
		}, verdict.TempError, []string{"CNAME chain longer than " + strconv.Itoa(dns.MaxCNAMEHops) + " hops"}, func(t *testing.T, tr *dns.Trace) {
			if len(tr.CNAMEs) != dns.MaxCNAMEHops+1 {
				t.Errorf("%d hops kept, want %d", len(tr.CNAMEs), dns.MaxCNAMEHops+1)
			}
		}},
		{"garbage reply", func(m *mdns.Msg, _ string) bool {
			m.Rcode = mdns.RcodeNotImplemented
			return true
		}, verdict.TempError, []string{"NOTIMP", "neither an answer nor a known failure"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := faultServer(t, func(w mdns.ResponseWriter, r *mdns.Msg) {
				m := new(mdns.Msg)
				m.SetReply(r)
				m.RecursionAvailable = true
				if len(r.Question) != 1 || !strings.EqualFold(r.Question[0].Name, keyName) {
					// DMARC and SPF questions: nothing there.
					m.Rcode = mdns.RcodeNameError
					w.WriteMsg(m)
					return
				}
				if tt.answer(m, w.LocalAddr().Network()) {
					w.WriteMsg(m)
				}
			})
			live, err := dns.NewLive([]string{addr}, dns.LiveOptions{Timeout: 200 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			r := Analyze(context.Background(), raw, Options{Resolver: live, Now: func() time.Time { return fixtureNow }})
			if len(r.DKIM) != 1 {
				t.Fatalf("%d DKIM results, want 1", len(r.DKIM))
			}
			d := r.DKIM[0]
			if d.Verdict != tt.want {
				t.Errorf("verdict %s (%s), want %s", d.Verdict, d.Reason, tt.want)
			}
			for _, s := range tt.reasons {
				if !strings.Contains(d.Reason, s) {
					t.Errorf("reason %q does not say %q", d.Reason, s)
				}
			}
			if d.DNS == nil {
				t.Fatal("no DNS trace kept")
			}
			if d.DNS.Server != addr {
				t.Errorf("trace server %q, want %q", d.DNS.Server, addr)
			}
			if tt.check != nil {
				tt.check(t, d.DNS)
			}
		})
	}
}

// TestMessageTimeout checks that Options.Timeout bounds a message's DNS
// work even when each lookup alone would wait far longer: the server never
// answers and each try may wait an hour.
func TestMessageTimeout(t *testing.T) {
	raw, err := os.ReadFile("../testdata/mail/dkim-pass-relaxed-relaxed.eml")
	if err != nil {
		t.Fatal(err)
	}
	addr := faultServer(t, func(mdns.ResponseWriter, *mdns.Msg) {})
	live, err := dns.NewLive([]string{addr}, dns.LiveOptions{Timeout: time.Hour, Attempts: 5})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *Report, 1)
	go func() {
		done <- Analyze(context.Background(), raw, Options{Resolver: live, Timeout: 300 * time.Millisecond, Now: func() time.Time { return fixtureNow }})
	}()
	var r *Report
	select {
	case r = <-done:
	case <-time.After(2 * time.Minute):
		// Not a timing assertion: without the bound this would wait
		// five hours.
		t.Fatal("Analyze did not stop at its per-message timeout")
	}
	d := r.DKIM[0]
	if d.Verdict != verdict.TempError {
		t.Errorf("verdict %s (%s), want temperror", d.Verdict, d.Reason)
	}
	for _, s := range []string{"stopped before " + addr + " answered", "time allowed"} {
		if !strings.Contains(d.Reason, s) {
			t.Errorf("reason %q does not say %q", d.Reason, s)
		}
	}
	want := dns.Failure{Cause: dns.CauseTimeUp, Name: "rsa2048._domainkey.example.com", Type: "TXT", Wait: 300 * time.Millisecond}
	if f := d.DNS.Failure; f == nil || *f != want {
		t.Errorf("Failure = %+v, want %+v", f, want)
	}
}

// failedWith checks that a trace's Failure has cause c, so that render can
// say what to do about it.
func failedWith(c dns.Cause) func(t *testing.T, tr *dns.Trace) {
	return func(t *testing.T, tr *dns.Trace) {
		t.Helper()
		if tr.Failure == nil || tr.Failure.Cause != c {
			t.Errorf("Failure = %+v, want cause %q", tr.Failure, c)
		}
	}
}
