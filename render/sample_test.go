package render

import (
	"net/netip"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/authres"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dmarc"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/received"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/spf"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// sampleReport builds by hand a report with one failing signature, with
// short values so that a test can put hostile text into any one field and
// find it in the output.
func sampleReport() *analyze.Report {
	s := ""
	ts := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	l := int64(120)
	key := "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx" + s + "1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	r := &dkim.Result{
		Kind:    dkim.KindDKIM,
		Index:   0,
		Line:    4,
		Field:   "DKIM-Signature: v=1; a=rsa-sha256; d=example.com;\r\n\ts=" + s + "; bh=abc=;\r\n\tb=xyz=\r\n",
		Verdict: verdict.Fail,
		Reason:  "body hash mismatch " + s,
		Domain:  "example.com" + s, Selector: "sel" + s, Algorithm: "rsa-sha256",
		Canonicalization: "relaxed/simple", Identity: "@example.com" + s,
		SignedHeaders: []string{"from", "subject" + s, "date", "from"},
		Timestamp:     &ts, Length: &l,
		Tags: []dkim.Tag{
			{Name: "v", Value: "1", Raw: "v=1", Meaning: "The version of the DKIM specification.", Section: "RFC 6376 section 3.5"},
			{Name: "d", Value: "example.com" + s, Raw: "d=example.com" + s, Offset: 20, Meaning: "The signing domain.", Section: "RFC 6376 section 3.5"},
			{Name: "x" + s, Value: s, Raw: "x" + s + "=" + s, Problem: "unknown tag " + s},
			{Name: "b", Value: "dGhpcyBpcyBhIHZlcnkgbG9uZyBzaWduYXR1cmUgdmFsdWUgdGhhdCBtdXN0IGJlIHdyYXBwZWQgYW5kIG5vdCBjdXQgYXQgYWxsIGJ5IHRoZSByZW5kZXJlcg==", Meaning: "The signature data."},
		},
		Notes: []dkim.Note{{Level: dkim.Warning, Tag: "l", Text: "content after l= is unsigned " + s}},
		Body: dkim.BodyCheck{
			Status: dkim.Mismatch, Canonicalization: "simple", Algorithm: "sha256",
			Claimed: "2jmj7l5rSw0yVb/vlWAYkK/YBwk" + s, Computed: "2jmj7l5rSw0yVb/vlWAYkK/YBwl=",
			RawLength: 150, CanonicalLength: 150, HashedLength: 120, Unsigned: 30,
			Lines: []dkim.CanonLine{
				{Line: 10, Raw: "Hello " + s + " \t\r\n", Canonical: "Hello " + s + " \t\r\n"},
				{Line: 11, Raw: "bare lf\n", Canonical: "bare lf\r\n"},
				{Line: 12, Raw: "\r\n", Removed: true},
			},
			Detail: "computed " + s,
		},
		Header: dkim.HeaderCheck{
			Status: dkim.Match, Canonicalization: "relaxed", Algorithm: "sha256",
			Fields: []dkim.SignedField{
				{Name: "from", Instance: 1, Line: 2, Raw: "From: Alice " + s + "\r\n <alice@example.com>\r\n", Canonical: "from:Alice " + s + " <alice@example.com>\r\n"},
				{Name: "subject" + s, Instance: 0},
			},
			Signature: dkim.SignedField{Name: "dkim-signature", Instance: 1, Line: 4, Raw: "DKIM-Signature: s=" + s + "; b=\r\n", Canonical: "dkim-signature:s=" + s + "; b="},
			Computed:  "aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899",
			Claimed:   "aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899",
			Detail:    "ok " + s,
		},
		Key: &dkim.Key{Record: "v=DKIM1; p=" + key, Type: "rsa", Bits: 2048, Notes: s, Problem: "weird " + s,
			Tags: []dkim.Tag{{Name: "p", Value: key, Raw: "p=" + key}}},
		DNS: &dns.Trace{
			Query: "sel" + s + "._domainkey.example.com", Type: "TXT", Server: "zone file x.zone", Transport: "zone",
			Rcode: "NOERROR", Outcome: dns.OK,
			CNAMEs:  []dns.Hop{{From: "sel._domainkey.example.com", To: "sel-example-com" + s + "._domainkey.example.net", TTL: 300}},
			Records: []dns.Record{{Type: "TXT", TTL: 300, Strings: []string{"v=DKIM1; k=rsa; " + s, "p=" + key}}},
			Detail:  "detail " + s, Duration: 1500 * time.Microsecond,
		},
	}
	seal := &arc.Seal{Verdict: verdict.Fail, Reason: "seal did not verify", Line: 1, Instance: 1, CV: "none",
		Domain: "example.org", Selector: "arc", Algorithm: "rsa-sha256", Field: "ARC-Seal: i=1; cv=none\r\n",
		TagReader: dkim.TagReader{Tags: []dkim.Tag{{Name: "cv", Value: "none", Raw: "cv=none", Meaning: "chain validation status", Section: "RFC 8617 section 4.1.3"}},
			Notes: []dkim.Note{{Level: dkim.Warning, Tag: "a", Text: "odd algorithm"}}},
		Header: dkim.HeaderCheck{Status: dkim.Mismatch, Canonicalization: "relaxed", Algorithm: "sha256",
			Fields:    []dkim.SignedField{{Name: "arc-authentication-results", Instance: 1, Line: 3, Raw: "ARC-Authentication-Results: i=1\r\n", Canonical: "arc-authentication-results:i=1\r\n"}},
			Signature: dkim.SignedField{Name: "arc-seal", Instance: 1, Line: 1, Raw: "ARC-Seal: i=1; b=\r\n", Canonical: "arc-seal:i=1; b="},
			Claimed:   "00112233", Computed: "00112244", Detail: "seal detail"},
		DNS: &dns.Trace{Query: "arc._domainkey.example.org", Type: "TXT", Outcome: dns.OK, Rcode: "NOERROR",
			Records: []dns.Record{{Type: "TXT", TTL: 300, Strings: []string{"v=DKIM1; p=" + key}}}},
		Key: &dkim.Key{Type: "rsa", Bits: 2048, Tags: []dkim.Tag{{Name: "p", Value: key, Raw: "p=" + key}}}}
	idx := 0
	delay := 3 * time.Second
	claims := &recheck.Result{AuthenticationResults: []recheck.Entry{{
		Field: "Authentication-Results", AuthServID: "mx.example.net", Line: 2, Trusted: true,
		TrustReason: "added by the receiving host",
		Results: []recheck.Claim{{Method: "dkim", Result: "pass", Raw: "dkim=pass",
			Recheck: recheck.Recheck{Result: verdict.Fail, Status: recheck.Disagrees, Reason: "claimed pass, re-verified fail", DKIMIndex: &idx}}},
		Problems: []authres.Problem{{Offset: 3, Text: "odd"}},
		Raw:      "Authentication-Results: mx.example.net; dkim=pass\r\n",
	}},
	}
	claims.AuthenticationResults[0].Results[0].Properties = map[string]string{"header.d": "example.com"}
	claims.AuthenticationResults[0].Results[0].Reason = "good"
	aar := "i=1; lists.example.org; spf=pass smtp.mailfrom=example.com"
	_, parsed := authres.ParseARC(aar)
	return &analyze.Report{
		ARC: &arc.Result{Verdict: verdict.Pass, Reason: "chain of 1 set validates",
			Sets: []*arc.Set{{Instance: 1, CV: "none", Seal: seal, MessageSignature: r,
				AAR: &arc.AAR{Line: 3, Instance: 1, AuthServID: "lists.example.org", Value: aar, Raw: "ARC-Authentication-Results: " + aar + "\r\n", Parsed: parsed}}},
			Problems: []arc.Problem{{Instance: 1, Field: "ARC-Seal", Line: 1, Text: "note"}}},
		Claims: claims,
		DMARC: &dmarc.Result{Verdict: verdict.Fail, Reason: "no aligned pass", Policy: "reject", PolicyTag: "p", Percent: 100,
			Disposition: "rejected", FromDomain: "example.com", OrgDomain: "example.com", OrgMethod: "public suffix list",
			RecordName: "_dmarc.example.com",
			Record: &dmarc.Record{Raw: "v=DMARC1; p=reject", Tags: []dmarc.Tag{{Name: "v", Value: "DMARC1", Raw: "v=DMARC1", Known: true},
				{Name: "p", Value: "reject", Raw: "p=reject", Known: true}}, Problems: []string{"odd tag"}},
			Alignments: []dmarc.Alignment{{Method: "dkim", Domain: "example.com", Selector: "sel", Result: verdict.Fail, Mode: "relaxed", Aligned: true, Reason: "d= is the From domain"}},
			DNS: []*dns.Trace{{Query: "_dmarc.example.com", Type: "TXT", Outcome: dns.OK, Rcode: "NOERROR",
				Records: []dns.Record{{Type: "TXT", TTL: 300, Strings: []string{"v=DMARC1; p=reject"}}}}},
			Notes: []string{"a note"}},
		SPF: &spf.Result{Verdict: verdict.Pass, Reason: "ip4 matched", Identity: "mailfrom", Domain: "example.com",
			Input:     spf.Input{IP: netip.MustParseAddr("192.0.2.1"), IPSource: "Received line 1", MailFrom: "bounce@example.com", MailFromSource: "smtp.mailfrom", HELO: "mx.example.com"},
			Mechanism: "ip4:192.0.2.0/24", Path: []string{"include:_spf.example.com"},
			DNS: []*dns.Trace{{Query: "example.com", Type: "TXT", Outcome: dns.OK, Rcode: "NOERROR",
				Records: []dns.Record{{Type: "TXT", TTL: 300, Strings: []string{"v=spf1 include:_spf.example.com -all"}}}}}},
		Received: &received.Chain{Hops: []received.Hop{
			{Index: 0, Line: 1, From: "mail.example.com", HELO: "helo.example.com", ReverseName: "rdns.example.com", IP: "192.0.2.1",
				By: "mx.example.net", With: "ESMTPS", ID: "abc", For: "<bob@example.net>", Date: &ts, Delay: &delay, Boundary: true,
				Problems: []received.Problem{{Offset: 4, Text: "odd"}}},
			{Index: 1, Line: 9, From: "localhost", By: "mail.example.com", Via: "x", Date: &ts},
		},
			Receiving: received.Receiving{Hop: 0, ConnectingIP: "192.0.2.1", HELO: "helo.example.com", Receiver: "mx.example.net", ReceiverOrg: "example.net", Arrival: &ts, Heuristic: "first hop from outside"}},
		Summary:  analyze.Summary{From: "Alice " + s + " <alice@example.com>", Subject: "Hi " + s, Date: "Mon, 30 Nov 2026 12:00:00 +0000" + s},
		Size:     400,
		LineEnds: message.LineEnds{CRLF: 10, BareLF: 1},
		Problems: []message.Problem{{Line: 3, Text: "header line without a colon ignored: " + s}},
		Resolver: "zone file x.zone",
		Now:      time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		DKIM:     []*dkim.Result{r},
	}
}
