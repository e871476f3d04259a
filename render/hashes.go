package render

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/headerscope/headerscope/analyze/dkim"
)

// hashesView puts the claimed and computed hash of each half of the
// signature one above the other, marks where they first differ and says
// in plain words what a mismatch most likely means.
func hashesView(r *dkim.Result, st Styles, width int) string {
	d := newDoc(st, width)
	b := r.Body
	d.para("", "", st.Subheading.Render("Body hash (bh=)")+" "+st.Muted.Render(hashKind(b.Canonicalization, b.Algorithm, "body"))+"  "+st.check(b.Status))
	compare(d, "claimed", b.Claimed, "computed", b.Computed)
	if bd := BodyDetail(b); bd != "" && !verifiedHalf(r, dkim.BodyHalf) {
		d.para("  ", "  ", Safe(bd))
	}

	d.blank()
	h := r.Header
	d.para("", "", st.Subheading.Render("Header hash (b=)")+" "+st.Muted.Render(hashKind(h.Canonicalization, h.Algorithm, "header"))+"  "+st.check(h.Status))
	compare(d, "signed", h.Claimed, "computed", h.Computed)
	if h.Claimed == "" && h.ClaimedNote != "" {
		d.para("  ", "  ", st.Muted.Render("signed: ")+Safe(h.ClaimedNote))
	}
	if h.Detail != "" && !verifiedHalf(r, dkim.HeaderHalf) {
		d.para("  ", "  ", Safe(h.Detail))
	}
	if h.Status == dkim.Mismatch && h.Detail == "" && !verifiedHalf(r, dkim.HeaderHalf) {
		d.paraStyled("  ", "  ", headerMeaning(r), st.Warn)
	}
	diagnosisSection(d, r)
	return d.String()
}

// verifiedHalf reports whether the diagnosis proved what changed in one
// half; its section then says it, and the one-line detail would repeat it.
func verifiedHalf(r *dkim.Result, half dkim.Half) bool {
	if r.Diagnosis == nil {
		return false
	}
	for _, f := range r.Diagnosis.Findings {
		if f.Half == half && f.Status == dkim.Verified {
			return true
		}
	}
	return false
}

func hashKind(canon dkim.Canon, alg, half string) string {
	var parts []string
	if canon != "" {
		parts = append(parts, Safe(canon.String())+" "+half)
	}
	if alg != "" {
		parts = append(parts, Safe(alg))
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// compare writes two values one above the other and, when both are known
// and differ, a caret under the first differing character.
func compare(d *doc, la, a, lb, b string) {
	const lw = 9
	show := func(label, v string) {
		if v == "" {
			d.kv("  ", lw, label, d.st.Muted.Render("(not known)"), false)
			return
		}
		d.kv("  ", lw, label, Safe(v), true)
	}
	show(la, a)
	show(lb, b)
	if a == "" || b == "" || a == b {
		return
	}
	a, b = Safe(a), Safe(b)
	pos := firstDiff(a, b)
	col := 2 + lw + 1 + pos
	room := d.width - 2 - lw - 1
	// A hash changes throughout for any change to its input, so the
	// position only shows that the values differ, not where the content
	// does: say so rather than let it mislead.
	words := fmt.Sprintf("first difference at character %d; any change to the input changes the whole hash, so see the canonical lines for where the content differs", pos+1)
	fits := utf8.RuneCountInString(a) <= room && utf8.RuneCountInString(b) <= room
	switch {
	case fits && col+2+len(words) <= d.width:
		d.line(strings.Repeat(" ", col) + d.st.Marker.Render("^") + " " + d.st.Muted.Render(words))
	case fits:
		d.line(strings.Repeat(" ", col) + d.st.Marker.Render("^"))
		d.para(strings.Repeat(" ", 2+lw+1), strings.Repeat(" ", 2+lw+1), d.st.Muted.Render(words))
	default:
		d.para(strings.Repeat(" ", 2+lw+1), strings.Repeat(" ", 2+lw+1), d.st.Muted.Render(words))
	}
}

// firstDiff returns the rune index where a and b first differ.
func firstDiff(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	return i
}

// headerMeaning explains a header signature mismatch in plain words, when
// the diagnosis verified no change.
func headerMeaning(r *dkim.Result) string {
	h := r.Header
	var s string
	switch {
	case h.Claimed != "" && h.Computed != "":
		s = "What it most likely means: the public key opens the signature and reveals the hash the signer signed, so the key is right but the signed header fields are not the ones the signer saw: a signed field was changed, re-folded or re-encoded, or a field with a signed name was added below the original (fields are picked from the bottom up, so the newcomer is hashed instead), or one that was absent when signed was added."
	case strings.HasPrefix(r.Algorithm, "ed25519"):
		s = "What it most likely means: a signed header field was changed, re-folded or added after signing, or the key in DNS is not the key that signed. Ed25519 does not reveal the signed hash, so which of these cannot be told apart."
	default:
		s = "What it most likely means: a signed header field was changed, re-folded or added after signing, or the key in DNS is not the key that signed (the signature did not open with this key, so the signed hash is not known)."
	}
	if r.Body.Status == dkim.Mismatch {
		s += " The body changed too."
	}
	s += " Compare the signed fields (the Canonicalization view of the TUI, or header_hash.fields in the JSON report)."
	return s
}
