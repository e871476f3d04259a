package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
)

// dkimStages are the boxes of a signature's verification, one per step.
var dkimStages = []string{"message", "tags", "name", "DNS", "key", "body c14n", "bh=", "header c14n", "b="}

// DKIMLesson walks through the verification of signature r of rep in the
// order of RFC 6376 section 6.1: the field, its tags, the key's name, the
// lookup, the key record, the body canonicalized and hashed, the header
// hash input, and the signature checked with the key.
func DKIMLesson(rep *analyze.Report, r *dkim.Result, st Styles, width int) Lesson {
	l := Lesson{Title: Title(r), Stages: dkimStages}
	add := func(title, text string) {
		l.Steps = append(l.Steps, LessonStep{Title: title, Stage: len(l.Steps), Text: text})
	}
	add("Select the signature", lessonSelect(rep, r, st, width))
	add("Parse the tags", lessonTags(r, st, width))
	add("Form the key's DNS name", lessonName(r, st, width))
	add("Look the key up", lessonLookup(rep, r, st, width))
	add("Read the key record", lessonKey(r, st, width))
	add("Canonicalize the body", lessonBody(rep, r, st, width))
	add("Hash the body, compare with bh=", lessonBodyHash(r, st, width))
	add("Build the header hash input", lessonHeaderInput(r, st, width))
	add("Verify b= with the key", lessonVerify(r, st, width))
	return l
}

func lessonSelect(rep *analyze.Report, r *dkim.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	n := 0
	for _, x := range rep.DKIM {
		if x != nil && x.Kind == r.Kind {
			n++
		}
	}
	if r.Kind == dkim.KindDKIM {
		n += rep.DKIMNotEvaluated
	}
	if r.Kind == dkim.KindAMS {
		lead(d, "An ARC-Message-Signature is verified as a DKIM-Signature is, with its instance i= in place of the identity (RFC 8617 section 4.1.2); which ones count is for the ARC chain to say (section 5.2).")
	} else {
		lead(d, "A verifier takes each DKIM-Signature field of the message on its own: each one gives its own result, and one that passes is enough to vouch for its d= domain (RFC 6376 sections 5 and 6.1).")
	}
	d.kv("  ", 10, "fields", fmt.Sprintf("%d %s field%s in the header", n, r.Kind, plural(n)), false)
	d.kv("  ", 10, "this one", fmt.Sprintf("#%d, counted from the top, at line %d", r.Index+1, r.Line), false)
	d.blank()
	d.b.WriteString(RawField(string(r.Kind), r.Line, r.Field, st, width))
	return d.String()
}

func lessonTags(r *dkim.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "The field's value is a tag-list: name=value pairs separated by semicolons, folding white space ignored (RFC 6376 section 3.2). Each tag, as read, with what it does:")
	if len(r.Tags) == 0 {
		d.paraStyled("  ", "  ", "No tags could be read from this field.", st.Muted)
	}
	tagList(d, r.Tags)
	if len(r.Notes) > 0 {
		d.blank()
		notes(d, r, "")
	}
	return d.String()
}

func lessonName(r *dkim.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "The key is published in DNS as a TXT record at <selector>._domainkey.<domain>, from s= and d= (RFC 6376 section 3.6.2.1).")
	d.kv("  ", 9, "s=", orNone(st, r.Selector), false)
	d.kv("  ", 9, "d=", orNone(st, r.Domain), false)
	switch {
	case r.DNS != nil:
		d.kv("  ", 9, "name", Safe(r.DNS.Query)+" "+Safe(r.DNS.Type), true)
	case r.Selector != "" && r.Domain != "":
		d.kv("  ", 9, "name", Safe(dkim.KeyName(r.Selector, r.Domain))+" TXT", true)
		d.paraStyled("  ", "  ", "Not looked up: "+Safe(r.Reason), st.Warn)
	default:
		d.paraStyled("  ", "  ", "No name can be formed: "+Safe(r.Reason), st.Warn)
	}
	return d.String()
}

func lessonLookup(rep *analyze.Report, r *dkim.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "The verifier asks its resolver for the TXT records at that name, following any CNAME; no record is a permanent error, a failed query a temporary one (RFC 6376 section 6.1.2).")
	d.kv("", 8, "resolver", Safe(rep.Resolver), false)
	d.blank()
	d.b.WriteString(DNSTrace(r.DNS, st, width))
	return d.String()
}

func lessonKey(r *dkim.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "The TXT strings, joined, are a tag-list too: the key record (RFC 6376 section 3.6.1).")
	k := r.Key
	if k == nil {
		d.paraStyled("  ", "  ", "No key record was parsed: "+Safe(r.Reason), st.Warn)
		return d.String()
	}
	const lw = 4
	d.kv("  ", lw, "k=", Safe(k.Type)+st.Muted.Render(" key type (rsa when absent)"), false)
	size := "empty: revoked"
	if k.Bits > 0 {
		size = fmt.Sprintf("%d-bit public key", k.Bits)
	}
	d.kv("  ", lw, "p=", size, false)
	d.kv("  ", lw, "t=", listOr(k.Flags, "no flags")+st.Muted.Render(" (y testing, s strict i= domain)"), false)
	d.kv("  ", lw, "h=", listOr(k.Hashes, "any hash")+st.Muted.Render(" hashes the key may be used with"), false)
	d.kv("  ", lw, "s=", listOr(k.Services, "* (any service)")+st.Muted.Render(" services"), false)
	if w := k.TooShort(); w != "" {
		d.paraStyled("  ", "  ", Safe(w), st.Warn)
	}
	d.blank()
	d.b.WriteString(keyView(k, st, width))
	return d.String()
}

func listOr(v []string, none string) string {
	if len(v) == 0 {
		return none
	}
	return Safe(strings.Join(v, ":"))
}

func orNone(st Styles, v string) string {
	if v == "" {
		return st.Muted.Render("(missing)")
	}
	return Safe(v)
}

// lessonBody shows the body lines raw and under both canonicalizations,
// the one the signature uses marked, and where l= cuts the hash off.
func lessonBody(rep *analyze.Report, r *dkim.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	b := r.Body
	lead(d, "Before hashing, the body is canonicalized: simple (RFC 6376 section 3.4.3) only removes empty lines at the end; relaxed (3.4.4) also drops white space at line ends and shrinks runs of spaces and tabs to one. Spaces show as ·, tabs →, CR ␍, LF ␊.")
	mark := "▸ "
	if st.ASCII {
		mark = "> "
	}
	d.para("", "", fmt.Sprintf("This signature uses c=%s: the %s form, marked %s, is hashed.", Safe(r.Canonicalization), Safe(canonOr(b.Canonicalization)), strings.TrimSpace(mark)))
	m := rep.Message
	if m == nil || !m.HasBody {
		d.paraStyled("  ", "  ", "The message has no body: "+Safe(b.Detail), st.Warn)
		return d.String()
	}
	simple, more := dkim.TraceBody(m.Body, "simple", m.BodyLine)
	relaxed, _ := dkim.TraceBody(m.Body, "relaxed", m.BodyLine)
	own := relaxed
	if b.Canonicalization == "simple" {
		own = simple
	}
	d.kv("", 8, "lengths", fmt.Sprintf("raw %d, canonical %d, hashed %d bytes", b.RawLength, b.CanonicalLength, b.HashedLength), false)
	var done int64
	cut := false
	cols := d.width >= lessonColumnsFrom
	if cols {
		colHeads(d, b.Canonicalization, mark)
	}
	for i := range simple {
		ln := simple[i]
		d.line(st.Muted.Render(fmt.Sprintf("line %d", ln.Line)) + changeMark(r, st, "body", ln.Line))
		d.hardStyled("    "+st.Label.Render("raw     ")+" ", strings.Repeat(" ", 13), Visible(clipped(ln.Raw)), st.Value)
		if cols {
			canonColumns(d, canonShown(st, ln), canonShown(st, relaxed[i]))
		} else {
			for _, c := range []struct {
				name dkim.Canon
				l    dkim.CanonLine
			}{{dkim.Simple, ln}, {dkim.Relaxed, relaxed[i]}} {
				lead := "  "
				if c.name == b.Canonicalization {
					lead = st.Marker.Render(mark)
				}
				d.hardStyled("  "+lead+st.Label.Render(pad(string(c.name), 8))+" ", strings.Repeat(" ", 13), canonShown(st, c.l), st.Value)
			}
		}
		if r.Length != nil && !cut && i < len(own) {
			before := done
			done += int64(len(own[i].Canonical))
			if done >= *r.Length {
				cut = true
				scissors := "✂"
				if st.ASCII {
					scissors = "8<"
				}
				where := fmt.Sprintf("after byte %d of this canonical line", *r.Length-before)
				if done == *r.Length {
					where = "at the end of this line"
				}
				d.paraStyled("    ", "      ", fmt.Sprintf("%s l=%d cut: the hash stops %s; what follows is not signed", scissors, *r.Length, where), st.Warn)
			}
		}
	}
	if more {
		d.paraStyled("  ", "  ", fmt.Sprintf("… the lines after the first %d are not shown.", len(simple)), st.Muted)
	}
	if r.Length != nil && b.Unsigned > 0 {
		d.paraStyled("  ", "  ", fmt.Sprintf("l=%d leaves %d bytes of the canonical body unsigned: anyone could have added them.", *r.Length, b.Unsigned), st.Warn)
	}
	return d.String()
}

func lessonBodyHash(r *dkim.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	b := r.Body
	lead(d, "The canonical body (up to l= when there is one) is hashed with the algorithm of a=, and the hash, in base64, must equal bh= (RFC 6376 section 3.7). This is the body half: it can fail while the header half passes.")
	d.kv("  ", 9, "hash", hashKind(b.Canonicalization, b.Algorithm, "body"), false)
	d.kv("  ", 9, "hashed", fmt.Sprintf("%d bytes", b.HashedLength), false)
	d.blank()
	compare(d, "bh=", b.Claimed, "computed", b.Computed)
	d.blank()
	d.para("  ", "  ", st.Label.Render("result")+" "+checkLine(st, b.Status, BodyDetail(b)))
	return d.String()
}

// lessonHeaderInput shows the bytes of the header hash in the order they
// are hashed: each h= name's field, picked from the bottom, canonical;
// then the signature field with b= emptied.
func lessonHeaderInput(r *dkim.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	h := r.Header
	lead(d, fmt.Sprintf("The header hash input is built from h=, in its order. Each name takes the next field of that name counting from the bottom of the header; a name with none left adds nothing (RFC 6376 section 5.4.2). Each field is canonicalized (%s, section 3.4.1/3.4.2), and the signature field itself comes last, b= emptied, without its final CRLF (section 3.7).", Safe(canonOr(h.Canonicalization))))
	d.para("", "", "Each field is shown under simple (section 3.4.1: as received) and relaxed (3.4.2: name lower-cased, unfolded, white space runs shrunk to one space); the form this signature hashes is marked.")
	mark := "▸ "
	if st.ASCII {
		mark = "> "
	}
	cols := d.width >= lessonColumnsFrom
	if cols {
		colHeads(d, h.Canonicalization, mark)
	}
	for i, f := range h.Fields {
		n := fmt.Sprintf("%2d. ", i+1)
		if f.Instance == 0 {
			what := "none left: adds nothing"
			if f.Count == 0 {
				what = "not in the header: adds nothing"
			}
			d.para(n+st.TagName.Render(Safe(f.Name))+" ", "      ", st.Muted.Render(what))
			continue
		}
		d.para(n+st.TagName.Render(Safe(f.Name))+" ", "      ", st.Muted.Render(instanceText(f))+changeMark(r, st, "header", f.Line))
		headerForms(d, f, h.Canonicalization, mark, cols)
	}
	if h.FieldsOmitted > 0 {
		d.paraStyled("  ", "  ", fmt.Sprintf("%d more entries of h= hashed but not kept.", h.FieldsOmitted), st.Muted)
	}
	d.para("last ", "      ", st.TagName.Render(Safe(string(r.Kind)))+" "+st.Muted.Render("(this signature, b= emptied)"))
	d.hardStyled("      ", "      ", Visible(clipped(h.Signature.Canonical)), st.Value)
	d.blank()
	if h.Computed != "" {
		d.kv("  ", 9, "hash", Safe(h.Algorithm)+" of these bytes, in hex:", false)
		d.hard("  "+strings.Repeat(" ", 10), "  "+strings.Repeat(" ", 10), Safe(h.Computed))
	} else {
		d.paraStyled("  ", "  ", "Not hashed: "+Safe(h.Detail), st.Warn)
	}
	return d.String()
}

func lessonVerify(r *dkim.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "Last, b= is checked with the public key against the header hash (RFC 6376 section 6.1.3). An RSA signature, opened with the key, reveals the hash the signer signed; Ed25519 only says yes or no (RFC 8463).")
	d.kv("  ", 9, "key", keyLine(r), false)
	d.kv("  ", 9, "algorithm", orNone(st, r.Algorithm), false)
	d.blank()
	compare(d, "signed", r.Header.Claimed, "computed", r.Header.Computed)
	if r.Header.Claimed == "" && r.Header.ClaimedNote != "" {
		d.para("  ", "  ", st.Muted.Render("signed: ")+Safe(r.Header.ClaimedNote))
	}
	d.para("  ", "  ", st.Label.Render("b=")+" "+checkLine(st, r.Header.Status, r.Header.Detail))
	d.para("  ", "  ", st.Label.Render("bh=")+" "+checkLine(st, r.Body.Status, BodyDetail(r.Body)))
	d.blank()
	d.para(st.Verdict(r.Verdict)+"  ", "   ", Safe(r.Reason))
	notes(d, r, "  ")
	return d.String()
}

// headerForms writes one signed field's simple and relaxed canonical
// forms, side by side from lessonColumnsFrom columns, the one hashed
// (own) marked. A field too large to show whole shows only its hashed
// form, clipped.
func headerForms(d *doc, f dkim.SignedField, own dkim.Canon, mark string, cols bool) {
	st := d.st
	if len(f.Raw) > MaxShown {
		d.hardStyled("      ", "      ", Visible(clipped(f.Canonical)), st.Value)
		return
	}
	simple := Visible(string(dkim.CanonHeader([]byte(f.Raw), dkim.Simple)))
	relaxed := Visible(string(dkim.CanonHeader([]byte(f.Raw), dkim.Relaxed)))
	if cols {
		canonColumns(d, simple, relaxed)
		return
	}
	for _, c := range []struct {
		name dkim.Canon
		text string
	}{{dkim.Simple, simple}, {dkim.Relaxed, relaxed}} {
		lead := "  "
		if c.name == own {
			lead = st.Marker.Render(mark)
		}
		d.hardStyled("    "+lead+st.Label.Render(pad(string(c.name), 8))+" ", strings.Repeat(" ", 15), c.text, st.Value)
	}
}

// lessonColumnsFrom is the width from which the body step puts simple and
// relaxed in two columns; below it they are one above the other.
const lessonColumnsFrom = 100

// canonShown is a canonical body line with its bytes visible, or the word
// removed.
func canonShown(st Styles, l dkim.CanonLine) string {
	if l.Removed {
		return st.Warn.Render("removed") + st.Muted.Render(" (empty line at the end)")
	}
	return Visible(clipped(l.Canonical))
}

// canonIndent is where the columns of the body step start.
const canonIndent = 13

// colWidth is the width of each of the two columns.
func (d *doc) colWidth() int { return (d.width - canonIndent - 2) / 2 }

// colHeads writes the names of the two columns, the one the signature
// uses marked.
func colHeads(d *doc, own dkim.Canon, mark string) {
	head := func(name dkim.Canon) string {
		if name == own {
			return d.st.Marker.Render(mark) + d.st.Label.Render(string(name))
		}
		return "  " + d.st.Label.Render(string(name))
	}
	w := d.colWidth()
	d.line(strings.Repeat(" ", canonIndent-2) + pad(head(dkim.Simple), w+2) + head(dkim.Relaxed))
}

// canonColumns writes the simple and relaxed forms of one line side by
// side, each cut at the column width and never truncated.
func canonColumns(d *doc, simple, relaxed string) {
	w := d.colWidth()
	left := strings.Split(HardWrap(simple, w), "\n")
	right := strings.Split(HardWrap(relaxed, w), "\n")
	for i := range max(len(left), len(right)) {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		d.line(strings.Repeat(" ", canonIndent) + pad(l, w) + "  " + r)
	}
}

// canonOr names a canonicalization, "unknown" when c= gave none usable.
func canonOr(c dkim.Canon) string {
	if c == "" {
		return "unknown"
	}
	return string(c)
}
