package dkim

// TraceBody returns the first MaxTraceLines lines of body before and after
// canonicalization can ("simple" or "relaxed"), numbered from firstLine,
// and whether there were more: the same trace a verification keeps in
// BodyCheck.Lines, computed here for the canonicalization a signature did
// not use, so that a lesson can put simple and relaxed side by side on the
// same bytes (RFC 6376 sections 3.4.3 and 3.4.4).
func TraceBody(body []byte, can Canon, firstLine int) ([]CanonLine, bool) {
	return traceBody(body, can, firstLine)
}

// KeyName is the DNS name of a signature's key record,
// <selector>._domainkey.<domain> (RFC 6376 section 3.6.2.1).
func KeyName(selector, domain string) string {
	return selector + "._domainkey." + domain
}
