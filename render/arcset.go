package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// ARCSet renders one view of one ARC set (RFC 8617 section 4.1): its seal,
// its ARC-Message-Signature (shown with the DKIM views, as RFC 8617 section
// 4.1.2 defines it as a DKIM signature) and its ARC-Authentication-Results.
// chain is the chain the set belongs to, used to say whether the message
// changed after this hop; it may be nil.
func ARCSet(set *arc.Set, chain *arc.Result, v View, st Styles, width int) string {
	if set == nil {
		return ""
	}
	switch v {
	case ViewTags:
		return arcSetTags(set, st, width)
	case ViewCanonicalization:
		return arcSetCanon(set, st, width)
	case ViewHashes:
		return arcSetHashes(set, st, width)
	case ViewDNS:
		return arcSetDNS(set, st, width)
	case ViewRaw:
		return arcSetRaw(set, st, width)
	}
	return arcSetOverview(set, chain, st, width, true)
}

// ARCSetTitle is the one-line name of a set: "ARC set i=2 d=example.net".
func ARCSetTitle(set *arc.Set) string {
	t := fmt.Sprintf("ARC set i=%d", set.Instance)
	if set.Seal != nil && set.Seal.Domain != "" {
		t += " d=" + Safe(set.Seal.Domain)
	} else if set.MessageSignature != nil && set.MessageSignature.Domain != "" {
		t += " d=" + Safe(set.MessageSignature.Domain)
	}
	return t
}

// cvMeaning says what a hop's cv= claims (RFC 8617 section 4.1.3).
func cvMeaning(cv arc.CVStatus) string {
	switch cv {
	case arc.CVNone:
		return "this hop started the chain: there was no ARC set before it"
	case arc.CVPass:
		return "this hop found the chain before it valid"
	case arc.CVFail:
		return "this hop found the chain before it broken; nothing after it can be trusted (RFC 8617 section 5.1.2)"
	case "":
		return "not readable"
	}
	return "not a chain validation status"
}

// arcSetOverview is the Overview of a set; problems adds the chain's
// structural problems about this set (the report lists them with the
// chain instead).
func arcSetOverview(set *arc.Set, chain *arc.Result, st Styles, width int, problems bool) string {
	d := newDoc(st, width)
	const lw = 6
	d.kv("", lw, "cv", st.TagName.Render(orDash(Safe(set.CV.String())))+" "+st.Muted.Render(cvMeaning(set.CV)+" (RFC 8617 section 4.1.3)"), false)
	if se := set.Seal; se != nil {
		who := strings.TrimSpace("d=" + Safe(se.Domain) + " s=" + Safe(se.Selector))
		d.kv("", lw, "seal", st.Verdict(se.Verdict)+" "+who+fmt.Sprintf(" (line %d): ", se.Line)+Safe(se.Reason), false)
	} else {
		d.kv("", lw, "seal", st.Error.Render("missing")+": every set needs exactly one ARC-Seal (RFC 8617 section 4.1)", false)
	}
	if m := set.MessageSignature; m != nil {
		who := "d=" + Safe(m.Domain) + " s=" + Safe(m.Selector)
		d.kv("", lw, "AMS", st.Verdict(m.Verdict)+" "+who+fmt.Sprintf(" (line %d): ", m.Line)+Safe(DKIMReason(m)), false)
	} else {
		d.kv("", lw, "AMS", st.Error.Render("missing")+": every set needs exactly one ARC-Message-Signature (RFC 8617 section 4.1)", false)
	}
	aarLines(d, set.AAR, lw)
	if s := hopChange(set, chain); s != "" {
		d.kv("", lw, "hop", s, false)
	}
	if se := set.Seal; se != nil {
		if se.Timestamp != nil {
			d.kv("", lw, "sealed", se.Timestamp.UTC().Format(time.RFC3339), false)
		}
		notesOf(d, se.Notes, "")
	}
	if chain != nil && problems {
		for _, p := range chain.Problems {
			if p.Instance == set.Instance {
				d.para(st.Warn.Render("! problem")+" ", "  ", problemText(p))
			}
		}
	}
	return d.String()
}

// aarLines shows who wrote the set's ARC-Authentication-Results and each
// result it recorded at the time.
func aarLines(d *doc, r *arc.AAR, lw int) {
	st := d.st
	if r == nil {
		d.kv("", lw, "AAR", st.Error.Render("missing")+": every set needs exactly one ARC-Authentication-Results (RFC 8617 section 4.1)", false)
		return
	}
	d.kv("", lw, "AAR", fmt.Sprintf("line %d, written by %s, what this hop concluded on arrival:", r.Line, orDash(Safe(r.AuthServID))), false)
	ind := strings.Repeat(" ", lw+1)
	if r.Parsed == nil || len(r.Parsed.Results) == 0 {
		d.para(ind+"  ", ind+"    ", Safe(r.Value))
		return
	}
	for _, res := range r.Parsed.Results {
		line := st.TagName.Render(Safe(res.Method) + "=" + Safe(res.Value))
		var props []string
		for _, p := range res.Properties {
			props = append(props, Safe(p.Key())+"="+Safe(p.Value))
		}
		if res.Reason != "" {
			props = append(props, "reason="+fmt.Sprintf("%q", Safe(res.Reason)))
		}
		d.para(ind+"  "+line+" ", ind+"    ", strings.Join(props, " "))
	}
}

// hopChange says whether the message changed after this hop sealed it and
// whether this hop changed it, from the hop's AMS and its neighbours':
// each AMS signs the message as it left its hop (RFC 8617 section 4.1.2),
// so an older AMS that fails under a newer one that verifies marks the
// hop in between as the one that changed it.
func hopChange(set *arc.Set, chain *arc.Result) string {
	ams := set.MessageSignature
	if ams == nil {
		return ""
	}
	prev, next := neighbour(chain, set.Instance-1), neighbour(chain, set.Instance+1)
	var parts []string
	switch {
	case ams.Verdict == verdict.Pass:
		parts = append(parts, "the message is as this hop sent it: its AMS still verifies")
	case !changed(ams):
		return "cannot tell whether the message changed after this hop: its AMS could not be checked (" + Safe(ams.Reason) + ")"
	case next == nil && newest(chain) > set.Instance:
		parts = append(parts, fmt.Sprintf("the message changed after this hop sent it (%s); there is no AMS of i=%d to tell which hop changed it", changedWhat(ams), set.Instance+1))
	case next == nil:
		parts = append(parts, "the message changed after this hop sent it ("+changedWhat(ams)+"), and no later hop sealed it")
	case next.Verdict == verdict.Pass:
		parts = append(parts, fmt.Sprintf("the message changed after this hop (%s); the AMS of i=%d verifies, so hop i=%d made the change", changedWhat(ams), set.Instance+1, set.Instance+1)+provenChanges(ams))
	default:
		parts = append(parts, fmt.Sprintf("the message changed after this hop (%s); the AMS of i=%d fails too, so a later step changed it", changedWhat(ams), set.Instance+1))
	}
	if prev != nil && changed(prev) && ams.Verdict == verdict.Pass {
		parts = append(parts, fmt.Sprintf("this hop changed the message: the AMS of i=%d no longer verifies but this one does", set.Instance-1))
	}
	return strings.Join(parts, "; ")
}

// provenChanges lists, after a colon, the verified findings of a
// signature's diagnosis: what the next hop did, proven.
func provenChanges(r *dkim.Result) string {
	if r.Diagnosis == nil {
		return ""
	}
	var out []string
	for _, f := range r.Diagnosis.Findings {
		if f.Status == dkim.Verified {
			out = append(out, FindingSentence(f))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return ": " + strings.Join(out, "; ")
}

// neighbour returns the AMS of instance i, or nil.
func neighbour(chain *arc.Result, i int) *dkim.Result {
	if chain == nil || i < 1 {
		return nil
	}
	for _, s := range chain.Sets {
		if s != nil && s.Instance == i {
			return s.MessageSignature
		}
	}
	return nil
}

// newest returns the highest instance of the chain, 0 without one.
func newest(chain *arc.Result) int {
	n := 0
	if chain != nil {
		for _, s := range chain.Sets {
			if s != nil {
				n = max(n, s.Instance)
			}
		}
	}
	return n
}

// changed reports whether a signature failed because the signed content
// differs, not for want of a key.
func changed(r *dkim.Result) bool {
	return r.Body.Status == dkim.Mismatch || r.Header.Status == dkim.Mismatch
}

func changedWhat(r *dkim.Result) string {
	switch {
	case r.Body.Status == dkim.Mismatch && r.Header.Status == dkim.Mismatch:
		return "body and signed header fields"
	case r.Body.Status == dkim.Mismatch:
		return "body"
	}
	return "signed header fields"
}

func problemText(p arc.Problem) string {
	where := ""
	if p.Line > 0 {
		where = fmt.Sprintf("line %d: ", p.Line)
	}
	return where + Safe(p.Text)
}

func arcSetTags(set *arc.Set, st Styles, width int) string {
	var b strings.Builder
	d := newDoc(st, width)
	if se := set.Seal; se != nil {
		d.para("", "", st.Subheading.Render("ARC-Seal")+" "+st.Muted.Render(fmt.Sprintf("line %d, %d tags in the order written (RFC 8617 section 4.1.3):", se.Line, len(se.Tags))))
		tagList(d, se.Tags)
		notesOf(d, se.Notes, "")
	} else {
		d.paraStyled("", "", "No ARC-Seal in this set.", st.Muted)
	}
	b.WriteString(d.String())
	b.WriteString(amsSection(set, ViewTags, st, width))
	return b.String()
}

// amsSection is a heading and one DKIM view of the set's AMS.
func amsSection(set *arc.Set, v View, st Styles, width int) string {
	d := newDoc(st, width)
	d.blank()
	if set.MessageSignature == nil {
		d.paraStyled("", "", "No ARC-Message-Signature in this set.", st.Muted)
		return d.String()
	}
	d.para("", "", st.Subheading.Render("ARC-Message-Signature")+" "+st.Muted.Render("verified as a DKIM signature (RFC 8617 section 4.1.2)"))
	return d.String() + DKIM(set.MessageSignature, v, st, width)
}

func arcSetRaw(set *arc.Set, st Styles, width int) string {
	var b strings.Builder
	if se := set.Seal; se != nil {
		b.WriteString(RawField(arc.SealField, se.Line, se.Field, st, width))
	} else {
		b.WriteString(RawField(arc.SealField, 0, "", st, width))
	}
	if m := set.MessageSignature; m != nil {
		b.WriteString(RawField(arc.AMSField, m.Line, m.Field, st, width))
	} else {
		b.WriteString(RawField(arc.AMSField, 0, "", st, width))
	}
	if a := set.AAR; a != nil {
		b.WriteString(RawField(arc.AARField, a.Line, a.Raw, st, width))
	} else {
		b.WriteString(RawField(arc.AARField, 0, "", st, width))
	}
	return b.String()
}

// RawField shows one header field as received, white space and line ends
// visible, one row per line of the field; name and line say which field.
func RawField(name string, line int, raw string, st Styles, width int) string {
	d := newDoc(st, width)
	if raw == "" {
		d.para("", "", st.Muted.Render(Safe(name)+": not in the message"))
		return d.String()
	}
	d.para("", "", st.Muted.Render(fmt.Sprintf("%s, line %d, as received (white space shown):", Safe(name), line)))
	for _, l := range splitLines(clipped(raw)) {
		d.hardStyled("  ", "  ", Visible(l), st.Value)
	}
	return d.String()
}

// notesOf writes notes (of a seal or a signature), one per line.
func notesOf(d *doc, ns []dkim.Note, indent string) {
	notes(d, &dkim.Result{Notes: ns}, indent)
}
