package received

import (
	"testing"
	"time"
)

// TestParseDateWild: dates as MTAs write them that a lenient RFC 5322
// reader (Python's email.utils) reads, and a few it does not but whose
// meaning is plain.
func TestParseDateWild(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Thu, 21 Nov 2024 08:01:48.612 +0000 (UTC)", "2024-11-21T08:01:48.612Z"},
		{"Wed, 26 April 2023 19:43:30 +0000 (UTC)", "2023-04-26T19:43:30Z"},
		{"Tue, 029 Apr 2019 23:34:45 -0800 (PST)", "2019-04-29T23:34:45-08:00"},
		{"Tue, 16 Jul 2013 05:16:35 JST", "2013-07-16T05:16:35Z"}, // unknown zone name: -0000, RFC 5322 section 4.3
		{"Sat, 11 Dec 2010 12:19:59 +0900\r\n  id 0EFECD52.4D02EDDF", "2010-12-11T12:19:59+09:00"},
		{"Mon, 1 Jan 2024 10:00:00 +0000 UTC", "2024-01-01T10:00:00Z"},
		{"Mon, 1 Jan 2024 10:00:00 +0000 (UTC) pod-id NONE", "2024-01-01T10:00:00Z"},
		{"2015-10-29 11:38:32.817089-04:00", "2015-10-29T11:38:32.817089-04:00"},
		{"2023-10-06 19:03:52.833050666 +0000 UTC m=+78116.241726920", "2023-10-06T19:03:52.833050666Z"},
	}
	for _, tt := range tests {
		got, why := parseDate(tt.in)
		if why != "" || got.Format(time.RFC3339Nano) != tt.want {
			t.Errorf("parseDate(%q) = %v, %q; want %s", tt.in, got, why, tt.want)
		}
	}
	for _, bad := range []string{"Mon, 1 Jnu 2024 10:00:00 +0000", "Mon, 1 Janx 2024 10:00:00 +0000", "Mon, 1 Jan 2024 10:00:00.x +0000", "2024-13-01 10:00:00 +0000"} {
		if _, why := parseDate(bad); why == "" {
			t.Errorf("parseDate(%q): no reason to refuse it", bad)
		}
	}
}

// TestParseWild: clause forms outside RFC 5321 that MTAs write.
func TestParseWild(t *testing.T) {
	tests := []struct {
		name, in       string
		from, by, ip   string
		id, date, helo string
	}{
		{"SMTPSVC over TLS", " from OMC1.mail.example ([192.0.2.88]) by MC2.mail.example over TLS secured channel with Microsoft SMTPSVC(7.5.7601.22712);\r\n\t Fri, 21 Nov 2014 14:17:54 -0800",
			"OMC1.mail.example", "MC2.mail.example", "192.0.2.88", "", "2014-11-21T14:17:54-08:00", ""},
		{"from h [ip]", " from unknown [192.0.2.41] (EHLO mx.example.jp) by mx.example.net; Mon, 1 Jan 2024 10:00:00 +0000",
			"unknown", "mx.example.net", "192.0.2.41", "", "2024-01-01T10:00:00Z", "mx.example.jp"},
		{"Courier id after the date", " from mx.example.com (mx.example.com [192.0.2.5])\r\n  by mail.example.net with ESMTP; Sat, 11 Dec 2010 12:19:59 +0900\r\n  id 0EFECD52.4D02EDDF.0000C65A",
			"mx.example.com", "mail.example.net", "192.0.2.5", "0EFECD52.4D02EDDF.0000C65A", "2010-12-11T12:19:59+09:00", ""},
		{"SendGrid: no ';'", " by filterdrecv-9b847b4d8-kgq2m with SMTP id filterdrecv-1-65205A18-A4\r\n        2023-10-06 19:03:52.833050666 +0000 UTC m=+78116.241726920",
			"", "filterdrecv-9b847b4d8-kgq2m", "", "filterdrecv-1-65205A18-A4", "2023-10-06T19:03:52.833050666Z", ""},
		{"SendGrid: no ';', RFC 5322 date", " from MzY0MzAwMTk (unknown)\r\n\tby geopod-ismtpd-5 (SG) with HTTP\r\n\tid 40sPvF0iSPytnBjhuFVWYg\r\n\tFri, 06 Oct 2023 19:03:52.738 +0000 (UTC)",
			"MzY0MzAwMTk", "geopod-ismtpd-5", "", "40sPvF0iSPytnBjhuFVWYg", "2023-10-06T19:03:52.738Z", ""},
	}
	for _, tt := range tests {
		r := Parse(tt.in)
		ip := ""
		if r.IP.IsValid() {
			ip = r.IP.String()
		}
		date := ""
		if !r.Date.IsZero() {
			date = r.Date.Format(time.RFC3339Nano)
		}
		if r.From != tt.from || r.By != tt.by || ip != tt.ip || r.ID != tt.id || date != tt.date || (tt.helo != "" && r.HELO != tt.helo) || len(r.Problems) > 0 {
			t.Errorf("%s: from %q by %q ip %q id %q date %q helo %q problems %v;\nwant from %q by %q ip %q id %q date %q helo %q",
				tt.name, r.From, r.By, ip, r.ID, date, r.HELO, r.Problems, tt.from, tt.by, tt.ip, tt.id, tt.date, tt.helo)
		}
	}
}
