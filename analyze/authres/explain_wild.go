package authres

// wildResults explain result words that are not in the IANA registry but
// that receivers write: who writes each, and which registered word it
// corresponds to (Corresponds gives it for the re-check).
var wildResults = map[string]explanation{
	"dmarc=bestguesspass": {"Not a registered result: Microsoft 365 writes it when the From domain publishes no DMARC record but the message would have passed DMARC had it published one (an SPF or DKIM pass aligned with the From domain). It corresponds to dmarc=none, with an aligned pass.", "RFC 7489 section 11.2"},
	"dkim=timeout":        {"Not a registered result: Microsoft 365 writes it when the key lookup timed out. It corresponds to temperror.", "RFC 8601 section 2.7.1"},
	"dkim=ignore":         {"Not a registered result: written by some receivers for a signature they chose not to evaluate, for example one whose key is too short or whose domain they skip. No verdict was reached; it is closest to none for that signature.", "RFC 8601 section 2.7.1"},
	"dkim=test":           {"Not a registered result: the signer's key is in testing mode (t=y in the key record, RFC 6376 section 3.6.1), and the receiver reported that instead of the verdict; the signature must not be treated differently from an unsigned message.", "RFC 6376 section 3.6.1"},
	"spf=tempfail":        {"Not a registered result: the spelling of temperror in the SPF drafts before RFC 4408, still written by older SPF filters. It corresponds to temperror.", "RFC 7208 section 8.6"},
	"spf=error":           {"Not a registered result: written by older SPF filters for a failed lookup. It corresponds to temperror.", "RFC 7208 section 8.6"},
	"spf=unknown":         {"Not a registered result: the RFC 4408 drafts' word for a record that could not be interpreted. It corresponds to permerror.", "RFC 7208 section 8.7"},
}

// Corresponds returns the registered result word an unregistered one
// stands for ("timeout" for dkim is temperror), or the word itself.
func Corresponds(method, result string) string {
	switch method + "=" + result {
	case "dkim=timeout", "spf=tempfail", "spf=error":
		return "temperror"
	case "spf=unknown":
		return "permerror"
	case "spf=hardfail":
		return "fail"
	case "dmarc=bestguesspass":
		return "none"
	}
	return result
}
