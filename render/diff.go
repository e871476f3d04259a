package render

import (
	"fmt"

	"github.com/headerscope/headerscope/analyze/dkim"
)

// HasDiff reports whether r's diagnosis keeps a change to show: a
// verified finding with the lines it undid.
func HasDiff(r *dkim.Result) bool {
	if r == nil || r.Diagnosis == nil {
		return false
	}
	for _, f := range r.Diagnosis.Findings {
		if f.Status == dkim.Verified && len(f.Changes) > 0 {
			return true
		}
	}
	return false
}

// Diff shows what the verified findings of r's diagnosis changed back: for
// each change, the received lines against the same lines of the repaired
// copy whose hash verified, as a unified diff. "-" is a received line,
// with its message line number; "+" the line as the signer hashed it;
// lines a change did not touch are context. Every byte is visible (space
// ·, tab →, CR ␍, LF ␊) and whatever could act on a terminal is escaped.
func Diff(r *dkim.Result, st Styles, width int) string {
	d := newDoc(st, width)
	d.para("", "", st.Subheading.Render("Received vs repaired")+" "+st.Muted.Render("(the copy that verified when each finding was undone)"))
	d.line(st.Fail.Render("--- received") + st.Muted.Render(", as the message has it"))
	d.line(st.Pass.Render("+++ repaired") + st.Muted.Render(", as the signer hashed it"))
	if !HasDiff(r) {
		d.blank()
		d.paraStyled("", "", "No verified finding keeps a change to show: nothing was found changed, or what was found is only suspected (the original is not known, so there is nothing to compare with).", st.Muted)
		return d.String()
	}
	for _, f := range r.Diagnosis.Findings {
		if f.Status != dkim.Verified || len(f.Changes) == 0 {
			continue
		}
		d.blank()
		proof := "bh= matches"
		if f.Half == dkim.HeaderHalf {
			proof = "the signature verifies"
		}
		title := Safe(f.Kind.String()) + " (" + string(f.Half) + ", verified: " + proof + ")"
		if f.Field != "" {
			title += " " + Safe(f.Field)
		}
		d.para("", "  ", st.TagName.Render(title))
		for _, c := range f.Changes {
			diffChange(d, c)
		}
	}
	return d.String()
}

// diffChange writes one change: its hunk line, the context lines both
// sides share at its ends, and the received and repaired lines between.
func diffChange(d *doc, c dkim.Change) {
	st := d.st
	recv, rep := splitLines(c.Received), splitLines(c.Repaired)
	head := 0
	for head < len(recv) && head < len(rep) && recv[head] == rep[head] {
		head++
	}
	tail := 0
	for tail < len(recv)-head && tail < len(rep)-head && recv[len(recv)-1-tail] == rep[len(rep)-1-tail] {
		tail++
	}
	where := fmt.Sprintf("line %d", c.Line)
	if c.Line == 0 {
		where = "a field no longer in the message"
	}
	d.line(st.Muted.Render(fmt.Sprintf("@@ %s: %d received, %d repaired @@", where, len(recv), len(rep))))
	num := func(i int) string {
		if c.Line == 0 {
			return "      "
		}
		return fmt.Sprintf("%5d ", c.Line+i)
	}
	for i := 0; i < head; i++ {
		d.hardStyled(st.Muted.Render(num(i))+"  ", "        ", Visible(recv[i]), st.Value)
	}
	for i := head; i < len(recv)-tail; i++ {
		d.hardStyled(st.Muted.Render(num(i))+st.Fail.Render("-")+" ", "        ", Visible(recv[i]), st.Fail)
	}
	for i := head; i < len(rep)-tail; i++ {
		d.hardStyled("      "+st.Pass.Render("+")+" ", "        ", Visible(rep[i]), st.Pass)
	}
	for i := len(recv) - tail; i < len(recv); i++ {
		d.hardStyled(st.Muted.Render(num(i))+"  ", "        ", Visible(recv[i]), st.Value)
	}
	if len(rep) == 0 {
		d.line("      " + st.Muted.Render("(nothing: these lines were added after signing)"))
	}
	if c.Clipped {
		d.line("      " + st.Muted.Render(fmt.Sprintf("… clipped at %d bytes a side", dkim.MaxFindingText)))
	}
}
