package analyze

import (
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"

	"github.com/headerscope/headerscope/analyze/message"
)

// Summary holds the header fields a person first looks at: raw, unfolded
// but not decoded, and decoded from RFC 2047 encoded-words for display.
// Neither is safe for a terminal yet: render does that.
type Summary struct {
	From      string
	To        string
	Subject   string
	Date      string
	MessageID string
	// FromText and SubjectText are From and Subject with encoded-words
	// (=?utf-8?b?...?=) decoded, in any charset go-message knows; equal to
	// the raw value when there is nothing to decode or it does not decode.
	FromText    string
	SubjectText string
}

// wordDecoder decodes RFC 2047 encoded-words with go-message's charsets
// (ISO-8859-*, windows-125*, ISO-2022-JP, GB18030, ...), not only UTF-8.
var wordDecoder = mime.WordDecoder{CharsetReader: charset.Reader}

func summarize(m *message.Message) Summary {
	first := func(name string) string {
		if fs := m.Header(name); len(fs) > 0 {
			return shownValue(fs[0])
		}
		return ""
	}
	s := Summary{
		From:      first("From"),
		To:        first("To"),
		Subject:   first("Subject"),
		Date:      first("Date"),
		MessageID: first("Message-ID"),
	}
	s.FromText, s.SubjectText = decodeWords(s.From), decodeWords(s.Subject)
	for _, f := range []*string{&s.From, &s.To, &s.Subject, &s.Date, &s.MessageID, &s.FromText, &s.SubjectText} {
		*f = clip(*f)
	}
	return s
}

// MaxSummaryField is how much of a summary field is kept: RFC 5322's line
// limit. A hostile message can carry a Subject of many megabytes, and the
// summary is for reading; the whole field is still verified and shown raw.
const MaxSummaryField = 998

// clip shortens s to MaxSummaryField bytes, on a UTF-8 boundary, saying how
// much was left out.
func clip(s string) string {
	if len(s) <= MaxSummaryField {
		return s
	}
	cut := MaxSummaryField
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
}

// decodeWords decodes encoded-words, keeping the raw text when they do not
// decode (a broken encoded-word is itself worth seeing).
func decodeWords(v string) string {
	if !strings.Contains(v, "=?") {
		return v
	}
	d, err := wordDecoder.DecodeHeader(v)
	if err != nil {
		return v
	}
	return d
}

// shownValue is a field's value as a reader sees it: unfolded (RFC 5322
// section 2.2.3) and without the white space around it.
func shownValue(f message.Field) string {
	return strings.Trim(message.Unfold(f.ValueText()), " \t")
}
