package dmarc

import (
	"strings"

	"golang.org/x/net/publicsuffix"
)

// OrgDomainer finds the Organizational Domain of a domain name (RFC 7489
// section 3.2). It is an interface so that DMARCbis's DNS tree walk
// (draft-ietf-dmarc-dmarcbis section 4.10) can replace the public suffix
// list without touching the evaluation.
type OrgDomainer interface {
	// OrgDomain returns the Organizational Domain of domain, in lower
	// case; domain itself when none can be found.
	OrgDomain(domain string) string
	// Name says which method is used, for display.
	Name() string
}

// PublicSuffix is the OrgDomainer of RFC 7489 section 3.2: the public
// suffix (from the list compiled into golang.org/x/net/publicsuffix) plus
// one label.
type PublicSuffix struct{}

// OrgDomain returns the public suffix of domain plus one label. A name that
// is itself a public suffix is its own Organizational Domain. Names under a
// top-level domain the list does not know (such as .example, RFC 2606)
// follow the list's default rule "*": the TLD plus one label.
func (PublicSuffix) OrgDomain(domain string) string {
	d := strings.TrimSuffix(strings.ToLower(domain), ".")
	org, err := publicsuffix.EffectiveTLDPlusOne(d)
	if err != nil {
		return d
	}
	return org
}

// Name names the method.
func (PublicSuffix) Name() string { return "public suffix list (RFC 7489 section 3.2)" }
