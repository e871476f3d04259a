package analyze

import (
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/message"
)

func TestSummarize(t *testing.T) {
	raw := "From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.com>\r\n" +
		"Subject: =?UTF-8?B?w4lsw6lnYW50?=\r\n =?iso-2022-jp?B?GyRCJUYlOSVIGyhC?=\r\n" +
		"To: bob@example.org\r\n\r\n"
	s := summarize(message.Parse([]byte(raw)))
	if s.FromText != "André <andre@example.com>" {
		t.Errorf("FromText = %q", s.FromText)
	}
	if s.SubjectText != "Élégantテスト" {
		t.Errorf("SubjectText = %q", s.SubjectText)
	}
	if s.Subject != "=?UTF-8?B?w4lsw6lnYW50?= =?iso-2022-jp?B?GyRCJUYlOSVIGyhC?=" {
		t.Errorf("Subject (raw, unfolded) = %q", s.Subject)
	}
	if got := decodeWords("=?bogus?Q?x?="); got != "=?bogus?Q?x?=" {
		t.Errorf("an undecodable word became %q", got)
	}
}

func TestSummaryClipped(t *testing.T) {
	long := strings.Repeat("é", 600) // 1200 bytes
	s := summarize(message.Parse([]byte("Subject: " + long + "\r\n\r\n")))
	want := strings.Repeat("é", 499) + "… (202 more bytes)"
	if s.Subject != want || s.SubjectText != want {
		t.Errorf("clipped Subject = %q, want %q", s.Subject, want)
	}
}
