package dkim

// tagInfo is what a tag means, in one sentence, and where it is defined.
type tagInfo struct{ meaning, section string }

// signatureTags explains the tags of DKIM-Signature (RFC 6376 section 3.5).
var signatureTags = map[string]tagInfo{
	"v":  {"Version of the DKIM specification; must be 1.", "RFC 6376 section 3.5"},
	"a":  {"Algorithm used to sign: the key type and the hash (rsa-sha256, ed25519-sha256; rsa-sha1 is no longer acceptable).", "RFC 6376 section 3.5, RFC 8301, RFC 8463"},
	"b":  {"The signature itself, base64, over the canonicalized signed header fields and this field with b= empty.", "RFC 6376 section 3.5"},
	"bh": {"Hash of the canonicalized body (or its first l= bytes), base64.", "RFC 6376 section 3.5, 3.7"},
	"c":  {"Canonicalization for header/body: simple keeps bytes, relaxed tolerates white space and case changes.", "RFC 6376 section 3.4"},
	"d":  {"Signing domain (SDID): the domain that takes responsibility and whose DNS holds the key.", "RFC 6376 section 3.5"},
	"h":  {"Signed header fields, colon-separated, hashed bottom-up in this order; a name listed more often than present guards against added fields.", "RFC 6376 section 3.5, 5.4.2"},
	"i":  {"Agent or user identity (AUID) on whose behalf the domain signed; must be d= or a subdomain of it.", "RFC 6376 section 3.5"},
	"l":  {"Body length: only this many bytes of the canonicalized body are signed; anything after them is not protected.", "RFC 6376 section 3.5, 8.2"},
	"q":  {"Query method for the public key; dns/txt is the only one defined.", "RFC 6376 section 3.5"},
	"s":  {"Selector: which of the domain's keys, looked up at <s>._domainkey.<d>.", "RFC 6376 section 3.1, 3.5"},
	"t":  {"Signature timestamp, seconds since 1970-01-01 UTC.", "RFC 6376 section 3.5"},
	"x":  {"Signature expiration, seconds since 1970-01-01 UTC; after it the signature is not valid.", "RFC 6376 section 3.5"},
	"z":  {"Copies of the original header fields as signed, for diagnosis only (not used for verification).", "RFC 6376 section 3.5"},
}

// amsTags explains the tags of ARC-Message-Signature (RFC 8617 section
// 4.1.2): those of DKIM-Signature, with i= the instance and no v=.
var amsTags = map[string]tagInfo{
	"i": {"Instance: the ARC set (hop) this message signature belongs to, 1 to 50.", "RFC 8617 section 4.1.2, 4.2.1"},
	"v": {"Not defined for ARC-Message-Signature; ignored if present.", "RFC 8617 section 4.1.2"},
}

// keyTags explains the tags of a DKIM key record (RFC 6376 section 3.6.1).
var keyTags = map[string]tagInfo{
	"v": {"Version of the key record; must be DKIM1 and come first.", "RFC 6376 section 3.6.1"},
	"h": {"Hash algorithms this key may be used with, colon-separated (default: all).", "RFC 6376 section 3.6.1"},
	"k": {"Key type: rsa (default) or ed25519.", "RFC 6376 section 3.6.1, RFC 8463"},
	"n": {"Notes for humans; not interpreted.", "RFC 6376 section 3.6.1"},
	"p": {"The public key, base64; empty means the key has been revoked.", "RFC 6376 section 3.6.1"},
	"s": {"Service types the key may be used for: email or * (default).", "RFC 6376 section 3.6.1"},
	"t": {"Flags: y = the domain is testing DKIM (treat as unsigned), s = i= must use exactly the d= domain.", "RFC 6376 section 3.6.1"},
}

func explainTags(tags []Tag, table map[string]tagInfo, fallback map[string]tagInfo, unknown string) {
	for i := range tags {
		info, ok := table[tags[i].Name]
		if !ok && fallback != nil {
			info, ok = fallback[tags[i].Name]
		}
		if !ok {
			tags[i].Meaning = unknown
			continue
		}
		tags[i].Meaning, tags[i].Section = info.meaning, info.section
	}
}
