package arc

import "github.com/headerscope/headerscope/analyze/dkim"

// tagInfo is what a tag means, in one sentence, and where it is defined.
type tagInfo struct{ meaning, section string }

// sealTags explains the tags of ARC-Seal (RFC 8617 section 4.1.3).
var sealTags = map[string]tagInfo{
	"i":  {"Instance: the ARC set (hop) this seal belongs to, 1 to 50; the seal covers every set up to this one.", "RFC 8617 section 4.1.3, 4.2.1"},
	"a":  {"Algorithm used to seal; RFC 8617 allows rsa-sha256 only.", "RFC 8617 section 4.1.3, RFC 6376 section 3.5"},
	"b":  {"The seal's signature, base64, over the ARC sets 1 to i (AAR, AMS, AS of each, relaxed canonicalization) with this b= empty.", "RFC 8617 section 4.1.3, 5.1.1"},
	"cv": {"Chain validation status: what this hop found when it validated the chain that arrived (none at i=1, pass after; fail ends the chain).", "RFC 8617 section 4.1.3, 4.2.2"},
	"d":  {"Sealing domain: the domain that vouches for this hop and whose DNS holds the key.", "RFC 8617 section 4.1.3, RFC 6376 section 3.5"},
	"s":  {"Selector: which of the domain's keys, looked up at <s>._domainkey.<d>.", "RFC 8617 section 4.1.3, RFC 6376 section 3.1"},
	"t":  {"Timestamp of the seal, seconds since 1970-01-01 UTC.", "RFC 8617 section 4.1.3, RFC 6376 section 3.5"},
	"h":  {"Not allowed in an ARC-Seal: the fields a seal covers are fixed by the protocol; its presence makes the seal invalid.", "RFC 8617 section 4.1.3"},
}

func explainSealTags(tags []dkim.Tag) {
	for i := range tags {
		info, ok := sealTags[tags[i].Name]
		if !ok {
			tags[i].Meaning = "Unknown tag; ignored (RFC 6376 section 3.2)."
			continue
		}
		tags[i].Meaning, tags[i].Section = info.meaning, info.section
	}
}
