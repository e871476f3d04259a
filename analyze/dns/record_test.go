package dns

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// questions asks every question of the test server's script (see script)
// that reaches it.
var recordQuestions = []struct{ name, qtype string }{
	{"txt.example.com", "TXT"},
	{"split.example.com", "TXT"},
	{"escaped.example.com", "TXT"},
	{"signed.example.com", "TXT"},
	{"case.example.com", "TXT"},
	{"mx.example.com", "MX"},
	{"a.example.com", "A"},
	{"a.example.com", "AAAA"},
	{"a.example.com", "TXT"},
	{"1.2.0.192.in-addr.arpa", "PTR"},
	{"selector1._domainkey.contoso.example", "TXT"},
	{"forwarder._domainkey.contoso.example", "TXT"},
	{"a.loop.example", "TXT"},
	{"c0.chain.example", "TXT"},
	{"dangling.example.com", "TXT"},
	{"nx.example.com", "TXT"},
	{"nodata.example.com", "TXT"},
	{"servfail.example.com", "TXT"},
	{"refused.example.com", "TXT"},
	{"formerr.example.com", "TXT"},
	{"wrong.example.com", "TXT"},
	{"silent.example.com", "TXT"},
	{"big._domainkey.example.com", "TXT"},
	// Reach no server: not recorded.
	{"bad..example.com", "TXT"},
}

// TestRecordReplay records every answer of a live resolver on 127.0.0.1,
// writes the zone, loads it and asks the same questions again: each
// answer must come back the same, apart from what says who answered and
// how (Server, Transport, Truncated, Duration, Detail) and what a zone
// cannot carry, which the test lists.
func TestRecordReplay(t *testing.T) {
	s := startServer(t, nil)
	l := newTestLive(t, LiveOptions{Timeout: 300 * time.Millisecond, Attempts: 1, Origin: "--resolver"}, s.addr)
	rec := NewRecorder(l)
	live := map[string]*Trace{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, q := range recordQuestions {
		wg.Add(1)
		go func() { // concurrently, as analyze asks: the zone must not depend on the order
			defer wg.Done()
			tr := rec.Lookup(context.Background(), q.name, q.qtype)
			mu.Lock()
			live[q.name+" "+q.qtype] = tr
			mu.Unlock()
		}()
	}
	wg.Wait()
	var zone bytes.Buffer
	at := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	if err := WriteZone(&zone, rec.Traces(), RecordInfo{Time: at, Resolver: l.Describe(), Version: "v0.test"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded zone:\n%s", zone.String())
	for _, want := range []string{
		"; DNS answers recorded by headerscope v0.test.\n; Recorded at 2026-12-04T10:00:00Z from " + s.addr + " (--resolver): 23 answers.\n",
		"; 1 lookup reached no server (bad name, lookup limit) and is not recorded.\n",
		"split.example.com.\t300\tIN\tTXT\t\"v=DKIM1; k=rsa; \" \"p=two\"\n",
		"escaped.example.com.\t300\tIN\tTXT\t\"semi;colon \\\"q\\\" \\255\"\n",
		"nx.example.com.\t0\tIN\tTXT\t\"headerscope:nxdomain\"\t; NXDOMAIN (TXT)\n",
		"nodata.example.com.\t0\tIN\tTXT\t\"headerscope:nodata\"\t; NODATA (TXT)\n",
		"gone.example.com.\t0\tIN\tTXT\t\"headerscope:nxdomain\"",
		"silent.example.com.\t0\tIN\tTXT\t\"headerscope:timeout\"",
		"wrong.example.com.\t0\tIN\tTXT\t\"headerscope:servfail\"\t; a network error or unusable answer (TXT), recorded as SERVFAIL\n",
		"selector1._domainkey.contoso.example.\t3600\tIN\tCNAME\t" + o365Target + ".\n",
	} {
		if !strings.Contains(zone.String(), want) {
			t.Errorf("recorded zone lacks %q", want)
		}
	}
	z, err := ParseZone(bytes.NewReader(zone.Bytes()), "recorded.zone")
	if err != nil {
		t.Fatalf("the recorded zone does not load: %v", err)
	}
	for _, q := range recordQuestions {
		l, r := live[q.name+" "+q.qtype], z.Lookup(context.Background(), q.name, q.qtype)
		if l.Outcome == BadName {
			continue
		}
		lw, rw := comparable(l), comparable(r)
		switch {
		case l.Outcome == Error:
			// No marker for a network error: replayed as SERVFAIL,
			// temporary as well.
			lw.Outcome, lw.Rcode = ServFail, "SERVFAIL"
		case l.Outcome == ServFail && l.Rcode == "NOERROR":
			// A loop or overlong chain, seen by Live in a NOERROR
			// answer; Zone says SERVFAIL as a recursive resolver would.
			lw.Rcode = "SERVFAIL"
		case l.AD:
			lw.AD = false // a zone never sets AD
		}
		if !reflect.DeepEqual(lw, rw) {
			t.Errorf("%s %s: replayed %+v, recorded %+v", q.name, q.qtype, rw, lw)
		}
	}

	// The same answers in another order write the same zone.
	ts := rec.Traces()
	for i, j := 0, len(ts)-1; i < j; i, j = i+1, j-1 {
		ts[i], ts[j] = ts[j], ts[i]
	}
	var again bytes.Buffer
	WriteZone(&again, ts, RecordInfo{Time: at, Resolver: l.Describe(), Version: "v0.test"})
	if again.String() != zone.String() {
		t.Errorf("WriteZone depends on the order of the traces")
	}
}

// comparable keeps what a replay must reproduce.
func comparable(t *Trace) Trace {
	return Trace{Query: t.Query, Type: t.Type, Rcode: t.Rcode, Outcome: t.Outcome, CNAMEs: t.CNAMEs, Records: t.Records, AD: t.AD}
}

// fixed is a Resolver that answers from a table of traces.
type fixed map[string]*Trace

func (f fixed) Lookup(_ context.Context, name, qtype string) *Trace {
	if t, ok := f[name+" "+qtype]; ok {
		return copyTrace(t)
	}
	return &Trace{Query: name, Type: qtype, Outcome: NXDomain, Rcode: "NXDOMAIN"}
}
func (fixed) Describe() string { return "fixed\nanswers" }

func TestWriteZoneConflicts(t *testing.T) {
	traces := []*Trace{
		// A flaky server: records once, SERVFAIL once; the records win.
		{Query: "k.example.com", Type: "TXT", Outcome: OK, Rcode: "NOERROR", Records: []Record{txt(300, "v=DKIM1; p=a")}},
		{Query: "k.example.com", Type: "TXT", Outcome: ServFail, Rcode: "SERVFAIL"},
		// The same record with two TTLs (a caching resolver counts down).
		{Query: "k.example.com", Type: "TXT", Outcome: OK, Rcode: "NOERROR", Records: []Record{txt(120, "v=DKIM1; p=a")}},
		// NODATA for A at a name with TXT records: no marker needed.
		{Query: "k.example.com", Type: "A", Outcome: NoData, Rcode: "NOERROR"},
		// Two different CNAMEs at one name: the first (sorted by
		// outcome: nxdomain before ok) is kept.
		{Query: "c.example.com", Type: "TXT", Outcome: OK, Rcode: "NOERROR", CNAMEs: []Hop{{"c.example.com", "k.example.com", 60}}, Records: []Record{txt(300, "v=DKIM1; p=a")}},
		{Query: "c.example.com", Type: "TXT", Outcome: NXDomain, Rcode: "NXDOMAIN", CNAMEs: []Hop{{"c.example.com", "z.example.com", 60}}},
		// A name that cannot be written back as it was asked.
		{Query: "*.example.com", Type: "TXT", Outcome: OK, Rcode: "NOERROR", Records: []Record{txt(300, "wild")}},
		{Query: "x.example.com", Type: "TXT", Outcome: TooMany},
	}
	var b bytes.Buffer
	if err := WriteZone(&b, traces, RecordInfo{Resolver: fixed{}.Describe()}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"; Recorded from fixed?answers: 6 answers.\n",
		"; 1 lookup reached no server",
		"; 1 answer has a name or data that cannot be written back unchanged",
		"; k.example.com: another answer was SERVFAIL (TXT); left out\n",
		"k.example.com.\t300\tIN\tTXT\t\"v=DKIM1; p=a\"\n",
		"; c.example.com: another answer had a CNAME to k.example.com; left out\nc.example.com.\t60\tIN\tCNAME\tz.example.com.\n",
		"z.example.com.\t0\tIN\tTXT\t\"headerscope:nxdomain\"",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("WriteZone output lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"wild", "headerscope:nodata", "headerscope:servfail", "\t120\t"} {
		if strings.Contains(got, bad) {
			t.Errorf("WriteZone output has %q:\n%s", bad, got)
		}
	}
	if _, err := ParseZone(strings.NewReader(got), "conflicts.zone"); err != nil {
		t.Errorf("the zone does not load: %v", err)
	}
}

// TestRecorderKeepsCopies checks that a caller changing its Trace (as
// analyze does when it marks shared answers) does not change the record.
func TestRecorderKeepsCopies(t *testing.T) {
	rec := NewRecorder(fixed{"k.example.com TXT": {Query: "k.example.com", Type: "TXT", Outcome: OK, Records: []Record{txt(300, "a")}}})
	tr := rec.Lookup(context.Background(), "k.example.com", "TXT")
	tr.Records[0].Strings[0] = "changed"
	tr.Cached = true
	got := rec.Traces()
	if len(got) != 1 || got[0].Records[0].Strings[0] != "a" || got[0].Cached {
		t.Errorf("Traces() = %+v, want the answer as it came", got)
	}
	if rec.Describe() != "fixed\nanswers" {
		t.Errorf("Describe() = %q", rec.Describe())
	}
}

// FuzzWriteZone writes answers with arbitrary names, TXT bytes and CNAME
// targets: the zone must always load, and a name that is written must
// answer with the same strings and hops.
func FuzzWriteZone(f *testing.F) {
	f.Add("s1._domainkey.example.com", "v=DKIM1; k=rsa; ", "p=MIIB", "")
	f.Add("a.example.com", "semi;colon \"q\" \\ \xff\x00\n", "", "b.example.com")
	f.Add("*.example.com", "headerscope:servfail", "x", "")
	f.Add("x.example.com", "$ORIGIN evil.\n", "\\065", "y.example.com.")
	f.Fuzz(func(t *testing.T, name, s1, s2, target string) {
		q, why := checkName(name)
		if why != "" || len(s1) > 255 || len(s2) > 255 {
			// A TXT character-string holds at most 255 bytes (RFC
			// 1035 section 3.3), so no answer recorded has a longer
			// one; a zone file splits it, and it replays as more
			// strings.
			return
		}
		tr := &Trace{Query: q, Type: "TXT", Outcome: OK, Rcode: "NOERROR", Records: []Record{txt(300, s1, s2)}}
		if target != "" {
			tr.CNAMEs = []Hop{{From: q, To: canon(target), TTL: 60}}
			if canon(target) == q {
				return
			}
		}
		var b bytes.Buffer
		if err := WriteZone(&b, []*Trace{tr}, RecordInfo{Resolver: name + "\n" + target}); err != nil {
			t.Fatal(err)
		}
		z, err := ParseZone(bytes.NewReader(b.Bytes()), "fuzz.zone")
		if err != nil {
			t.Fatalf("WriteZone wrote a zone that does not load: %v\n%s", err, b.Bytes())
		}
		if strings.Count(b.String(), "\n; ") > 20 || !strings.HasPrefix(b.String(), "; ") {
			t.Fatalf("unexpected header:\n%s", b.Bytes())
		}
		if z.Len() == 0 {
			return // a name that cannot be written back was left out
		}
		got := z.Lookup(context.Background(), q, "TXT")
		if s1+s2 == "headerscope:servfail" || s2 == "" && faults[s1] != "" || s2 == "" && (s1 == markNXDomain || s1 == markNoData) {
			return // a record that is exactly a marker replays as the marker
		}
		if got.Outcome != OK || !reflect.DeepEqual(got.Records, tr.Records) || !reflect.DeepEqual(got.CNAMEs, tr.CNAMEs) {
			t.Errorf("replayed %+v, recorded %+v\n%s", got, tr, b.Bytes())
		}
	})
}

// TestWriteZoneReplay checks that the header says how to replay the file
// only in the words the caller gives: this package names no flag.
func TestWriteZoneReplay(t *testing.T) {
	for _, tt := range []struct{ replay, want string }{
		{"", "; TTLs are as received; the AD bit is not kept.\n"},
		{"--dns-zone FILE", "; Replay with --dns-zone FILE, with no network. TTLs are as received; the AD bit is not kept.\n"},
	} {
		var b strings.Builder
		if err := WriteZone(&b, nil, RecordInfo{Resolver: "192.0.2.53:53", Replay: tt.replay}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tt.want) || (tt.replay == "" && strings.Contains(b.String(), "Replay")) {
			t.Errorf("WriteZone(Replay %q) header:\n%s\nwant the line %q", tt.replay, b.String(), tt.want)
		}
	}
}
