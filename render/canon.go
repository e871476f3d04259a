package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/dkim"
)

// canonView shows the exact input of both hashes: the signed header
// fields in h= order with the instance chosen, the signature field with
// b= emptied, and the body lines before and after canonicalization, with
// white space and line ends visible.
func canonView(r *dkim.Result, st Styles, width int) string {
	d := newDoc(st, width)
	h := r.Header
	d.para("", "", st.Subheading.Render("Header hash input")+" "+canonName(h.Canonicalization))
	d.paraStyled("", "", "The fields listed in h=, in that order. Each name takes the next field of that name counting from the bottom of the header (RFC 6376 section 5.4.2).", st.Muted)
	if len(h.Fields) == 0 {
		d.paraStyled("  ", "  ", "No signed fields were recorded.", st.Muted)
	}
	for i, f := range h.Fields {
		n := fmt.Sprintf("%2d. ", i+1)
		if f.Instance == 0 {
			what := "not present: contributes nothing"
			if f.Count > 0 {
				what = fmt.Sprintf("over-signed: all %d %s field%s already taken above; contributes nothing", f.Count, Safe(f.Name), plural(f.Count))
			}
			d.para(n+st.TagName.Render(Safe(f.Name))+" ", "      ",
				st.Warn.Render(what)+" — so a field of that name added later breaks the signature (RFC 6376 section 5.4.2)")
			continue
		}
		d.para(n, "      ", st.TagName.Render(Safe(f.Name))+" "+st.Muted.Render(instanceText(f))+changeMark(r, st, dkim.HeaderHalf, f.Line))
		rawCanon(d, "      ", f.Raw, f.Canonical)
	}
	if h.FieldsOmitted > 0 {
		d.paraStyled("  ", "  ", fmt.Sprintf("%d more entries of h= hashed but not shown: at most %d are kept.", h.FieldsOmitted, dkim.MaxSignedFields), st.Muted)
	}
	s := h.Signature
	d.para("", "", st.Subheading.Render("Signature field")+" "+st.Muted.Render("with b= emptied, hashed last without its final line end (RFC 6376 section 3.7)"))
	if s.Raw == "" && s.Canonical == "" {
		d.paraStyled("      ", "      ", "not recorded", st.Muted)
	} else {
		rawCanon(d, "      ", s.Raw, s.Canonical)
	}

	d.blank()
	b := r.Body
	d.para("", "", st.Subheading.Render("Body hash input")+" "+canonName(b.Canonicalization))
	lengths := fmt.Sprintf("raw %d, canonical %d, hashed %d, unsigned %d bytes", b.RawLength, b.CanonicalLength, b.HashedLength, b.Unsigned)
	d.kv("  ", 8, "lengths", lengths, false)
	if r.Length != nil {
		msg := fmt.Sprintf("l=%d: the hash stops after byte %d of the canonical body", *r.Length, *r.Length)
		if b.Unsigned > 0 {
			msg += fmt.Sprintf("; the %d bytes after it are not covered by the signature and could have been added by anyone", b.Unsigned)
		}
		d.kv("  ", 8, "l= cut", st.Warn.Render(msg), false)
	}
	bareLF := 0
	cut := newLengthCut(r)
	for _, l := range b.Lines {
		if l.Removed {
			d.para(fmt.Sprintf("  line %-5d ", l.Line), "             ",
				st.Warn.Render("removed")+" "+Visible(l.Raw)+" "+st.Muted.Render("(trailing empty line, RFC 6376 section 3.4.3/3.4.4)"))
			continue
		}
		if strings.HasSuffix(l.Raw, "\n") && !strings.HasSuffix(l.Raw, "\r\n") {
			bareLF++
		}
		d.line(st.Muted.Render(fmt.Sprintf("  line %d", l.Line)) + changeMark(r, st, dkim.BodyHalf, l.Line) + cut.mark(st, l.Canonical))
		rawCanon(d, "    ", l.Raw, l.Canonical)
	}
	if len(b.Lines) == 0 && b.Status != dkim.NotChecked {
		d.paraStyled("  ", "  ", "No body lines were recorded.", st.Muted)
	}
	if b.LinesTruncated {
		d.paraStyled("  ", "  ", "… more lines not shown.", st.Muted)
	}
	if bareLF > 0 {
		d.para("  ", "  ", fmt.Sprintf("%d of the lines shown end with a bare LF; it is treated as a CRLF line end, as every verifier does, and hashed as CRLF.", bareLF))
	}
	if bd := BodyDetail(b); bd != "" {
		d.para("  ", "  ", Safe(bd))
	}
	return d.String()
}

// changeMark marks a signed field or body line that the diagnosis found
// changed after signing, and says whether that is proven.
func changeMark(r *dkim.Result, st Styles, half dkim.Half, line int) string {
	if r.Diagnosis == nil || line == 0 {
		return ""
	}
	for _, f := range r.Diagnosis.Findings {
		if f.Half != half {
			continue
		}
		in := f.FieldLine == line
		if half == dkim.BodyHalf {
			in = f.FirstLine <= line && line <= f.LastLine
		}
		if !in {
			continue
		}
		what := "changed after signing"
		if half == dkim.BodyHalf {
			what = "added or changed after signing"
		}
		arrow := "◀ "
		if st.ASCII {
			arrow = "<- "
		}
		if f.Status == dkim.Verified {
			return " " + st.Marker.Render(arrow+what+" ("+Safe(f.Kind.String())+", verified)")
		}
		return " " + st.Warn.Render(arrow+what+"? ("+Safe(f.Kind.String())+", suspected)")
	}
	return ""
}

func canonName(c dkim.Canon) string {
	if c == "" {
		return ""
	}
	return "(" + Safe(c.String()) + " canonicalization)"
}

// instanceText says which field an h= entry picked.
func instanceText(f dkim.SignedField) string {
	s := fmt.Sprintf("(instance %d from the bottom", f.Instance)
	if f.Count > 1 {
		s = fmt.Sprintf("(instance %d of %d, counted from the bottom", f.Instance, f.Count)
	}
	if f.Line > 0 {
		s += fmt.Sprintf(", line %d", f.Line)
	}
	return s + ")"
}

// rawCanon writes a raw and a canonical form one above the other with
// every byte visible; a folded raw field keeps one row per line.
func rawCanon(d *doc, indent, raw, canon string) {
	lines := splitLines(clipped(raw))
	if len(lines) == 0 {
		lines = []string{""}
	}
	for i, l := range lines {
		label := "raw   "
		if i > 0 {
			label = "      "
		}
		d.hardStyled(indent+d.st.Label.Render(label), indent+"      ", Visible(l), d.st.Value)
	}
	d.hardStyled(indent+d.st.Label.Render("canon "), indent+"      ", Visible(clipped(canon)), d.st.Value)
}

// plural returns "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
