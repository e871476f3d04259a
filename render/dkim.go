package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/dkim"
)

// View selects one way of looking at a signature.
type View int

// The views of a signature, in the order the TUI offers them.
const (
	ViewOverview         View = iota // verdict, reason, the main tags, notes
	ViewTags                         // every tag with meaning and RFC section
	ViewCanonicalization             // signed fields and body, raw vs canonical
	ViewHashes                       // claimed vs computed hashes, and what a mismatch means
	ViewDNS                          // the key lookup path and the parsed key
	ViewRaw                          // the header field as received
)

// Views lists every View in display order.
var Views = []View{ViewOverview, ViewTags, ViewCanonicalization, ViewHashes, ViewDNS, ViewRaw}

// String returns the view's name as shown in a tab bar.
func (v View) String() string {
	switch v {
	case ViewOverview:
		return "Overview"
	case ViewTags:
		return "Tags"
	case ViewCanonicalization:
		return "Canonicalization"
	case ViewHashes:
		return "Hashes"
	case ViewDNS:
		return "DNS"
	case ViewRaw:
		return "Raw"
	}
	return fmt.Sprintf("View(%d)", int(v))
}

// DKIM renders one view of a signature result at the given width. Every
// string taken from the message is made safe.
func DKIM(r *dkim.Result, v View, st Styles, width int) string {
	if r == nil {
		return ""
	}
	switch v {
	case ViewTags:
		return tagsView(r, st, width)
	case ViewCanonicalization:
		return canonView(r, st, width)
	case ViewHashes:
		return hashesView(r, st, width)
	case ViewDNS:
		return dnsView(r, st, width)
	case ViewRaw:
		return rawView(r, st, width)
	}
	return overview(r, st, width)
}

// Title is the one-line name of a signature for lists and headings:
// "DKIM-Signature #1 example.com s=sel1 (line 4)".
func Title(r *dkim.Result) string {
	t := fmt.Sprintf("%s #%d", r.Kind, r.Index+1)
	if r.Domain != "" {
		t += " d=" + Safe(r.Domain)
	}
	if r.Selector != "" {
		t += " s=" + Safe(r.Selector)
	}
	if r.Line > 0 {
		t += fmt.Sprintf(" (line %d)", r.Line)
	}
	return t
}

func overview(r *dkim.Result, st Styles, width int) string {
	d := newDoc(st, width)
	d.para(st.Verdict(r.Verdict)+"  ", "   ", Safe(DKIMReason(r)))
	const lw = 12
	opt := func(label, v string) {
		if v != "" {
			d.kv("  ", lw, label, Safe(v), false)
		}
	}
	opt("domain", r.Domain)
	opt("selector", r.Selector)
	opt("algorithm", r.Algorithm)
	opt("canon", r.Canonicalization)
	opt("identity", r.Identity)
	if r.Timestamp != nil {
		d.kv("  ", lw, "signed", r.Timestamp.UTC().Format(time.RFC3339), false)
	}
	if r.Expiration != nil {
		d.kv("  ", lw, "expires", r.Expiration.UTC().Format(time.RFC3339), false)
	}
	if r.Length != nil {
		d.kv("  ", lw, "length", fmt.Sprintf("l=%d: only the first %d bytes of the canonical body are signed", *r.Length, *r.Length), false)
	}
	if len(r.SignedHeaders) > 0 {
		more := ""
		if n := r.SignedHeadersOmitted; n > 0 {
			more = fmt.Sprintf(" … (%d more names)", n)
		}
		d.kv("  ", lw, "signs", Safe(clipped(strings.Join(r.SignedHeaders, ":")))+more, false)
	}
	d.kv("  ", lw, "body hash", checkLine(st, r.Body.Status, HalfDetail(r, dkim.BodyHalf)), false)
	d.kv("  ", lw, "header sig", checkLine(st, r.Header.Status, HalfDetail(r, dkim.HeaderHalf)), false)
	d.kv("  ", lw, "key", keyLine(r), false)
	notes(d, r, "  ")
	for _, t := range r.Tags {
		if t.Problem != "" {
			d.para("  "+st.Error.Render(st.Glyph("permerror")+" "+Safe(t.Name)+"=")+" ", "      ", Safe(t.Problem))
		}
	}
	return d.String()
}

// checkLine is the state of one half of a signature and why; a detail
// that already starts with "not ..." replaces the words "not checked".
func checkLine(st Styles, status dkim.Status, detail string) string {
	if detail == "" {
		return st.check(status)
	}
	if status == dkim.NotChecked && strings.HasPrefix(detail, "not ") {
		return st.Warn.Render("-") + " " + Safe(detail)
	}
	return st.check(status) + ": " + Safe(detail)
}

// keyLine says in one line what key was found, or why none was.
func keyLine(r *dkim.Result) string {
	var parts []string
	if r.DNS != nil {
		parts = append(parts, fmt.Sprintf("%s %s", Safe(r.DNS.Query), r.DNS.Outcome))
	}
	if k := r.Key; k != nil {
		s := Safe(k.Type)
		if k.Bits > 0 {
			s += fmt.Sprintf(" %d bits", k.Bits)
		}
		if k.Revoked {
			s += ", revoked (empty p=)"
		}
		if k.Testing {
			s += ", testing (t=y)"
		}
		if k.Problem != "" {
			s += ": " + Safe(k.Problem)
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "not looked up"
	}
	return strings.Join(parts, "; ")
}

// notes writes the signature's notes, one per line, with a level word.
func notes(d *doc, r *dkim.Result, indent string) {
	for _, n := range r.Notes {
		var lvl string
		switch n.Level {
		case dkim.Error:
			lvl = d.st.Error.Render("! error")
		case dkim.Warning:
			lvl = d.st.Warn.Render("! warning")
		default:
			lvl = d.st.Muted.Render("i info")
		}
		text := Safe(n.Text)
		if n.Tag != "" {
			text = Safe(n.Tag) + "=: " + text
		}
		d.para(indent+lvl+" ", indent+"    ", text)
	}
}

func rawView(r *dkim.Result, st Styles, width int) string {
	d := newDoc(st, width)
	d.para("", "", st.Muted.Render(fmt.Sprintf("%s, line %d, as received (white space shown):", r.Kind, r.Line)))
	for _, l := range splitLines(clipped(r.Field)) {
		d.hardStyled("  ", "  ", Visible(l), st.Value)
	}
	return d.String()
}

// splitLines splits s after each LF, keeping the line ends so that they
// can be shown.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	out := strings.SplitAfter(s, "\n")
	if out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
