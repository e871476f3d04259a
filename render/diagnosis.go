package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// diagnosisSection words what the analysis found changed after signing:
// each finding marked verified (a repaired copy verifies) or suspected
// (evidence only), the families searched when a half stays unexplained,
// and whether the search was cut short.
func diagnosisSection(d *doc, r *dkim.Result) {
	dg := r.Diagnosis
	if dg == nil {
		return
	}
	st := d.st
	d.blank()
	d.para("", "", st.Subheading.Render("What changed after signing")+" "+st.Muted.Render("(a finding is verified only when the message with it undone verifies)"))
	for _, f := range dg.Findings {
		label := st.Pass.Render(st.Glyph(verdict.Pass) + " verified ")
		if f.Status != dkim.Verified {
			label = st.Warn.Render("? suspected")
		}
		d.para("  "+label+" ", "      ", FindingSentence(f))
		findingDetail(d, f)
	}
	for _, h := range []struct {
		half    dkim.Half
		outcome dkim.Outcome
	}{{dkim.HeaderHalf, dg.Header}, {dkim.BodyHalf, dg.Body}} {
		if h.outcome == "" || h.outcome == dkim.Explained {
			continue
		}
		tried := dg.TriedHeader
		if h.half == dkim.BodyHalf {
			tried = dg.TriedBody
		}
		what := "the signed header fields"
		if h.half == dkim.BodyHalf {
			what = "the body"
		}
		text := fmt.Sprintf("no known transformation of %s explains the mismatch", what)
		if len(tried) > 0 {
			text += "; searched: " + strings.Join(familyNames(tried), ", ")
		}
		if h.half == dkim.BodyHalf && hasKind(dg.Findings, dkim.KindLineChanged) {
			text += ". The line(s) suspected above were located by comparing the message's alternatives with each other, not by undoing a change: an edit cannot be proven without the original"
		} else if h.half == dkim.BodyHalf {
			text += ". A change outside these families (an edited line) cannot be located without the original"
		}
		d.para("  "+st.Warn.Render("- unexplained")+" ", "      ", text)
	}
	if dg.CutShort != "" {
		d.para("  "+st.Warn.Render("! cut short")+" ", "      ", Safe(dg.CutShort)+fmt.Sprintf(" (%d repaired copies, %d bytes re-hashed)", dg.Candidates, dg.Bytes))
	}
}

// changedByText names the ARC hop that made the changes to a signature,
// when the chain tells (the next hop's AMS still verifies).
func changedByText(chain *arc.Result, r *dkim.Result, st Styles, width int) string {
	i := arc.ChangedBy(chain, r)
	if i == 0 {
		return ""
	}
	who := ""
	for _, s := range chain.Sets {
		if s != nil && s.Instance == i && s.MessageSignature != nil {
			who = " (d=" + Safe(s.MessageSignature.Domain) + ")"
		}
	}
	d := newDoc(st, width)
	d.para("  ", "      ", fmt.Sprintf("ARC: the ARC-Message-Signature of hop i=%d%s still verifies, so the message changed between this signature and that hop's seal: that hop made the changes above", i, who))
	return d.String()
}

// FindingSentence says one finding of a diagnosis in words, already safe
// for the terminal. It is the one wording of a finding: the report's and
// the TUI's "What changed" section, the reason of the signature
// (DKIMReason), the line of its half (HalfDetail) and the JSON report all
// use it.
func FindingSentence(f dkim.Finding) string { return findingWords(f, quoteVisible) }

// findingWords is FindingSentence with message text quoted by quote: with
// its white space visible for a person, as Go quotes it for JSON.
func findingWords(f dkim.Finding, quote func(string) string) string {
	field := Safe(f.Field)
	at := ""
	if f.FieldLine > 0 {
		at = fmt.Sprintf(" (line %d)", f.FieldLine)
	}
	verified := f.Status == dkim.Verified
	switch f.Kind {
	case dkim.KindSubjectTag:
		if verified {
			return fmt.Sprintf("the signature verifies again when %s is removed from Subject%s: a list or gateway tagged the Subject after signing", quote(f.Added), at)
		}
	case dkim.KindFromRewritten:
		if verified {
			return fmt.Sprintf("the signature verifies again with From: %s%s, as the list kept it: a list rewrote From after signing (DMARC mitigation)", Safe(f.Removed), at)
		}
	case dkim.KindFieldAdded:
		return fmt.Sprintf("the signature verifies again without the %s field%s: it was added after signing (a later field of a signed name is hashed in place of the signed one, RFC 6376 section 5.4.2)", field, at)
	case dkim.KindRefolded:
		return fmt.Sprintf("the signature verifies again with %s%s unfolded: it was re-wrapped in transit, which simple canonicalization does not tolerate", field, at)
	case dkim.KindNameCase:
		return fmt.Sprintf("the signature verifies again with the name %s written %s%s: its case was changed in transit, which simple canonicalization does not tolerate", field, Safe(f.Removed), at)
	case dkim.KindDateReformatted:
		return fmt.Sprintf("the signature verifies again with Date: %s%s: Date was reformatted after signing (the same instant, written another way)", Safe(f.Removed), at)
	case dkim.KindEncodedWord:
		return fmt.Sprintf("the signature verifies again with %s: %s%s: an RFC 2047 encoded-word was decoded or re-encoded after signing", field, Safe(f.Removed), at)
	case dkim.KindFieldRemoved:
		return fmt.Sprintf("the signed field %s is missing from the message: it was probably removed after signing", field)
	case dkim.KindReencoded:
		if f.Half == dkim.HeaderHalf {
			return fmt.Sprintf("the signature verifies again with Content-Transfer-Encoding: %s%s: a relay re-encoded the body and rewrote this field", Safe(f.Removed), at)
		}
		return fmt.Sprintf("bh= matches with %s decoded from %s: a relay re-encoded 8bit content after signing (an 8BITMIME downgrade)", lineRange(f), Safe(f.Added))
	case dkim.KindWrapped:
		if f.Half == dkim.HeaderHalf {
			return fmt.Sprintf("the signature verifies again with Content-Type: %s%s: the body was wrapped into a new multipart", Safe(f.Removed), at)
		}
		return fmt.Sprintf("bh= matches the content of %s alone: the signed body was wrapped into a new multipart after signing (a list adding its footer as a part)", lineRange(f))
	case dkim.KindAppended:
		if verified {
			return fmt.Sprintf("bh= matches the body without %s: they were appended after signing (a list footer or disclaimer)", lineRange(f))
		}
		return fmt.Sprintf("%s look like an appended footer", lineRange(f))
	case dkim.KindPartFooter:
		if verified {
			return fmt.Sprintf("bh= matches without %s, at the end of a MIME part before its boundary: a footer was added inside the part after signing", lineRange(f))
		}
		return fmt.Sprintf("%s, at the end of a MIME part, look like a footer", lineRange(f))
	case dkim.KindPartBanner:
		return fmt.Sprintf("bh= matches without %s at the top of a text part: a banner was added after signing", lineRange(f))
	case dkim.KindHTMLFooter:
		return fmt.Sprintf("bh= matches without the HTML inserted before </body> (%s): a footer was added after signing", lineRange(f))
	case dkim.KindHTMLBanner:
		return fmt.Sprintf("bh= matches without the HTML inserted after <body> (%s): a banner was added after signing", lineRange(f))
	case dkim.KindPartAdded:
		return fmt.Sprintf("bh= matches without the MIME part at %s: a whole part was added after signing", lineRange(f))
	case dkim.KindBase64Rewrapped:
		w := Safe(f.Removed) + " characters a line"
		if f.Removed == "0" {
			w = "one line"
		}
		return fmt.Sprintf("bh= matches with the base64 of %s wrapped at %s: a gateway decoded and re-encoded it after signing", lineRange(f), w)
	case dkim.KindFromEscaped:
		return fmt.Sprintf("bh= matches with the \">\" taken off \"From \" at the start of %s: an mbox writer escaped those lines after signing", lineRange(f))
	case dkim.KindLinesWrapped:
		return fmt.Sprintf("bh= matches with the lines in %s joined again: long lines were wrapped at %s characters after signing", lineRange(f), Safe(f.Removed))
	case dkim.KindLinesAdded:
		return fmt.Sprintf("bh= matches without %s: added after signing in the middle of the body, which is no known transformation (an edit, or a note typed in by a forwarder)", lineRange(f))
	case dkim.KindURLRewritten:
		who := dkim.LinkService(f.Added)
		if who == "" {
			who = "a link-protection gateway"
		}
		if verified {
			return fmt.Sprintf("bh= matches with the link on %s undone to the original it carries: %s rewrote it after signing", lineRange(f), who)
		}
		return fmt.Sprintf("the links on %s were rewritten by %s after signing", lineRange(f), who)
	case dkim.KindBoundaryRewritten:
		switch {
		case verified && f.Half == dkim.HeaderHalf:
			return fmt.Sprintf("the signature verifies again with boundary=%s back in Content-Type%s, as the body's delimiter lines still have it: the boundary parameter was rewritten after signing", quoteVisible(f.Removed), at)
		case verified:
			return fmt.Sprintf("bh= matches with the boundary %s of Content-Type back on the delimiter lines of %s: they were rewritten after signing", quoteVisible(f.Removed), lineRange(f))
		case f.Half == dkim.HeaderHalf:
			return fmt.Sprintf("the multipart boundary %s in Content-Type%s looks rewritten after signing", quoteVisible(f.Added), at)
		}
		return fmt.Sprintf("the multipart boundary %s on the delimiter lines of %s looks rewritten after signing", quoteVisible(f.Added), lineRange(f))
	case dkim.KindLineChanged:
		other := "text/plain"
		if f.Field == "text/plain" {
			other = "text/html"
		}
		return fmt.Sprintf("%s of the %s part differs from its %s alternative, which otherwise carries the same text: it was probably edited after signing (not a known transformation; not proven)", lineRange(f), field, other)
	case dkim.KindEmbedded:
		return fmt.Sprintf("bh= matches the body of the message embedded at %s: a filter put the whole message into a report (message/rfc822) after signing", lineRange(f))
	case dkim.KindTabsExpanded:
		return fmt.Sprintf("bh= matches with tabs restored (%s) in %s: tabs were expanded to spaces after signing, which simple canonicalization does not tolerate", Safe(f.Removed), lineRange(f))
	case dkim.KindTrailingSpace:
		return fmt.Sprintf("bh= matches with the trailing space of %s restored in %s: trailing white space was stripped after signing", Safe(f.Removed), lineRange(f))
	}
	// Suspected header findings, and kinds without words of their own.
	s := Safe(f.Kind.String())
	if f.Field != "" {
		s += " in " + field + at
	}
	if f.FirstLine > 0 {
		s += " at " + lineRange(f)
	}
	if f.Added != "" {
		s += ": " + quote(f.Added) + " added"
	}
	return s
}

// verifiedSentences words the verified findings of one half, joined; ""
// when there are none.
func verifiedSentences(r *dkim.Result, half dkim.Half, quote func(string) string) string {
	if r.Diagnosis == nil {
		return ""
	}
	var parts []string
	for _, f := range r.Diagnosis.Findings {
		if f.Half == half && f.Status == dkim.Verified {
			parts = append(parts, findingWords(f, quote))
		}
	}
	return strings.Join(parts, "; and ")
}

// DKIMReason is a signature's reason as every output shows it: the reason
// of its verdict from analyze, then what the diagnosis verified changed,
// in the words of FindingSentence.
func DKIMReason(r *dkim.Result) string { return WithFindings(r.Reason, r) }

// WithFindings adds to a reason about signature r (its own, or one that
// evidence quotes) what the diagnosis verified changed.
func WithFindings(reason string, r *dkim.Result) string { return withFindings(reason, r, quoteVisible) }

// withFindings is WithFindings with message text quoted by quote.
func withFindings(reason string, r *dkim.Result, quote func(string) string) string {
	var parts []string
	for _, h := range []dkim.Half{dkim.HeaderHalf, dkim.BodyHalf} {
		if s := verifiedSentences(r, h, quote); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return reason
	}
	return reason + "; " + strings.Join(parts, "; and ")
}

// HalfDetail says why one half of a signature is as it is: what the
// diagnosis verified changed, or else the check's own detail.
func HalfDetail(r *dkim.Result, half dkim.Half) string { return halfDetail(r, half, quoteVisible) }

// halfDetail is HalfDetail with message text quoted by quote.
func halfDetail(r *dkim.Result, half dkim.Half, quote func(string) string) string {
	if s := verifiedSentences(r, half, quote); s != "" {
		return s
	}
	if half == dkim.BodyHalf {
		return BodyDetail(r.Body)
	}
	return r.Header.Detail
}

// BodyDetail says why the body hash is as it is: analyze's words for a
// body not checked, these for a mismatch (whose cause analyze computed).
func BodyDetail(b dkim.BodyCheck) string {
	if b.Status != dkim.Mismatch {
		return b.Detail
	}
	return bodyCauseWords(b.Cause)
}

// bodyCauseWords says what a body hash mismatch most likely means.
func bodyCauseWords(c dkim.BodyCause) string {
	switch c {
	case dkim.BodyLost:
		return "the body here is empty but the signer hashed a non-empty body: the body was probably lost (stripped by a tool, or not pasted)"
	case dkim.BodyAdded:
		return "bh= is the hash of an empty body: the signer signed no body, and this body was added after signing"
	}
	return "the body was changed after signing (a list footer, a re-encoding such as quoted-printable or base64, line-wrapping, or white space); compare the canonical lines below with what was sent"
}

// findingDetail shows the evidence of a suspected finding, the text added
// or removed (clipped to a few lines) and the repaired copy's hash.
func findingDetail(d *doc, f dkim.Finding) {
	const ind = "      "
	st := d.st
	if f.Evidence != "" {
		d.para(ind, ind, st.Muted.Render("evidence: ")+Safe(f.Evidence))
	}
	if f.Half == dkim.BodyHalf && f.Added != "" && isTextAdded(f.Kind) {
		lines := splitLines(f.Added)
		for i, l := range lines {
			if i == 4 {
				d.para(ind, ind, st.Muted.Render(fmt.Sprintf("… %d more lines", len(lines)-4)))
				break
			}
			d.hardStyled(ind+st.Fail.Render("+")+" ", ind+"  ", Visible(l), st.Value)
		}
	}
	if f.Kind == dkim.KindLineChanged && f.Added != "" {
		d.hardStyled(ind+st.Muted.Render("line   "), ind+"       ", Visible(f.Added), st.Value)
	}
	if f.Kind == dkim.KindURLRewritten {
		d.hardStyled(ind+st.Muted.Render("now    "), ind+"       ", Visible(f.Added), st.Value)
		label := "signed "
		if f.Status != dkim.Verified {
			label = "wraps  " // what the link carries, not proven signed
		}
		if f.Removed != "" {
			d.hardStyled(ind+st.Muted.Render(label), ind+"       ", Visible(f.Removed), st.Value)
		}
	}
	if f.RepairedHash != "" {
		what := "repaired header hash"
		if f.Half == dkim.BodyHalf {
			what = "repaired body hash"
		}
		d.para(ind, ind, st.Muted.Render(what+" ")+Safe(f.RepairedHash))
	}
}

func hasKind(fs []dkim.Finding, kind dkim.Family) bool {
	for _, f := range fs {
		if f.Kind == kind {
			return true
		}
	}
	return false
}

func isTextAdded(kind dkim.Family) bool {
	switch kind {
	case dkim.KindAppended, dkim.KindPartFooter, dkim.KindPartBanner, dkim.KindHTMLFooter, dkim.KindHTMLBanner, dkim.KindPartAdded, dkim.KindLinesAdded:
		return true
	}
	return false
}

func lineRange(f dkim.Finding) string {
	if f.FirstLine == f.LastLine {
		return fmt.Sprintf("line %d", f.FirstLine)
	}
	return fmt.Sprintf("lines %d-%d", f.FirstLine, f.LastLine)
}

// quoteVisible quotes message text with its white space visible.
func quoteVisible(s string) string { return "\"" + Visible(s) + "\"" }

// familyNames turns family identifiers into words.
func familyNames(kinds []dkim.Family) []string {
	words := map[dkim.Family]string{
		dkim.KindSubjectTag: "Subject tag", dkim.KindFromRewritten: "From rewritten by a list",
		dkim.KindFieldAdded: "field added", dkim.KindEncodingHeader: "Content-Transfer-Encoding changed",
		dkim.KindWrapped: "wrapped in a new multipart", dkim.KindEncodedWord: "encoded-word", dkim.KindRefolded: "refolded",
		dkim.KindNameCase: "name case", dkim.KindDateReformatted: "Date reformatted",
		dkim.KindAppended: "content appended", dkim.KindPartFooter: "footer in a MIME part",
		dkim.KindHTMLFooter: "HTML footer", dkim.KindHTMLBanner: "HTML banner", dkim.KindPartBanner: "text banner",
		dkim.KindPartAdded: "MIME part added", dkim.KindReencoded: "re-encoded to quoted-printable or base64",
		dkim.KindBase64Rewrapped: "base64 re-wrapped", dkim.KindFromEscaped: "\">From\" escaping",
		dkim.KindTabsExpanded: "tabs expanded", dkim.KindLinesWrapped: "long lines wrapped", dkim.KindLinesAdded: "a line or two added anywhere",
		dkim.KindEmbedded: "embedded in a report", dkim.KindPartBanner + "+" + dkim.KindHTMLBanner: "text and HTML banners", dkim.KindTrailingSpace: "trailing space stripped",
		dkim.KindURLRewritten: "links rewritten by a link-protection gateway", dkim.KindBoundaryRewritten: "MIME boundary rewritten", dkim.KindURLRewritten + "+footer": "rewritten links with a footer or banner",
	}
	out := make([]string, 0, len(kinds))
	for _, k := range kinds {
		if w, ok := words[k]; ok {
			out = append(out, w)
		} else {
			out = append(out, Safe(k.String()))
		}
	}
	return out
}
