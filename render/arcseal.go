package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/dkim"
)

// arcSetCanon shows the seal's hash input, the ARC fields of sets 1 to
// this one in the order hashed, then the AMS's input as DKIM's.
func arcSetCanon(set *arc.Set, st Styles, width int) string {
	d := newDoc(st, width)
	se := set.Seal
	if se == nil {
		d.paraStyled("", "", "No ARC-Seal in this set.", st.Muted)
	} else {
		h := se.Header
		d.para("", "", st.Subheading.Render("Seal hash input")+" "+canonName(sealCanon(h)))
		d.paraStyled("", "", "Every ARC field of the sets 1 to this one, set by set in the order AAR, AMS, AS, then this seal with b= emptied; always relaxed header canonicalization (RFC 8617 section 5.1.1).", st.Muted)
		if len(h.Fields) == 0 {
			d.paraStyled("  ", "  ", "No fields were recorded: the seal could not be verified.", st.Muted)
		}
		for i, f := range h.Fields {
			where := fmt.Sprintf("(set i=%d", f.Instance)
			if f.Line > 0 {
				where += fmt.Sprintf(", line %d", f.Line)
			}
			d.para(fmt.Sprintf("%2d. ", i+1), "      ", st.TagName.Render(Safe(f.Name))+" "+st.Muted.Render(where+")"))
			rawCanon(d, "      ", f.Raw, f.Canonical)
		}
		s := h.Signature
		d.para("", "", st.Subheading.Render("This seal")+" "+st.Muted.Render("with b= emptied, hashed last without its final line end (RFC 8617 section 5.1.1)"))
		if s.Raw == "" && s.Canonical == "" {
			d.paraStyled("      ", "      ", "not recorded", st.Muted)
		} else {
			rawCanon(d, "      ", s.Raw, s.Canonical)
		}
	}
	return d.String() + amsSection(set, ViewCanonicalization, st, width)
}

// sealCanon is the seal's canonicalization: always relaxed (RFC 8617
// section 5.1.1), also when the seal could not be read far enough to say.
func sealCanon(h dkim.HeaderCheck) dkim.Canon {
	if h.Canonicalization == "" {
		return dkim.Relaxed
	}
	return h.Canonicalization
}

// arcSetHashes compares the seal's signed and computed header hash, then
// the AMS's hashes as DKIM's.
func arcSetHashes(set *arc.Set, st Styles, width int) string {
	d := newDoc(st, width)
	if se := set.Seal; se == nil {
		d.paraStyled("", "", "No ARC-Seal in this set.", st.Muted)
	} else {
		h := se.Header
		d.para("", "", st.Subheading.Render("Seal hash (b=)")+" "+st.Muted.Render(hashKind(sealCanon(h), h.Algorithm, "header"))+"  "+st.check(h.Status))
		compare(d, "signed", h.Claimed, "computed", h.Computed)
		if h.Claimed == "" && h.ClaimedNote != "" {
			d.para("  ", "  ", st.Muted.Render("signed: ")+Safe(h.ClaimedNote))
		} else if h.Claimed != "" {
			d.paraStyled("  ", "  ", "signed: recovered from the RSA signature with the sealer's public key", st.Muted)
		}
		if h.Detail != "" {
			d.para("  ", "  ", Safe(h.Detail))
		}
		if h.Status == dkim.Mismatch && h.Detail == "" {
			d.paraStyled("  ", "  ", sealMeaning(h.Claimed != ""), st.Warn)
		}
	}
	return d.String() + amsSection(set, ViewHashes, st, width)
}

// sealMeaning explains a seal hash mismatch in plain words.
func sealMeaning(opened bool) string {
	s := "What it most likely means: an ARC field of this set or an earlier one was changed, re-folded, removed or reordered after this hop sealed the chain"
	if opened {
		return s + " (the key opens the signature, so the key is right and the sealed fields differ). Compare the fields in the Canonicalization view."
	}
	return s + ", or the key in DNS is not the key that sealed."
}

// arcSetDNS shows the seal's key lookup, then the AMS's.
func arcSetDNS(set *arc.Set, st Styles, width int) string {
	var b strings.Builder
	d := newDoc(st, width)
	se := set.Seal
	if se == nil {
		d.paraStyled("", "", "No ARC-Seal in this set.", st.Muted)
		b.WriteString(d.String())
	} else {
		d.para("", "", st.Subheading.Render("Seal key")+" "+st.Muted.Render("d="+Safe(se.Domain)+" s="+Safe(se.Selector)))
		b.WriteString(d.String())
		b.WriteString(DNSTrace(se.DNS, st, width))
		b.WriteString("\n")
		b.WriteString(keyView(se.Key, st, width))
	}
	if m := set.MessageSignature; m != nil && se != nil && m.DNS != nil && se.DNS != nil &&
		strings.EqualFold(m.DNS.Query, se.DNS.Query) && m.DNS.Type == se.DNS.Type {
		d := newDoc(st, width)
		d.blank()
		d.para("", "", st.Subheading.Render("ARC-Message-Signature key")+" "+st.Muted.Render("the same lookup and key as the seal's ("+Safe(m.DNS.Query)+")"))
		return b.String() + d.String()
	}
	b.WriteString(amsSection(set, ViewDNS, st, width))
	return b.String()
}
