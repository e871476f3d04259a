package received

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

// check asserts the invariants every parse must keep: offsets within
// bounds and each Raw equal to the input slice at its Offset.
func check(t *testing.T, in string, r *Received) {
	t.Helper()
	if r == nil || r.Raw != in {
		t.Fatalf("Parse(%q): Raw differs from the input", in)
	}
	slice := func(what, raw string, off int) {
		if off < 0 || off+len(raw) > len(in) || in[off:off+len(raw)] != raw {
			t.Errorf("Parse(%q): %s %q at offset %d is not the input there", in, what, raw, off)
		}
	}
	for _, c := range r.Clauses {
		slice("clause", c.Raw, c.Offset)
		for _, cm := range c.Comments {
			slice("comment", cm.Raw, cm.Offset)
		}
	}
	for _, cm := range r.Comments {
		slice("comment", cm.Raw, cm.Offset)
	}
	if r.DateOffset >= 0 {
		slice("date", r.DateRaw, r.DateOffset)
	}
	for _, p := range r.Problems {
		if p.Offset < 0 || p.Offset > len(in) {
			t.Errorf("Parse(%q): problem %q at %d out of bounds", in, p.Text, p.Offset)
		}
	}
}

type want struct {
	from, helo, rev, ip, by, via, with, id, forAddr string
	date                                            string // RFC 3339, "" for zero
	clauses                                         string // clause names in order
}

func TestParseDialects(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want want
	}{
		{
			name: "postfix",
			in: " from mail.example.com (mail.example.com [192.0.2.1])\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\r\n\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\r\n" +
				"\t(No client certificate requested)\r\n\tby mx.example.net (Postfix) with ESMTPS id 4T1AbC2dEfz9sXY\r\n\tfor <bob@example.net>; Mon,  1 Jan 2024 10:00:00 +0100 (CET)",
			want: want{from: "mail.example.com", helo: "mail.example.com", rev: "mail.example.com", ip: "192.0.2.1", by: "mx.example.net", with: "ESMTPS",
				id: "4T1AbC2dEfz9sXY", forAddr: "bob@example.net", date: "2024-01-01T10:00:00+01:00", clauses: "from by with id for"},
		},
		{
			name: "postfix unknown reverse ipv6",
			in:   " from helo.example.org (unknown [IPv6:2001:db8::25]) by mx.example.net (Postfix) with ESMTP id 1A2B3C; Tue, 2 Jan 2024 03:04:05 -0000",
			want: want{from: "helo.example.org", helo: "helo.example.org", rev: "unknown", ip: "2001:db8::25", by: "mx.example.net", with: "ESMTP",
				id: "1A2B3C", date: "2024-01-02T03:04:05Z", clauses: "from by with id"},
		},
		{
			name: "exim no reverse",
			in:   " from [192.0.2.7] (helo=laptop.example.com)\n\tby mx.example.net with esmtpsa  (TLS1.3) tls TLS_AES_256_GCM_SHA384\n\t(Exim 4.96)\n\t(envelope-from <alice@example.com>)\n\tid 1rAbCd-000123-4x\n\tfor bob@example.net;\n\tWed, 03 Jan 2024 12:00:00 +0000",
			want: want{from: "[192.0.2.7]", helo: "laptop.example.com", ip: "192.0.2.7", by: "mx.example.net", with: "esmtpsa",
				id: "1rAbCd-000123-4x", forAddr: "bob@example.net", date: "2024-01-03T12:00:00Z", clauses: "from by with id for"},
		},
		{
			name: "exim reverse differs from helo",
			in:   " from host.example.org ([198.51.100.9]:41234 helo=mail.example.com) by mx.example.net with esmtp (Exim 4.97) id 1rX; Thu, 4 Jan 2024 00:00:00 +0000",
			want: want{from: "host.example.org", helo: "mail.example.com", rev: "host.example.org", ip: "198.51.100.9", by: "mx.example.net", with: "esmtp",
				id: "1rX", date: "2024-01-04T00:00:00Z", clauses: "from by with id"},
		},
		{
			name: "sendmail may be forged",
			in:   " from mail.example.com (host.example.org [192.0.2.3] (may be forged))\n\tby mx.example.net (8.17.1/8.17.1) with ESMTPS id 403AbCdE012345\n\t(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT)\n\tfor <bob@example.net>; Fri, 5 Jan 2024 08:09:10 -0500",
			want: want{from: "mail.example.com", helo: "mail.example.com", rev: "host.example.org", ip: "192.0.2.3", by: "mx.example.net", with: "ESMTPS",
				id: "403AbCdE012345", forAddr: "bob@example.net", date: "2024-01-05T08:09:10-05:00", clauses: "from by with id for"},
		},
		{
			name: "microsoft 365",
			in: " from DM6PR01MB1234.namprd01.prod.outlook.example (2603:10b6:5:123::45) by\r\n BN6PR01MB5678.namprd01.prod.outlook.example (2603:10b6:405:1::2) with\r\n Microsoft SMTP Server (version=TLS1_2,\r\n" +
				" cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7452.28; Mon, 1 Jan 2024\r\n 10:00:00 +0000",
			want: want{from: "DM6PR01MB1234.namprd01.prod.outlook.example", helo: "DM6PR01MB1234.namprd01.prod.outlook.example", ip: "2603:10b6:5:123::45",
				by: "BN6PR01MB5678.namprd01.prod.outlook.example", with: "Microsoft", id: "15.20.7452.28", date: "2024-01-01T10:00:00Z", clauses: "from by with id"},
		},
		{
			name: "microsoft frontend transport",
			in:   " from mail.example.com (192.0.2.44) by SN1PEPF0002.mail.protection.outlook.example\n (10.167.242.64) with Microsoft SMTP Server (version=TLS1_3,\n cipher=TLS_AES_256_GCM_SHA384) id 15.20.7677.15 via Frontend Transport; Mon, 1 Jan 2024 10:00:01 +0000",
			want: want{from: "mail.example.com", helo: "mail.example.com", ip: "192.0.2.44", by: "SN1PEPF0002.mail.protection.outlook.example", via: "Frontend Transport",
				with: "Microsoft", id: "15.20.7677.15", date: "2024-01-01T10:00:01Z", clauses: "from by with id via"},
		},
		{
			name: "gmail internal",
			in:   " by 2002:a05:6a10:a1b2:b0:5c1:2345:6789 with SMTP id ab12cd34csp567890pxb;\r\n        Mon, 1 Jan 2024 02:03:04 -0800 (PST)",
			want: want{by: "2002:a05:6a10:a1b2:b0:5c1:2345:6789", with: "SMTP", id: "ab12cd34csp567890pxb", date: "2024-01-01T02:03:04-08:00", clauses: "by with id"},
		},
		{
			name: "gmail inbound",
			in:   " from mail.example.com (mail.example.com. [192.0.2.1])\r\n        by mx.gmail.example with ESMTPS id a1b2c3d4e5f6.123.2024.01.01.02.03.04\r\n        for <bob@example.net>\r\n        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\r\n        Mon, 01 Jan 2024 02:03:04 -0800 (PST)",
			want: want{from: "mail.example.com", helo: "mail.example.com", rev: "mail.example.com.", ip: "192.0.2.1", by: "mx.gmail.example", with: "ESMTPS",
				id: "a1b2c3d4e5f6.123.2024.01.01.02.03.04", forAddr: "bob@example.net", date: "2024-01-01T02:03:04-08:00", clauses: "from by with id for"},
		},
		{
			name: "qmail invoked",
			in:   " (qmail 1234 invoked from network); 1 Jan 2024 10:00:00 -0000",
			want: want{date: "2024-01-01T10:00:00Z"},
		},
		{
			name: "qmail helo",
			in:   " from unknown (HELO mail.example.com) (192.0.2.5)\n  by mx.example.net with SMTP; 1 Jan 2024 10:00:00 -0000",
			want: want{from: "unknown", helo: "mail.example.com", rev: "unknown", ip: "192.0.2.5", by: "mx.example.net", with: "SMTP",
				date: "2024-01-01T10:00:00Z", clauses: "from by with"},
		},
		{
			name: "yahoo bare address",
			in:   " from 192.0.2.10 (EHLO mail.example.com)\r\n  by mta1.mail.example.net with SMTP; Mon, 01 Jan 2024 10:00:00 +0000",
			want: want{from: "192.0.2.10", helo: "mail.example.com", ip: "192.0.2.10", by: "mta1.mail.example.net", with: "SMTP",
				date: "2024-01-01T10:00:00Z", clauses: "from by with"},
		},
		{
			name: "obsolete date forms",
			in:   " from a.example.com by b.example.net; 1 Jan 99 10:00 EST",
			want: want{from: "a.example.com", helo: "a.example.com", by: "b.example.net", date: "1999-01-01T10:00:00-05:00", clauses: "from by"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Parse(tt.in)
			check(t, tt.in, r)
			if len(r.Problems) != 0 {
				t.Errorf("Parse(%q).Problems = %+v, want none", tt.in, r.Problems)
			}
			var names []string
			for _, c := range r.Clauses {
				names = append(names, c.Name)
			}
			ip := ""
			if r.IP.IsValid() {
				ip = r.IP.String()
			}
			date := ""
			if !r.Date.IsZero() {
				date = r.Date.Format(time.RFC3339)
			}
			got := want{r.From, r.HELO, r.ReverseName, ip, r.By, r.Via, r.With, r.ID, r.For, date, strings.Join(names, " ")}
			if got != tt.want {
				t.Errorf("Parse(%q) =\n%+v\nwant\n%+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseComments(t *testing.T) {
	in := " (qmail 1234 invoked by uid 89); 1 Jan 2024 10:00:00 -0000"
	r := Parse(in)
	check(t, in, r)
	if len(r.Comments) != 1 || r.Comments[0].Text != "qmail 1234 invoked by uid 89" || r.Comments[0].Offset != 1 {
		t.Errorf("Parse(%q).Comments = %+v", in, r.Comments)
	}
	in = " from a.example.com (a.example.com [192.0.2.1]) (Authenticated sender: user@example.com) by b.example.net (Postfix) with ESMTPSA id X; 1 Jan 2024 10:00:00 -0000"
	r = Parse(in)
	check(t, in, r)
	from := r.Clause("from")
	if from == nil || len(from.Comments) != 2 || from.Comments[1].Text != "Authenticated sender: user@example.com" {
		t.Errorf("Parse(%q) from clause = %+v", in, from)
	}
	if by := r.Clause("BY"); by == nil || by.Raw != "by b.example.net (Postfix)" {
		t.Errorf("Parse(%q) by clause = %+v", in, by)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		in   string
		mark string // "" means the end of the input
		text string
	}{
		{" from a.example.com by b.example.net", "", `expected ";" and a date at the end`},
		{" from a.example.com by b.example.net;  ", "", `expected a date after ";"`},
		{" from a.example.com by b.example.net; Mon, 32 Jan 2024 10:00:00 +0000", "Mon", `date "Mon, 32 Jan 2024 10:00:00 +0000" does not parse: bad day "32"`},
		{" from a.example.com by b.example.net; 30 Feb 2024 10:00:00 +0000", "30 Feb", `date "30 Feb 2024 10:00:00 +0000" does not parse: day 30 does not exist in February 2024`},
		{" from a.example.com by b.example.net; 1 Foo 2024 10:00:00 +0000", "1 Foo", `date "1 Foo 2024 10:00:00 +0000" does not parse: bad month "Foo"`},
		{" from a.example.com by b.example.net; 1 Jan 2024 25:00:00 +0000", "1 Jan", `date "1 Jan 2024 25:00:00 +0000" does not parse: bad time "25:00:00"`},
		{" from a.example.com by b.example.net; 1 Jan 2024 10:00:00", "1 Jan", `date "1 Jan 2024 10:00:00" does not parse: missing zone`},
		{" from a.example.com by b.example.net; 1 Jan 2024 10:00:00 +0000 junk1", "1 Jan", `date "1 Jan 2024 10:00:00 +0000 junk1" does not parse: unexpected "junk1" after the zone`},
		{" garbage from a.example.com; 1 Jan 2024 10:00:00 +0000", "garbage", `expected a clause (from, by, via, with, id, for), found "garbage"`},
		{" from a.example.com (unterminated; 1 Jan 2024", "(unterminated", "unterminated comment"},
	}
	for _, tt := range tests {
		r := Parse(tt.in)
		check(t, tt.in, r)
		off := len(tt.in)
		if tt.mark != "" {
			off = strings.Index(tt.in, tt.mark)
		}
		if len(r.Problems) == 0 || r.Problems[0].Offset != off || r.Problems[0].Text != tt.text {
			t.Errorf("Parse(%q).Problems = %+v, want first {%d %s}", tt.in, r.Problems, off, tt.text)
		}
		if c := r.Clause("from"); c == nil || c.Value != "a.example.com" {
			t.Errorf("Parse(%q): from clause %+v, want it parsed despite the problem", tt.in, c)
		}
	}
	p := Problem{Offset: 7, Text: "x"}
	if p.Error() != "received: offset 7: x" {
		t.Errorf("Error() = %q", p.Error())
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mon, 1 Jan 2024 10:00:00 +0000", "2024-01-01T10:00:00Z"},
		{"1 Jan 2024 10:00 +0530", "2024-01-01T10:00:00+05:30"},
		{"Monday, 01 Jan 2024 10:00:00 GMT", "2024-01-01T10:00:00Z"},
		{"Mon, 1 Jan 2024 10:00:00 +0000 (UTC)", "2024-01-01T10:00:00Z"},
		{"Mon, 1 Jan 2024 10:00:00 +0000 UTC", "2024-01-01T10:00:00Z"},
		{"Mon (x), 1 (y) Jan 2024 10:00:00 PDT", "2024-01-01T10:00:00-07:00"},
		{"1 jan 049 10:00:00 Z", "1949-01-01T10:00:00Z"},
		{"1 Jan 24 10:00:00 A", "2024-01-01T10:00:00Z"},
		{"Mon Jan  1 10:00:00 2024 -0800", "2024-01-01T10:00:00-08:00"},
		{"Sat, 31 Dec 2016 23:59:60 +0000", "2017-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		got, why := parseDate(tt.in)
		if why != "" || got.Format(time.RFC3339) != tt.want {
			t.Errorf("parseDate(%q) = %v, %q; want %s", tt.in, got, why, tt.want)
		}
	}
	if _, why := parseDate("Mon, 1 Jan 2024 10:00:00 +2A00"); why != `bad zone "+2A00"` {
		t.Errorf("parseDate(bad zone) reason = %q", why)
	}
	if _, why := parseDate("1 Jan 2024 10:00:00 J"); why == "" {
		t.Errorf("parseDate with zone J: no reason to refuse it, want one (J is not a military zone)")
	}
	if _, why := parseDate("Mon Jan  1 10:00:00 2024"); why != "missing zone" {
		t.Errorf("parseDate(asctime without zone) reason = %q, want \"missing zone\"", why)
	}
}

func TestIP(t *testing.T) {
	r := Parse(" from x.example.com ([IPv6:::ffff:192.0.2.9]) by y.example.net; 1 Jan 2024 10:00:00 +0000")
	if r.IP != netip.MustParseAddr("192.0.2.9") {
		t.Errorf("IP = %v, want 192.0.2.9 (IPv4-mapped unmapped)", r.IP)
	}
}
