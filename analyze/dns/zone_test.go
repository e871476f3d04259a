package dns

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// want is the part of a Trace a test checks; Detail is a substring.
type want struct {
	outcome Outcome
	rcode   string
	hops    []string // "from>to"
	records []Record
	detail  string
	cause   Cause // the Failure's cause; "" wants no Failure
}

func checkTrace(t *testing.T, label string, got *Trace, w want) {
	t.Helper()
	if got.Outcome != w.outcome {
		t.Errorf("%s: Outcome = %q, want %q (Detail %q)", label, got.Outcome, w.outcome, got.Detail)
	}
	if got.Rcode != w.rcode {
		t.Errorf("%s: Rcode = %q, want %q", label, got.Rcode, w.rcode)
	}
	var hops []string
	for _, h := range got.CNAMEs {
		hops = append(hops, h.From+">"+h.To)
	}
	if !reflect.DeepEqual(hops, w.hops) {
		t.Errorf("%s: CNAMEs = %q, want %q", label, hops, w.hops)
	}
	if !reflect.DeepEqual(got.Records, w.records) {
		t.Errorf("%s: Records = %+v, want %+v", label, got.Records, w.records)
	}
	if w.detail == "" && got.Detail != "" {
		t.Errorf("%s: Detail = %q, want none", label, got.Detail)
	}
	if !strings.Contains(got.Detail, w.detail) {
		t.Errorf("%s: Detail = %q, want it to contain %q", label, got.Detail, w.detail)
	}
	var cause Cause
	if got.Failure != nil {
		cause = got.Failure.Cause
	}
	if cause != w.cause {
		t.Errorf("%s: Failure cause = %q, want %q", label, cause, w.cause)
	}
}

func txt(ttl uint32, s ...string) Record { return Record{Type: "TXT", TTL: ttl, Strings: s} }

func TestZoneLookup(t *testing.T) {
	z, err := LoadZones("testdata/valid.zone", "testdata/cname.zone", "testdata/loop.zone",
		"testdata/wildcard.zone", "testdata/faults.zone")
	if err != nil {
		t.Fatal(err)
	}
	o365 := "selector1-contoso-example._domainkey.contoso.onmicrosoft.example"
	tests := []struct {
		name, qtype string
		want        want
	}{
		{"s1._domainkey.example.com", "TXT", want{outcome: OK, rcode: "NOERROR",
			records: []Record{txt(300, "v=DKIM1; k=rsa; ", "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")}}},
		// Names compare without regard to case, and a final dot is optional.
		{"s2._domainkey.EXAMPLE.com.", "txt", want{outcome: OK, rcode: "NOERROR",
			records: []Record{txt(3600, "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")}}},
		{"escaped.example.com", "TXT", want{outcome: OK, rcode: "NOERROR",
			records: []Record{txt(300, "semi;colon \"quoted\" \xff")}}},
		{"example.com", "MX", want{outcome: OK, rcode: "NOERROR", records: []Record{
			{Type: "MX", TTL: 300, Pref: 10, Data: "mx1.example.com."},
			{Type: "MX", TTL: 300, Pref: 20, Data: "mx2.example.com."}}}},
		{"mx1.example.com", "A", want{outcome: OK, rcode: "NOERROR", records: []Record{{Type: "A", TTL: 300, Data: "192.0.2.25"}}}},
		{"mx1.example.com", "AAAA", want{outcome: OK, rcode: "NOERROR", records: []Record{{Type: "AAAA", TTL: 300, Data: "2001:db8::25"}}}},
		{"25.2.0.192.in-addr.arpa", "PTR", want{outcome: OK, rcode: "NOERROR", records: []Record{{Type: "PTR", TTL: 300, Data: "mx1.example.com."}}}},
		{"mx1.example.com", "TXT", want{outcome: NoData, rcode: "NOERROR", detail: "mx1.example.com exists but has no TXT record"}},
		// RFC 8020: an empty non-terminal exists.
		{"_domainkey.example.com", "TXT", want{outcome: NoData, rcode: "NOERROR", detail: "exists but has no TXT record"}},
		{"nope._domainkey.example.com", "TXT", want{outcome: NXDomain, rcode: "NXDOMAIN",
			detail: "nope._domainkey.example.com does not exist (NXDOMAIN from zone files testdata/valid.zone"}},
		{"selector1._domainkey.contoso.example", "TXT", want{outcome: OK, rcode: "NOERROR",
			hops:    []string{"selector1._domainkey.contoso.example>" + o365},
			records: []Record{txt(3600, "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC")}}},
		{"selector2._domainkey.contoso.example", "TXT", want{outcome: OK, rcode: "NOERROR",
			hops: []string{"selector2._domainkey.contoso.example>hop1.contoso.example", "hop1.contoso.example>hop2.contoso.example",
				"hop2.contoso.example>selector2-contoso-example._domainkey.contoso.onmicrosoft.example"},
			records: []Record{txt(3600, "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQD")}}},
		{"dangling._domainkey.contoso.example", "TXT", want{outcome: NXDomain, rcode: "NXDOMAIN",
			hops:   []string{"dangling._domainkey.contoso.example>gone.contoso.onmicrosoft.example"},
			detail: "gone.contoso.onmicrosoft.example (reached through the CNAME chain dangling._domainkey.contoso.example → gone.contoso.onmicrosoft.example) does not exist"}},
		// Asking for the CNAME itself does not follow it.
		{"hop1.contoso.example", "CNAME", want{outcome: OK, rcode: "NOERROR", records: []Record{{Type: "CNAME", TTL: 3600, Data: "hop2.contoso.example."}}}},
		{"a.loop.example", "TXT", want{outcome: ServFail, rcode: "SERVFAIL",
			hops: []string{"a.loop.example>b.loop.example", "b.loop.example>a.loop.example"}, detail: "CNAME loop: a.loop.example → b.loop.example → a.loop.example"}},
		{"self.loop.example", "TXT", want{outcome: ServFail, rcode: "SERVFAIL",
			hops: []string{"self.loop.example>self.loop.example"}, detail: "CNAME loop: self.loop.example → self.loop.example"}},
		// Eight hops are followed; nine are too many.
		{"d1.loop.example", "TXT", want{outcome: OK, rcode: "NOERROR", hops: chainHops(1, 9, "d1"), records: []Record{txt(3600, "end")}}},
		{"c0.loop.example", "TXT", want{outcome: ServFail, rcode: "SERVFAIL", hops: chainHops(0, 9, ""), detail: "CNAME chain longer than 8 hops: c0.loop.example → c1.loop.example"}},
		// RFC 4592.
		{"anything.wild.example.org", "TXT", want{outcome: OK, rcode: "NOERROR", records: []Record{txt(3600, "v=DKIM1; p=wildcard")}}},
		{"a.b.wild.example.org", "A", want{outcome: OK, rcode: "NOERROR", records: []Record{{Type: "A", TTL: 3600, Data: "192.0.2.7"}}}},
		{"explicit.wild.example.org", "TXT", want{outcome: OK, rcode: "NOERROR", records: []Record{txt(3600, "v=DKIM1; p=explicit")}}},
		{"explicit.wild.example.org", "A", want{outcome: NoData, rcode: "NOERROR", detail: "has no A record"}},
		{"deep.wild.example.org", "TXT", want{outcome: NoData, rcode: "NOERROR", detail: "deep.wild.example.org exists"}},
		{"x.deep.wild.example.org", "TXT", want{outcome: NXDomain, rcode: "NXDOMAIN", detail: "x.deep.wild.example.org does not exist"}},
		{"s.cn.wild.example.org", "TXT", want{outcome: OK, rcode: "NOERROR", hops: []string{"s.cn.wild.example.org>explicit.wild.example.org"},
			records: []Record{txt(3600, "v=DKIM1; p=explicit")}}},
		{"wild.example.org", "TXT", want{outcome: NoData, rcode: "NOERROR", detail: "exists"}},
		// Simulated faults.
		{"broken._domainkey.faults.example", "TXT", want{outcome: ServFail, rcode: "SERVFAIL", detail: "SERVFAIL for broken._domainkey.faults.example, simulated by the zone file"}},
		{"broken._domainkey.faults.example", "A", want{outcome: ServFail, rcode: "SERVFAIL", detail: "simulated by the zone file"}},
		{"slow._domainkey.faults.example", "TXT", want{outcome: Timeout, detail: "no answer in time for slow._domainkey.faults.example, simulated by the zone file"}},
		{"closed._domainkey.faults.example", "TXT", want{outcome: Refused, rcode: "REFUSED", detail: "simulated by the zone file"}},
		{"via._domainkey.faults.example", "TXT", want{outcome: ServFail, rcode: "SERVFAIL",
			hops: []string{"via._domainkey.faults.example>broken._domainkey.faults.example"}, detail: "simulated by the zone file"}},
		{"notfault.faults.example", "TXT", want{outcome: OK, rcode: "NOERROR", records: []Record{txt(3600, "headerscope:", "servfail")}}},
		// The markers of a recorded zone (WriteZone): NXDOMAIN even with
		// a name below, NODATA for every type, and neither is an answer.
		{"gone._domainkey.recorded.example", "TXT", want{outcome: NXDomain, rcode: "NXDOMAIN", detail: "gone._domainkey.recorded.example does not exist (NXDOMAIN from zone files"}},
		{"below.gone._domainkey.recorded.example", "TXT", want{outcome: OK, rcode: "NOERROR", records: []Record{txt(3600, "v=DKIM1; p=")}}},
		{"empty._domainkey.recorded.example", "TXT", want{outcome: NoData, rcode: "NOERROR", detail: "empty._domainkey.recorded.example exists but has no TXT record"}},
		{"empty._domainkey.recorded.example", "A", want{outcome: NoData, rcode: "NOERROR", detail: "exists but has no A record"}},
		{"via-empty._domainkey.recorded.example", "TXT", want{outcome: NoData, rcode: "NOERROR",
			hops: []string{"via-empty._domainkey.recorded.example>empty._domainkey.recorded.example"}, detail: "exists but has no TXT record"}},
		// Bad names never reach the zone.
		{"a..example.com", "TXT", want{outcome: BadName, detail: "empty label"}},
		{"", "TXT", want{outcome: BadName, detail: "the name is empty"}},
		{strings.Repeat("a", 64) + ".example.com", "TXT", want{outcome: BadName, detail: "is 64 characters long; DNS allows at most 63"}},
		{strings.Repeat("abcdefghi.", 26) + "com", "TXT", want{outcome: BadName, detail: "is 263 characters long; DNS allows at most 253"}},
		{"sel ector._domainkey.example.com", "TXT", want{outcome: BadName, detail: `contains " " at offset 3`}},
		{"example.com", "BOGUS", want{outcome: BadName, detail: `the query type "BOGUS" is not supported`}},
	}
	for _, tt := range tests {
		got := z.Lookup(context.Background(), tt.name, tt.qtype)
		checkTrace(t, "Lookup("+tt.name+", "+tt.qtype+")", got, tt.want)
		if got.Outcome != BadName && (got.Transport != "zone" || got.Server != z.Describe()) {
			t.Errorf("Lookup(%q): Transport, Server = %q, %q, want \"zone\", %q", tt.name, got.Transport, got.Server, z.Describe())
		}
	}
}

// chainHops returns the hops cN → cN+1 ... of loop.zone, starting at first
// (or at c<from> when first is empty).
func chainHops(from, to int, first string) []string {
	var out []string
	name := func(i int) string { return "c" + string(rune('0'+i)) + ".loop.example" }
	for i := from; i < to; i++ {
		f := name(i)
		if i == from && first != "" {
			f = first + ".loop.example"
		}
		out = append(out, f+">"+name(i+1))
	}
	return out
}

func TestZoneDescribe(t *testing.T) {
	z, err := LoadZone("testdata/valid.zone")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := z.Describe(), "zone file testdata/valid.zone"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	if got := z.Lookup(context.Background(), "s1._domainkey.example.com", "TXT").Server; got != "zone file testdata/valid.zone" {
		t.Errorf("Server = %q, want %q", got, "zone file testdata/valid.zone")
	}
}

func TestZoneErrors(t *testing.T) {
	tests := []struct {
		files []string
		want  string
	}{
		{[]string{"testdata/bad/txt.zone"}, `dns: testdata/bad/txt.zone:3: bad TXT record near`},
		{[]string{"testdata/bad/a.zone"}, `dns: testdata/bad/a.zone:3: bad A record near "192.0.2.300"`},
		{[]string{"testdata/bad/owner.zone"}, `dns: testdata/bad/owner.zone:3: bad owner name near "bad..name"`},
		{[]string{"testdata/bad/type.zone"}, `dns: testdata/bad/type.zone:2: not a TTL, class or record type near "BOGUS"`},
		{[]string{"testdata/bad/include.zone"}, `dns: testdata/bad/include.zone:2: $INCLUDE is not allowed`},
		{[]string{"testdata/bad/cname-and-txt.zone"}, `dns: testdata/bad/cname-and-txt.zone: s1._domainkey.example.com has a CNAME and a TXT record`},
		{[]string{"testdata/valid.zone", "testdata/bad/a.zone"}, `dns: testdata/bad/a.zone:3: bad A record`},
		{[]string{"testdata/missing.zone"}, `dns: open testdata/missing.zone: no such file or directory`},
		{nil, `dns: no zone file given`},
	}
	for _, tt := range tests {
		_, err := LoadZones(tt.files...)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("LoadZones(%q) error = %v, want prefix %q", tt.files, err, tt.want)
		}
	}
}

func TestParseZoneLimits(t *testing.T) {
	gen := "$ORIGIN example.com.\n$GENERATE 1-65535 h$ A 192.0.2.1\n$GENERATE 1-65535 g$ A 192.0.2.1\n"
	if _, err := ParseZone(strings.NewReader(gen), "gen.zone"); err == nil || !strings.Contains(err.Error(), "more than 100000 records") {
		t.Errorf("ParseZone(131070 records) error = %v, want the record limit", err)
	}
	big := "$GENERATE 0-65535 h$ TXT \"" + strings.Repeat("a", 4000) + "\"\n"
	if _, err := ParseZone(strings.NewReader(big), "big.zone"); err == nil || !strings.Contains(err.Error(), "dns: big.zone: more than 16 MiB of records") {
		t.Errorf("ParseZone(262 MB of records) error = %v, want the size limit", err)
	}
	rel := "s1._domainkey TXT \"v=DKIM1; p=\"\n"
	z, err := ParseZone(strings.NewReader(rel), "rel.zone")
	if err != nil {
		t.Fatal(err)
	}
	// Without $ORIGIN the origin is the root: the name is absolute.
	if got := z.Lookup(context.Background(), "s1._domainkey", "TXT").Outcome; got != OK {
		t.Errorf("relative name without $ORIGIN: Outcome = %q, want %q", got, OK)
	}
}
