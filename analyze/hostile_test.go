package analyze

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/recheck"
)

// TestHostileInput feeds inputs built to break or slow a verifier and
// checks that each yields a report with what could be read, without a
// panic. Speed is measured in benchmarks, not here.
func TestHostileInput(t *testing.T) {
	sig := "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s%d; h=from:from:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==\r\n"
	var many strings.Builder
	for i := 0; i < 1000; i++ {
		many.WriteString(strings.Replace(sig, "%d", string(rune('a'+i%26)), 1))
	}
	many.WriteString("From: a@example.com\r\n\r\nbody\r\n")

	rng := rand.New(rand.NewSource(1))
	garbage := make([]byte, 1<<16)
	rng.Read(garbage)

	var deepFold bytes.Buffer
	deepFold.WriteString("Subject: x")
	for i := 0; i < 200000; i++ {
		deepFold.WriteString("\r\n a")
	}
	deepFold.WriteString("\r\nFrom: a@example.com\r\n\r\nb\r\n")

	tests := []struct {
		name  string
		raw   []byte
		check func(t *testing.T, r *Report)
	}{
		{"1000 signatures", []byte(many.String()), func(t *testing.T, r *Report) {
			if len(r.DKIM) != DefaultMaxSignatures || r.DKIMNotEvaluated != 1000-DefaultMaxSignatures {
				t.Errorf("evaluated %d, not evaluated %d", len(r.DKIM), r.DKIMNotEvaluated)
			}
		}},
		{"10 MB header line", []byte("X-Long: " + strings.Repeat("a", 10<<20) + "\r\nFrom: a@example.com\r\n\r\n"), func(t *testing.T, r *Report) {
			if len(r.Message.Fields) != 2 {
				t.Errorf("fields = %d", len(r.Message.Fields))
			}
		}},
		{"10 MB h= list", []byte(strings.Replace(sig, "h=from:from:subject", "h=from"+strings.Repeat(":x", 1<<20), 1) + "From: a@example.com\r\n\r\n"), func(t *testing.T, r *Report) {
			if len(r.DKIM) != 1 || r.DKIM[0].Verdict == "" {
				t.Errorf("no verdict for a huge h=")
			}
		}},
		{"binary garbage", garbage, func(t *testing.T, r *Report) {}},
		{"deep folding", deepFold.Bytes(), func(t *testing.T, r *Report) {
			if len(r.Message.Fields) != 2 {
				t.Errorf("fields = %d", len(r.Message.Fields))
			}
		}},
		{"truncated header", []byte("DKIM-Signature: v=1; a=rsa-sha256; d=exa"), func(t *testing.T, r *Report) {
			if len(r.DKIM) != 1 || r.DKIM[0].Verdict != "permerror" {
				t.Errorf("truncated signature: %+v", r.DKIM)
			}
		}},
		{"only a separator", []byte("\r\n"), func(t *testing.T, r *Report) {}},
		{"empty", nil, func(t *testing.T, r *Report) {}},
	}
	for _, tt := range tests {
		r := Analyze(context.Background(), tt.raw, Options{Resolver: dns.Offline{}, Now: func() time.Time { return fixtureNow }})
		if r == nil {
			t.Fatalf("%s: no report", tt.name)
		}
		for _, d := range r.DKIM {
			if !d.Verdict.Valid() || d.Reason == "" {
				t.Errorf("%s: signature %d has verdict %q reason %q", tt.name, d.Index, d.Verdict, d.Reason)
			}
		}
		tt.check(t, r)
	}
}

// TestLookupLimit checks that a message cannot cause more DNS questions
// than the limit, and that the refused ones say why.
func TestLookupLimit(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 10; i++ {
		b.WriteString("DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel" + string(rune('a'+i)) + "; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==\r\n")
	}
	b.WriteString("From: a@example.com\r\n\r\n")
	r := Analyze(context.Background(), []byte(b.String()), Options{Resolver: dns.Offline{}, MaxLookups: 3, Now: func() time.Time { return fixtureNow }})
	refused := 0
	for _, d := range r.DKIM {
		if d.DNS != nil && d.DNS.Outcome == dns.TooMany {
			refused++
			if !strings.Contains(d.Reason, "lookup") {
				t.Errorf("refused lookup reason %q does not say why", d.Reason)
			}
		}
	}
	if refused != 7 {
		t.Errorf("refused %d lookups, want 7", refused)
	}
}

// TestSharedFieldBytes checks that signatures naming one large field share
// its bytes, raw and canonical, instead of each keeping a copy: 32
// signatures over a 2 MB Subject must not cost 32 x 4 MB (issue 12). The
// sharing is asserted directly (same backing bytes), and the bytes
// allocated by the whole analysis are bounded by a small multiple of the
// input.
func TestSharedFieldBytes(t *testing.T) {
	zone, err := dns.LoadZone("../testdata/dns/fixtures.zone")
	if err != nil {
		t.Fatal(err)
	}
	// Offline, and with the key found, when every signature's failure is
	// diagnosed (the search must not copy the field either).
	for _, tc := range []struct {
		name string
		res  dns.Resolver
	}{{"offline", dns.Offline{}}, {"key found", zone}} {
		t.Run(tc.name, func(t *testing.T) { sharedFieldBytes(t, tc.res) })
	}
}

func sharedFieldBytes(t *testing.T, res dns.Resolver) {
	const n, size = 32, 2 << 20
	var b strings.Builder
	for range n {
		b.WriteString("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=example.com; s=rsa2048; h=from:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==\r\n")
	}
	b.WriteString("From: a@example.com\r\nSubject: ")
	b.WriteString(strings.Repeat("lorem  ipsum ", size/13))
	b.WriteString("\r\n\r\nbody\r\n")
	raw := []byte(b.String())

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := Analyze(context.Background(), raw, Options{Resolver: res, Now: func() time.Time { return fixtureNow }})
	runtime.ReadMemStats(&after)
	if len(r.DKIM) != n {
		t.Fatalf("%d signatures verified, want %d", len(r.DKIM), n)
	}
	subject := func(d *dkim.Result) dkim.SignedField {
		for _, f := range d.Header.Fields {
			if strings.EqualFold(f.Name, "subject") {
				return f
			}
		}
		t.Fatalf("signature %d: no Subject among its signed fields", d.Index)
		return dkim.SignedField{}
	}
	first := subject(r.DKIM[0])
	if len(first.Raw) < size || len(first.Canonical) < size/2 || first.Raw == first.Canonical {
		t.Fatalf("Subject raw %d bytes, canonical %d bytes: not the field", len(first.Raw), len(first.Canonical))
	}
	for _, d := range r.DKIM[1:] {
		f := subject(d)
		if unsafe.StringData(f.Raw) != unsafe.StringData(first.Raw) {
			t.Errorf("signature %d keeps its own copy of the raw Subject", d.Index)
		}
		if unsafe.StringData(f.Canonical) != unsafe.StringData(first.Canonical) {
			t.Errorf("signature %d keeps its own copy of the canonical Subject", d.Index)
		}
	}
	// Without sharing this is over 100 times the input; with it, the
	// header copy, one canonical form and transient buffers: about 5
	// times. Other tests of the package do not run in parallel with
	// this one.
	if got := after.TotalAlloc - before.TotalAlloc; got > 16*uint64(len(raw)) {
		t.Errorf("analysis allocated %d MB for a %d MB message, want at most 16 times the input", got>>20, len(raw)>>20)
	}
}

// TestHostileCounts checks that fields repeating one item a great many
// times keep a bounded number of them and count the rest, as the
// signature limit does (issue 12, B2).
func TestHostileCounts(t *testing.T) {
	const sig = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s; h=from:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; "
	opts := Options{Resolver: dns.Offline{}, Now: func() time.Time { return fixtureNow }}
	analyzeShape := func(s string) *Report { return Analyze(context.Background(), []byte(s), opts) }

	t.Run("an A-R of 200,000 claims", func(t *testing.T) {
		const n = 200000
		r := analyzeShape("Authentication-Results: mx.example.com" + strings.Repeat(";\r\n dkim=pass header.d=example.com", n) +
			"\r\nFrom: a@example.com\r\n\r\nbody\r\n")
		ar := r.Claims.AuthenticationResults
		if len(ar) != 1 || len(ar[0].Results) != authres.MaxKept || ar[0].Omitted != n-authres.MaxKept {
			t.Fatalf("kept %d fields; claims kept %d, omitted %d; want 1, %d, %d", len(ar), len(ar[0].Results), ar[0].Omitted, authres.MaxKept, n-authres.MaxKept)
		}
	})
	t.Run("200,000 A-R fields", func(t *testing.T) {
		const n = 200000
		r := analyzeShape(strings.Repeat("Authentication-Results: mx.example.com; spf=pass smtp.mailfrom=example.com\r\n", n) +
			"From: a@example.com\r\n\r\nbody\r\n")
		if got := len(r.Claims.AuthenticationResults); got != recheck.MaxEntries || r.Claims.EntriesOmitted != n-recheck.MaxEntries {
			t.Fatalf("kept %d fields, omitted %d; want %d, %d", got, r.Claims.EntriesOmitted, recheck.MaxEntries, n-recheck.MaxEntries)
		}
	})
	t.Run("an A-R claim of 200,000 properties and comments", func(t *testing.T) {
		r := analyzeShape("Authentication-Results: mx.example.com; dkim=pass" + strings.Repeat(" (c) x.y=z", 200000) +
			"\r\nFrom: a@example.com\r\n\r\nbody\r\n")
		e := r.Claims.AuthenticationResults[0]
		if len(e.Results) != 1 || len(e.Results[0].Properties) > authres.MaxKept || len(e.Problems) == 0 ||
			!strings.Contains(e.Problems[len(e.Problems)-1].Text, "not kept") {
			t.Fatalf("properties %d, problems %+v", len(e.Results[0].Properties), e.Problems)
		}
	})
	t.Run("a signature of 400,000 duplicate tags", func(t *testing.T) {
		r := analyzeShape(sig + "b=dGVzdA==;" + strings.Repeat(" z=1;", 400000) + "\r\nFrom: a@example.com\r\nSubject: s\r\n\r\nbody\r\n")
		d := r.DKIM[0]
		if len(d.Tags) > dkim.MaxTags+20 || d.Verdict != "permerror" || !strings.Contains(d.Reason, `duplicate tag "z"`) {
			t.Fatalf("%d tags kept, verdict %s: %s", len(d.Tags), d.Verdict, d.Reason)
		}
		if !hasNote(d, "more tags after the first") {
			t.Errorf("no note says tags were not kept: %+v", d.Notes)
		}
	})
	t.Run("b= after 400,000 distinct unknown tags", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(sig)
		for i := range 400000 {
			fmt.Fprintf(&b, " x%d=1;", i)
		}
		b.WriteString(" b=dGVzdA==; x7=2\r\nFrom: a@example.com\r\nSubject: s\r\n\r\nbody\r\n")
		d := analyzeShape(b.String()).DKIM[0]
		if len(d.Tags) > dkim.MaxTags+20 {
			t.Errorf("%d tags kept", len(d.Tags))
		}
		// b= is found past the limit, and so is the duplicate x7 of a tag
		// that was not kept.
		if d.Header.Signature.Raw == "" || !strings.Contains(d.Reason, `duplicate tag "x7"`) {
			t.Errorf("b= not found or x7 duplicate missed: %s", d.Reason)
		}
	})
}

func hasNote(d *dkim.Result, s string) bool {
	for _, n := range d.Notes {
		if strings.Contains(n.Text, s) {
			return true
		}
	}
	return false
}

// TestHugeKeyRecordClipped checks that a 64 KB key record is not copied
// whole into the reason that rejects it (issue 12, B10).
func TestHugeKeyRecordClipped(t *testing.T) {
	var zone strings.Builder
	zone.WriteString("big._domainkey.example.com. IN TXT \"v=DKIM1; k=")
	for range 250 {
		zone.WriteString(strings.Repeat("x", 250) + "\" \"")
	}
	zone.WriteString("; p=AAAA\"\n")
	z, err := dns.ParseZone(strings.NewReader(zone.String()), "big.zone")
	if err != nil {
		t.Fatal(err)
	}
	raw := "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=big; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==\r\nFrom: a@example.com\r\n\r\n"
	r := Analyze(context.Background(), []byte(raw), Options{Resolver: z, Now: func() time.Time { return fixtureNow }})
	d := r.DKIM[0]
	if d.Key == nil || len(d.Key.Record) < 60000 {
		t.Fatalf("the 64 KB record was not read: %+v", d.Key)
	}
	if len(d.Reason) > 1000 || !strings.Contains(d.Reason, "more bytes") {
		t.Errorf("reason is %d bytes, want it clipped and saying so: %.300q", len(d.Reason), d.Reason)
	}
}

// TestLongSignedHeaderList checks that 8 signatures listing 20,000 fields
// in h= keep MaxSignedFields entries each and count the rest, while still
// hashing every one (issue 12, B1: memory a small multiple of the input).
func TestLongSignedHeaderList(t *testing.T) {
	const fields, sigs = 20000, 8
	var h, hdr strings.Builder
	h.WriteString("from")
	for i := range fields {
		fmt.Fprintf(&h, ":x%d", i)
		fmt.Fprintf(&hdr, "x%d: v\r\n", i)
	}
	var b strings.Builder
	for range sigs {
		b.WriteString("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=example.com; s=s; h=" + h.String() + "; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==\r\n")
	}
	b.WriteString("From: a@example.com\r\n" + hdr.String() + "\r\nbody\r\n")
	r := Analyze(context.Background(), []byte(b.String()), Options{Resolver: dns.Offline{}, Now: func() time.Time { return fixtureNow }})
	var computed string
	for _, d := range r.DKIM {
		hc := d.Header
		if len(hc.Fields) != dkim.MaxSignedFields || hc.FieldsOmitted != fields+1-dkim.MaxSignedFields {
			t.Fatalf("signature %d keeps %d entries and counts %d, want %d and %d", d.Index, len(hc.Fields), hc.FieldsOmitted, dkim.MaxSignedFields, fields+1-dkim.MaxSignedFields)
		}
		if computed == "" {
			computed = hc.Computed
		} else if hc.Computed != computed {
			t.Errorf("signature %d hashes to %s, signature 0 to %s", d.Index, hc.Computed, computed)
		}
	}
	// Every entry is hashed: the same list built field by field agrees.
	want := sha256.New()
	if len(r.DKIM[0].SignedHeaders) != dkim.MaxSignedFields || r.DKIM[0].SignedHeadersOmitted != fields+1-dkim.MaxSignedFields {
		t.Fatalf("h= keeps %d names and counts %d more, want %d and %d", len(r.DKIM[0].SignedHeaders), r.DKIM[0].SignedHeadersOmitted, dkim.MaxSignedFields, fields+1-dkim.MaxSignedFields)
	}
	var names []string
	for _, tag := range r.DKIM[0].Tags {
		if tag.Name == "h" {
			for _, n := range strings.Split(tag.Value, ":") {
				names = append(names, strings.TrimSpace(n))
			}
		}
	}
	for _, f := range dkim.SelectFields(r.Message.Fields, names, r.Message.Fields[0].Offset) {
		if f.Instance > 0 {
			want.Write(dkim.CanonHeader([]byte(f.Raw), "relaxed"))
		}
	}
	stripped := r.DKIM[0].Header.Signature.Canonical
	want.Write([]byte(stripped))
	if got := hex.EncodeToString(want.Sum(nil)); got != computed {
		t.Errorf("header hash %s, want %s computed over every entry", computed, got)
	}
}
