package dmarc

import (
	"fmt"
	"io"
	"mime"
	"net/mail"
	"strings"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/message"
)

// From is the RFC5322.From author as DMARC reads it (RFC 7489 section
// 6.6.1).
type From struct {
	// Domain is the author domain in the form DMARC looks up: lower case,
	// without a final dot, and in A-labels (RFC 5890) when it was written
	// with Unicode. Empty when there is none; Problem then says why.
	Domain  string
	Problem string
	// Address is the author address as read.
	Address string
	// Lenient says, when the field is not valid RFC 5322, what was wrong
	// with it and that it was read as receivers read it; empty for a
	// conforming field.
	Lenient string
	// Unicode is the domain as written, when it is an internationalized
	// domain name whose A-label form differs.
	Unicode string
	// Lookalike lists reasons the domain may be meant to look like
	// another: mixed scripts, characters that map to ASCII, confusables.
	Lookalike []string
}

// ReadFrom reads the RFC5322.From author domain. A field net/mail cannot
// parse is read again leniently, the way receivers read it (an unquoted
// comma or dot in the display name, white space before ">", a quoted
// address): DMARC must find the author domain whenever a receiver would,
// or the policy of a sender who writes sloppy From fields, or of a forger
// who does so on purpose, would never apply. signers are the d= domains
// of the message's signatures, for the look-alike check.
func ReadFrom(m *message.Message, signers []string) From {
	fs := m.Header("From")
	switch {
	case len(fs) == 0:
		return From{Problem: "the message has no From field, so there is no author domain to evaluate (RFC 7489 section 6.6.1)"}
	case len(fs) > 1:
		return From{Problem: fmt.Sprintf("the message has %d From fields (lines %s): RFC 5322 section 3.6 allows one, and DMARC cannot pick an author domain (RFC 7489 section 6.6.1)", len(fs), lines(fs))}
	}
	line := fs[0].Line
	value := strings.TrimSpace(message.Unfold(fs[0].ValueText()))
	var r From
	var addrs []string
	if list, err := (&mail.AddressParser{WordDecoder: anyCharset}).ParseList(value); err == nil {
		for _, a := range list {
			addrs = append(addrs, a.Address)
		}
	} else {
		var quirks []string
		addrs, quirks = lenientList(value)
		if len(quirks) == 0 {
			quirks = []string{"it does not follow the RFC 5322 address syntax"}
		}
		r.Lenient = fmt.Sprintf("the From field on line %d is not valid RFC 5322 (%s); it was read leniently, as receivers read it", line, strings.Join(quirks, "; "))
	}
	domains := map[string]bool{}
	for _, a := range addrs {
		if a == "" {
			r.Problem = fmt.Sprintf("the From field on line %d has an empty address (<>), so there is no author domain to evaluate", line)
			return r
		}
		at := strings.LastIndexByte(a, '@')
		if at < 0 || at == len(a)-1 {
			r.Problem = fmt.Sprintf("the From address %q on line %d has no domain, so there is no author domain to evaluate", a, line)
			return r
		}
		d := strings.TrimSuffix(strings.ToLower(a[at+1:]), ".")
		if r.Domain == "" {
			r.Domain, r.Address = d, a
		}
		domains[d] = true
	}
	switch {
	case len(addrs) == 0:
		r.Domain = ""
		r.Problem = fmt.Sprintf("no address could be read in the From field on line %d, even leniently, so there is no author domain to evaluate", line)
		return r
	case len(domains) > 1:
		r.Domain = ""
		r.Problem = fmt.Sprintf("the From field on line %d holds %d addresses in %d domains: DMARC cannot pick one author domain (RFC 7489 section 6.6.1)", line, len(addrs), len(domains))
		return r
	}
	// RFC 7489 section 6.6.1 leaves several addresses in one domain to
	// the receiver; evaluating that one domain is what OpenDMARC does.
	r.idn(signers)
	if r.Domain != "" && !dkim.ValidDomain(r.Domain) {
		if strings.Contains(r.Domain, "..") || strings.HasPrefix(r.Domain, ".") || len(r.Domain) > 253 || strings.ContainsAny(r.Domain, "\"\\()<>[];@") {
			r.Problem = fmt.Sprintf("the From domain %q on line %d is not a domain name DNS can be asked about, so there is no policy to look up", r.Domain, line)
			r.Domain = ""
			return r
		}
		// RFC 2181 section 11: DNS labels may hold any octet, and a
		// receiver asks for _dmarc.<domain> as written ("%shop.example").
		note := fmt.Sprintf("the From domain %q on line %d is not a valid host name (RFC 1035 section 2.3.1); its policy is looked up as written, as a receiver would", r.Domain, line)
		if r.Lenient != "" {
			note = r.Lenient + "; " + note
		}
		r.Lenient = note
	}
	return r
}

func lines(fs []message.Field) string {
	var b []string
	for _, f := range fs {
		b = append(b, fmt.Sprint(f.Line))
	}
	return strings.Join(b, ", ")
}

// anyCharset decodes RFC 2047 encoded words in any charset without
// converting them: only the address matters here, and a display name in an
// unknown charset must not make the From field unparseable.
var anyCharset = &mime.WordDecoder{CharsetReader: func(_ string, in io.Reader) (io.Reader, error) { return in, nil }}
