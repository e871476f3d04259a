package authres

import "strings"

// properties holds the ptype.property pairs of the IANA "Email
// Authentication Methods" registry, with the general meaning of each.
var properties = map[string]explanation{
	"smtp.mailfrom":         {"The MAIL FROM address or domain of the SMTP session: the identity SPF checks, or for auth the AUTH= parameter of MAIL.", "RFC 8601 section 2.7.2"},
	"smtp.helo":             {"The HELO/EHLO name the client gave: the identity SPF checks when MAIL FROM is empty.", "RFC 8601 section 2.7.2"},
	"smtp.auth":             {"The identity the client authenticated as with SMTP AUTH.", "RFC 8601 section 2.7.4"},
	"smtp.remote-ip":        {"The IP address of the SMTP client that connected to the receiver.", "RFC 8617 section 6"},
	"smtp.rcptto":           {"The recipient address (RCPT TO) the RRVS check was made for.", "RFC 7293"},
	"header.d":              {"The signing domain: the d= tag of the DKIM-Signature that was evaluated.", "RFC 8601 section 2.7.1"},
	"header.i":              {"The agent or user identifier: the i= tag of the DKIM-Signature that was evaluated (\"@\" plus the domain by default).", "RFC 8601 section 2.7.1"},
	"header.s":              {"The selector: the s= tag of the DKIM-Signature that was evaluated, naming the key in DNS.", "RFC 8601 section 2.7.1"},
	"header.a":              {"The signing algorithm: the a= tag of the DKIM-Signature that was evaluated.", "RFC 8601 section 2.7.1"},
	"header.b":              {"The first characters of the signature (b= tag), which tell apart several signatures with the same domain and selector.", "RFC 6008 section 4"},
	"header.from":           {"The domain (or address) of the From header field: the identity DMARC and ATPS evaluate.", "RFC 7489 section 11.2"},
	"header.sender":         {"The Sender header field that DomainKeys evaluated.", "RFC 4870"},
	"header.oldest-pass":    {"The instance number of the oldest ARC-Message-Signature that still validates, or 0 when all do.", "RFC 8617 section 5.2"},
	"header.md":             {"The domain that VBR vouching was requested for (md= of VBR-Info).", "RFC 6212"},
	"header.mv":             {"The voucher that vouched for the domain (mv= of VBR-Info).", "RFC 6212"},
	"header.selector":       {"The BIMI selector that was looked up.", "draft-brand-indicators-for-message-identification"},
	"body.smime-identifier": {"The identity (usually an address) in the certificate of the S/MIME signer.", "RFC 7281"},
	"body.smime-part":       {"The MIME part that carried the S/MIME signature.", "RFC 7281"},
	"body.smime-serial":     {"The serial number of the S/MIME signer's certificate.", "RFC 7281"},
	"body.smime-issuer":     {"The issuer of the S/MIME signer's certificate.", "RFC 7281"},
	"policy.iprev":          {"The client IP address whose reverse DNS was checked.", "RFC 8601 section 3"},
	"policy.dmarc":          {"The DMARC policy that applied after policy options were processed: none, quarantine or reject.", "draft-ietf-dmarc-dmarcbis"},
	"policy.ip":             {"The value of the A record returned by the DNS allowlist.", "RFC 8904"},
	"policy.txt":            {"The TXT record returned by the DNS allowlist.", "RFC 8904"},
	"dns.zone":              {"The DNS allowlist zone that was queried.", "RFC 8904"},
	"dns.sec":               {"Whether the allowlist answer was DNSSEC-validated.", "RFC 8904"},
	"policy.authority":      {"Whether the BIMI indicator's evidence document (a mark certificate) validated.", "draft-brand-indicators-for-message-identification"},
	"policy.authority-uri":  {"Where the BIMI evidence document was fetched from.", "draft-brand-indicators-for-message-identification"},
	"policy.indicator-uri":  {"Where the BIMI indicator (logo) was fetched from.", "draft-brand-indicators-for-message-identification"},
}

// methodProperties override properties where one method uses a property
// differently from the rest.
var methodProperties = map[string]explanation{
	"auth smtp.mailfrom":      {"The AUTH= parameter of the SMTP MAIL command.", "RFC 8601 section 2.7.4"},
	"bimi header.d":           {"The domain whose BIMI record was looked up.", "draft-brand-indicators-for-message-identification"},
	"dkim-atps header.from":   {"The author domain whose ATPS record was checked.", "RFC 6541"},
	"domainkeys header.from":  {"The From header field that DomainKeys evaluated.", "RFC 4870"},
	"iprev smtp.remote-ip":    {"The client IP address whose reverse DNS was checked.", "RFC 8601 section 3"},
	"sender-id header.from":   {"The header field from which Sender ID took the purported responsible address.", "RFC 4406"},
	"sender-id header.sender": {"The header field from which Sender ID took the purported responsible address.", "RFC 4406"},
}

// ptypes explain a property of a known ptype that has no entry of its own.
var ptypes = map[string]explanation{
	"smtp":   {"A property taken from the SMTP session.", "RFC 8601 section 2.3"},
	"header": {"A property taken from a header field of the message.", "RFC 8601 section 2.3"},
	"body":   {"A property taken from the message body.", "RFC 8601 section 2.3"},
	"policy": {"The outcome of a local policy decision, not of the method itself.", "RFC 8601 section 2.4"},
	"dns":    {"A property taken from a DNS answer.", "RFC 8904"},
}

// bare explains the name=value pairs without a ptype that vendors write.
var bare = map[string]explanation{
	"action": {"Microsoft's DMARC action: what Microsoft 365 did with the message (none, pquarantine, preject, oreject ...). Not RFC 8601 syntax.", "Microsoft 365 anti-spam message headers"},
	"reason": {"A free-text reason for the result (RFC 8601 reasonspec).", "RFC 8601 section 2.2"},
	"dara":   {"A Google-private property Gmail adds to some dkim results (its value is a domain, such as google.com); Google does not document it and it is not registered, so headerscope does not interpret it.", "RFC 8601 section 2.3"},
	// Amazon SES writes Received-SPF's keys into Authentication-Results.
	"client-ip":     {"The SMTP client's IP address, as in Received-SPF (Amazon SES writes Received-SPF's keys into Authentication-Results).", "RFC 7208 section 9.1"},
	"envelope-from": {"The MAIL FROM address SPF checked, as in Received-SPF.", "RFC 7208 section 9.1"},
	"helo":          {"The HELO/EHLO name the client gave, as in Received-SPF.", "RFC 7208 section 9.1"},
}

// ExplainProperty returns one sentence on what a ptype.property pair
// carries ("smtp", "mailfrom") and the RFC section that defines it. An
// empty ptype is a vendor's bare name=value pair.
func ExplainProperty(ptype, property string) (text, section string) {
	t, p := strings.ToLower(ptype), strings.ToLower(property)
	if t == "" {
		if e, ok := bare[p]; ok {
			return e.text, e.section
		}
		return "A name=value pair without a ptype: not RFC 8601 syntax, its meaning is the receiver's own.", "RFC 8601 section 2.2"
	}
	if e, ok := properties[t+"."+p]; ok {
		return e.text, e.section
	}
	if strings.HasPrefix(p, "x-") {
		return "A private extension property (\"x-\" prefix), defined by the receiver.", "RFC 8601 section 2.3"
	}
	if e, ok := ptypes[t]; ok {
		return e.text, e.section
	}
	return "An unregistered property type; its meaning is the receiver's own.", "RFC 8601 section 2.3"
}

// ExplainMethodProperty is ExplainProperty for a property as one method
// uses it ("dkim-atps", "header", "from"), where that differs.
func ExplainMethodProperty(method, ptype, property string) (text, section string) {
	key := strings.ToLower(method + " " + ptype + "." + property)
	if e, ok := methodProperties[key]; ok {
		return e.text, e.section
	}
	return ExplainProperty(ptype, property)
}
