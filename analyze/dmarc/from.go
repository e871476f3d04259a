package dmarc

import (
	"fmt"
	"io"
	"mime"
	"net/mail"
	"strings"

	"github.com/headerscope/headerscope/analyze/message"
)

// FromDomain finds the RFC5322.From domain that DMARC evaluates. RFC 7489
// section 6.6.1: a message with no From field, several From fields, or a
// From field with several addresses has no single author domain, and the
// receiver may reject it or apply no DMARC; problem says which in words,
// and domain is then empty.
func FromDomain(m *message.Message) (domain string, problem string) {
	fs := m.Header("From")
	switch {
	case len(fs) == 0:
		return "", "the message has no From field, so there is no author domain to evaluate (RFC 7489 section 6.6.1)"
	case len(fs) > 1:
		return "", fmt.Sprintf("the message has %d From fields (lines %s): RFC 5322 section 3.6 allows one, and DMARC cannot pick an author domain (RFC 7489 section 6.6.1)", len(fs), lines(fs))
	}
	value := unfold(string(fs[0].Value()))
	addrs, err := (&mail.AddressParser{WordDecoder: anyCharset}).ParseList(value)
	if err != nil {
		return "", fmt.Sprintf("the From field on line %d does not parse as an address list (%v), so there is no author domain to evaluate", fs[0].Line, err)
	}
	domains := map[string]bool{}
	var first string
	for _, a := range addrs {
		at := strings.LastIndexByte(a.Address, '@')
		if at < 0 {
			return "", fmt.Sprintf("the From address %q on line %d has no domain", a.Address, fs[0].Line)
		}
		d := strings.TrimSuffix(strings.ToLower(a.Address[at+1:]), ".")
		if first == "" {
			first = d
		}
		domains[d] = true
	}
	switch {
	case len(addrs) == 0:
		return "", fmt.Sprintf("the From field on line %d holds no address", fs[0].Line)
	case len(domains) > 1:
		return "", fmt.Sprintf("the From field on line %d holds %d addresses in %d domains: DMARC cannot pick one author domain (RFC 7489 section 6.6.1)", fs[0].Line, len(addrs), len(domains))
	}
	// RFC 7489 section 6.6.1 leaves several addresses in one domain to
	// the receiver; evaluating that one domain is what OpenDMARC does.
	return first, ""
}

func lines(fs []message.Field) string {
	var b []string
	for _, f := range fs {
		b = append(b, fmt.Sprint(f.Line))
	}
	return strings.Join(b, ", ")
}

// unfold removes the line ends of a folded field value (RFC 5322 section
// 2.2.3).
func unfold(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "")
	s = strings.ReplaceAll(s, "\n", "")
	return strings.TrimSpace(s)
}

// anyCharset decodes RFC 2047 encoded words in any charset without
// converting them: only the address matters here, and a display name in an
// unknown charset must not make the From field unparseable.
var anyCharset = &mime.WordDecoder{CharsetReader: func(_ string, in io.Reader) (io.Reader, error) { return in, nil }}
