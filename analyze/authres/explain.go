package authres

import "strings"

// explanation is one sentence and the RFC section that backs it.
type explanation struct{ text, section string }

// methodInfo describes one entry of the IANA "Email Authentication
// Methods" registry (RFC 8601 section 6) and its result words from the
// "Email Authentication Result Names" registry.
type methodInfo struct {
	explanation
	results map[string]explanation
}

// The result words shared by DKIM and DomainKeys (RFC 8601 section 2.7.1).
var dkimResults = map[string]explanation{
	"none":      {"The message was not signed.", "RFC 8601 section 2.7.1"},
	"pass":      {"The message was signed, the signature was acceptable to the receiver and it verified.", "RFC 8601 section 2.7.1"},
	"fail":      {"The message was signed and the signature was acceptable, but it did not verify.", "RFC 8601 section 2.7.1"},
	"policy":    {"The message was signed, but some aspect of the signature was not acceptable to the receiver (for example a weak key).", "RFC 8601 section 2.7.1"},
	"neutral":   {"The message was signed, but the signature had syntax errors or could not otherwise be processed.", "RFC 8601 section 2.7.1"},
	"temperror": {"The signature could not be verified because of an error that is likely transient, such as a DNS timeout.", "RFC 8601 section 2.7.1"},
	"permerror": {"The signature could not be verified because of an error that will not go away, such as a missing required header field or key.", "RFC 8601 section 2.7.1"},
}

// The result words of SPF (RFC 7208 section 8, reported as in RFC 8601
// section 2.7.2); Sender ID uses the same words.
var spfResults = map[string]explanation{
	"none":      {"No SPF record was found for the checked domain, or no domain could be checked.", "RFC 7208 section 8.1"},
	"neutral":   {"The domain's SPF record makes no assertion about this client IP.", "RFC 7208 section 8.2"},
	"pass":      {"The client IP is authorized by the domain's SPF record to send with this identity.", "RFC 7208 section 8.3"},
	"fail":      {"The domain's SPF record explicitly says this client IP is not authorized.", "RFC 7208 section 8.4"},
	"softfail":  {"The domain's SPF record says this client IP is probably not authorized, without a firm statement.", "RFC 7208 section 8.5"},
	"temperror": {"The SPF check hit a transient error, usually a DNS failure.", "RFC 7208 section 8.6"},
	"permerror": {"The domain's SPF record could not be interpreted (syntax error or too many DNS lookups).", "RFC 7208 section 8.7"},
	"policy":    {"The client was authorized by SPF, but local policy found the result unacceptable.", "RFC 8601 section 2.7.2"},
	"hardfail":  {"A deprecated synonym of fail.", "RFC 8601 section 2.7.2"},
}

// simpleResults are the five words most methods use.
func simpleResults(section, pass, fail, none string) map[string]explanation {
	return map[string]explanation{
		"none":      {none, section},
		"pass":      {pass, section},
		"fail":      {fail, section},
		"temperror": {"The check hit a transient error, usually a DNS failure.", section},
		"permerror": {"The check hit a permanent error, such as a malformed record.", section},
	}
}

var methods = map[string]methodInfo{
	"auth": {explanation{"SMTP AUTH: the client authenticated to the receiving server (RFC 4954) before sending.", "RFC 8601 section 2.7.4"},
		simpleResults("RFC 8601 section 2.7.4",
			"The client authenticated successfully with SMTP AUTH.",
			"The client tried SMTP AUTH and failed.",
			"The client did not use SMTP AUTH.")},
	"dkim":       {explanation{"DKIM: a DKIM-Signature on the message was verified with the signer's public key from DNS (RFC 6376).", "RFC 8601 section 2.7.1"}, dkimResults},
	"domainkeys": {explanation{"DomainKeys, the historic predecessor of DKIM (RFC 4870).", "RFC 8601 section 2.7.1"}, dkimResults},
	"iprev": {explanation{"iprev: the client IP's reverse DNS name was looked up and checked to resolve back to the same IP.", "RFC 8601 section 3"},
		map[string]explanation{
			"pass":      {"The reverse name of the client IP resolves back to that IP.", "RFC 8601 section 2.7.3"},
			"fail":      {"The client IP has no reverse name, or the name does not resolve back to it.", "RFC 8601 section 2.7.3"},
			"temperror": {"The reverse lookup hit a transient DNS error.", "RFC 8601 section 2.7.3"},
			"permerror": {"The reverse lookup hit a permanent DNS error.", "RFC 8601 section 2.7.3"},
		}},
	"sender-id": {explanation{"Sender ID, a historic Microsoft scheme that checked the purported responsible address with SPF-like records (RFC 4406).", "RFC 8601 section 2.7.2"}, spfResults},
	"spf":       {explanation{"SPF: the client IP was checked against the SPF record of the MAIL FROM (or HELO) domain (RFC 7208).", "RFC 8601 section 2.7.2"}, spfResults},
	"dmarc": {explanation{"DMARC: the From domain's policy was applied, requiring an SPF or DKIM pass aligned with the From domain (RFC 7489).", "RFC 7489 section 11.2"},
		simpleResults("RFC 7489 section 11.2",
			"The From domain publishes a DMARC record and at least one aligned SPF or DKIM check passed.",
			"The From domain publishes a DMARC record and no aligned SPF or DKIM check passed.",
			"The From domain publishes no DMARC record (or no aligned identifier was found).")},
	"arc": {explanation{"ARC: the Authenticated Received Chain of ARC sets added by intermediaries was validated (RFC 8617).", "RFC 8617 section 4.4"},
		map[string]explanation{
			"none": {"The message carried no ARC sets.", "RFC 8617 section 4.4"},
			"pass": {"Every ARC set validated and the chain is intact.", "RFC 8617 section 4.4"},
			"fail": {"The ARC chain is broken: a seal or the newest message signature did not validate, or the sets are malformed.", "RFC 8617 section 4.4"},
		}},
	"bimi": {explanation{"BIMI: the sender's brand indicator (logo) record was looked up after DMARC passed (draft-brand-indicators-for-message-identification).", "draft-brand-indicators-for-message-identification"},
		map[string]explanation{
			"pass":      {"A BIMI record and indicator were found and are usable.", "draft-brand-indicators-for-message-identification"},
			"none":      {"No BIMI record was found.", "draft-brand-indicators-for-message-identification"},
			"fail":      {"A BIMI record was found but the indicator or its evidence did not validate.", "draft-brand-indicators-for-message-identification"},
			"temperror": {"A transient error stopped the BIMI lookup.", "draft-brand-indicators-for-message-identification"},
			"declined":  {"The domain published a record that declines to take part in BIMI.", "draft-brand-indicators-for-message-identification"},
			"skipped":   {"BIMI was not evaluated, for example because DMARC did not pass at an enforcing policy.", "draft-brand-indicators-for-message-identification"},
		}},
	"dkim-atps": {explanation{"DKIM ATPS: a signature by a third party was checked against the author domain's list of authorized third-party signers (RFC 6541).", "RFC 6541"},
		simpleResults("RFC 6541",
			"The signing domain is an authorized third-party signer for the author domain.",
			"The signing domain is not an authorized third-party signer for the author domain.",
			"No ATPS evaluation could be made (no third-party signature or no record).")},
	"vbr": {explanation{"Vouch By Reference: a third party named in the VBR-Info field was asked to vouch for the sending domain (RFC 5518).", "RFC 6212"},
		simpleResults("RFC 6212",
			"A trusted voucher vouched for the sending domain.",
			"The voucher did not vouch for the sending domain.",
			"There was no VBR-Info field, or no trusted voucher in it.")},
	"smime": {explanation{"S/MIME: a signature in the message body was verified (RFC 7281).", "RFC 7281"},
		map[string]explanation{
			"none":      {"The message had no S/MIME signature.", "RFC 7281"},
			"pass":      {"The S/MIME signature verified.", "RFC 7281"},
			"fail":      {"The S/MIME signature did not verify.", "RFC 7281"},
			"policy":    {"The S/MIME signature verified but was not acceptable to local policy.", "RFC 7281"},
			"neutral":   {"The S/MIME signature could not be processed.", "RFC 7281"},
			"temperror": {"A transient error stopped S/MIME verification.", "RFC 7281"},
			"permerror": {"A permanent error stopped S/MIME verification.", "RFC 7281"},
		}},
	"rrvs": {explanation{"RRVS: the Require-Recipient-Valid-Since date was checked against when the recipient mailbox changed owner (RFC 7293).", "RFC 7293"},
		map[string]explanation{
			"none":      {"No RRVS check was requested or made.", "RFC 7293"},
			"unknown":   {"The receiver could not tell whether the mailbox changed owner since the given date.", "RFC 7293"},
			"pass":      {"The mailbox has had the same owner since the given date.", "RFC 7293"},
			"fail":      {"The mailbox changed owner since the given date.", "RFC 7293"},
			"temperror": {"A transient error stopped the RRVS check.", "RFC 7293"},
		}},
	"dnswl": {explanation{"DNSWL: the client IP was looked up in a DNS allowlist (RFC 8904).", "RFC 8904"},
		map[string]explanation{
			"pass":      {"The client IP is listed in the DNS allowlist.", "RFC 8904"},
			"none":      {"The client IP is not listed.", "RFC 8904"},
			"temperror": {"A transient DNS error stopped the lookup.", "RFC 8904"},
			"permerror": {"The allowlist answer could not be interpreted.", "RFC 8904"},
		}},
	"compauth": {explanation{"Composite authentication (Microsoft): Microsoft 365's own verdict combining SPF, DKIM, DMARC, ARC and its reputation data; the reason= code says how it was reached.", "Microsoft 365 anti-spam message headers"},
		map[string]explanation{
			"pass":     {"Microsoft 365 considers the sender authenticated.", "Microsoft 365 anti-spam message headers"},
			"fail":     {"Microsoft 365 considers the sender not authenticated (explicitly or implicitly).", "Microsoft 365 anti-spam message headers"},
			"softpass": {"Microsoft 365 considers the sender authenticated with low confidence.", "Microsoft 365 anti-spam message headers"},
			"none":     {"Microsoft 365 did not evaluate composite authentication.", "Microsoft 365 anti-spam message headers"},
		}},
	"dkim-adsp": {explanation{"DKIM ADSP, the abandoned Author Domain Signing Practices (RFC 5617, declared historic in 2013; DMARC replaced it).", "RFC 5617"},
		map[string]explanation{
			"none":      {"The author domain publishes no ADSP record.", "RFC 5617 section 5.4"},
			"pass":      {"The message has an author domain signature that verified.", "RFC 5617 section 5.4"},
			"unknown":   {"No author domain signature, and the domain's ADSP is \"unknown\" (it may sign some mail).", "RFC 5617 section 5.4"},
			"fail":      {"No valid author domain signature, and the domain says it signs all its mail.", "RFC 5617 section 5.4"},
			"discard":   {"No valid author domain signature, and the domain asks that such mail be discarded.", "RFC 5617 section 5.4"},
			"nxdomain":  {"The author domain does not exist in DNS.", "RFC 5617 section 5.4"},
			"temperror": {"A transient error, usually in DNS, stopped the check.", "RFC 5617 section 5.4"},
			"permerror": {"A permanent error, such as a malformed record, stopped the check.", "RFC 5617 section 5.4"},
		}},
}

// genericResults explain a result word of a method this package does not
// know, using the general meaning of RFC 8601 section 2.7.
var genericResults = map[string]explanation{
	"none":      {"The method had nothing to evaluate.", "RFC 8601 section 2.7"},
	"pass":      {"The method's check succeeded.", "RFC 8601 section 2.7"},
	"fail":      {"The method's check failed.", "RFC 8601 section 2.7"},
	"softfail":  {"The method's check weakly failed.", "RFC 8601 section 2.7.2"},
	"neutral":   {"The method reached no conclusion.", "RFC 8601 section 2.7"},
	"policy":    {"The check succeeded but local policy found the result unacceptable.", "RFC 8601 section 2.7"},
	"temperror": {"The method hit a transient error.", "RFC 8601 section 2.7"},
	"permerror": {"The method hit a permanent error.", "RFC 8601 section 2.7"},
}

// ExplainMethod returns one sentence on what an authentication method
// checks and the RFC section that defines it. Methods starting with "x-"
// are private extensions (RFC 8601 section 2.7.6); any other unknown
// method is said to be unregistered.
func ExplainMethod(method string) (text, section string) {
	m := strings.ToLower(method)
	if info, found := methods[m]; found {
		return info.text, info.section
	}
	if strings.HasPrefix(m, "x-") {
		return "A private extension method (\"x-\" prefix): its meaning is defined by the receiver that wrote it, not by any RFC.", "RFC 8601 section 2.7.6"
	}
	return "An unregistered method: it is not in the IANA Email Authentication Methods registry, so its meaning is the receiver's own.", "RFC 8601 section 6"
}

// ExplainResult returns one sentence on what a result word means for a
// method and the RFC section that defines it. A word the method does not
// define is said to be so, followed by the word's general meaning if it
// has one.
func ExplainResult(method, result string) (text, section string) {
	m, r := strings.ToLower(method), strings.ToLower(result)
	if e, found := wildResults[m+"="+r]; found {
		return e.text, e.section
	}
	if info, found := methods[m]; found && info.results != nil {
		if e, found := info.results[r]; found {
			return e.text, e.section
		}
		if e, found := genericResults[r]; found {
			return "Not a result defined for " + m + "; in general: " + e.text, e.section
		}
		return "Not a result defined for " + m + ".", info.section
	}
	if e, found := genericResults[r]; found {
		return e.text, e.section
	}
	return "Not a registered result word; new result words must be registered with IANA.", "RFC 8601 section 2.7.7"
}
