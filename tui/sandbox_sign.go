package tui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/render"
	"github.com/headerscope/headerscope/tui/gallery"
)

// The sandbox's keys on the selected signature: c and C toggle its
// canonicalization, S signs the copy again with a teaching key.

// toggleCanon switches the header (or body) canonicalization of the
// selected signature between simple and relaxed.
func (m *model) toggleCanon(b *sandbox, header bool) tea.Cmd {
	raw := b.doc.raw
	if countSignatures(raw) == 0 {
		m.setStatus("the copy has no DKIM-Signature field")
		return nil
	}
	hc, bc := canonOf(raw, b.sig)
	what := sbTouched{Signature: true}
	if header {
		hc = otherCanon(hc)
		what.Fields = fieldsChangedByCanon(raw, b.sig)
	} else {
		bc = otherCanon(bc)
		what.Body = true
		what.BodyLines = bodyLinesChangedByCanon(b.rows, raw)
	}
	nr, err := setSignatureTag(raw, b.sig, "c", hc+"/"+bc)
	if err != nil {
		m.sandboxError(err)
		return nil
	}
	return m.apply(b, nr, what, render.SandboxTagChanged(b.sig, "c", hc+"/"+bc))
}

// fieldsChangedByCanon lists the fields of h= that relaxed
// canonicalization rewrites beyond the name's case and the space after the
// colon (folding, runs of white space): where simple and relaxed differ in
// a way a relay's rewrapping can matter.
func fieldsChangedByCanon(raw []byte, n int) []string {
	var out []string
	seen := map[string]bool{}
	rows, _ := sandboxRows(raw)
	for _, name := range strings.Split(sigTag(raw, n, "h"), ":") {
		l := strings.ToLower(strings.TrimSpace(name))
		if l == "" || seen[l] {
			continue
		}
		seen[l] = true
		for _, r := range rows {
			if r.kind == rowField && strings.EqualFold(r.name, l) && rewrittenByRelaxed(raw[r.start:r.end]) {
				out = append(out, r.name)
				break
			}
		}
	}
	return out
}

// bodyLinesChangedByCanon lists the first body lines (at most 8) that
// relaxed body canonicalization rewrites: white space at the end of a
// line or in runs (RFC 6376 section 3.4.4).
func bodyLinesChangedByCanon(rows []sbRow, raw []byte) []render.SandboxLine {
	var out []render.SandboxLine
	i := 0
	for _, r := range rows {
		if r.kind != rowBody {
			continue
		}
		line := raw[r.start:r.end]
		if string(dkim.CanonBodyLine(line, "simple")) != string(dkim.CanonBodyLine(line, "relaxed")) {
			out = append(out, render.SandboxLine{Before: i, After: i})
			if len(out) == 8 {
				break
			}
		}
		i++
	}
	return out
}

// rewrittenByRelaxed says whether relaxed header canonicalization (RFC
// 6376 section 3.4.2) changes more of field than the case of its name and
// the white space around its colon.
func rewrittenByRelaxed(field []byte) bool {
	simple := string(dkim.CanonHeader(field, "simple"))
	relaxed := string(dkim.CanonHeader(field, "relaxed"))
	sc, rc := strings.IndexByte(simple, ':'), strings.IndexByte(relaxed, ':')
	if sc < 0 || rc < 0 {
		return true
	}
	return strings.TrimLeft(simple[sc+1:], " \t") != relaxed[rc+1:]
}

// sbSignedMsg carries a re-signed copy back to Update.
type sbSignedMsg struct {
	box  *sandbox
	gen  int
	raw  []byte
	err  error
	sign int
	// selector and domain name the key it was signed with.
	selector, domain string
}

// resign signs the copy again with the teaching key of the selected
// signature's d= and s=, in a tea.Cmd.
func (m *model) resign(b *sandbox) tea.Cmd {
	raw := b.doc.raw
	if countSignatures(raw) == 0 {
		m.setStatus("the copy has no DKIM-Signature field to sign again")
		return nil
	}
	d, s := sigTag(raw, b.sig, "d"), sigTag(raw, b.sig, "s")
	k, ok := gallery.TeachingKey(s, d)
	if !ok {
		m.setError(render.SandboxKeyNote(s, d, false, ""))
		return nil
	}
	now := time.Now
	if b.doc.now != nil {
		now = b.doc.now
	}
	at, gen, n := now(), b.doc.gen, b.sig
	m.setStatus("signing with the teaching key of " + render.Safe(s) + "._domainkey." + render.Safe(d) + "…")
	return func() tea.Msg {
		out, err := dkim.Resign(raw, n, k, at)
		return sbSignedMsg{box: b, gen: gen, raw: out, err: err, sign: n, selector: s, domain: d}
	}
}

// signed applies a re-signed copy, unless the copy changed meanwhile.
func (m *model) signed(msg sbSignedMsg) tea.Cmd {
	b := msg.box
	switch {
	case msg.err != nil:
		m.sandboxError(msg.err)
		return nil
	case msg.gen != b.doc.gen:
		m.setError("the copy changed while it was being signed: press S again")
		return nil
	}
	return m.apply(b, msg.raw, sbTouched{Signature: true, Body: true},
		render.SandboxResigned(msg.sign, msg.selector, msg.domain, gallery.TeachingNote))
}

// keyNote is the comparison's key note: which teaching key the
// selected signature would be signed with, or that there is none.
func (b *sandbox) keyNote() string {
	raw := b.doc.raw
	if countSignatures(raw) == 0 {
		return ""
	}
	d, s := sigTag(raw, b.sig, "d"), sigTag(raw, b.sig, "s")
	_, ok := gallery.TeachingKey(s, d)
	return render.SandboxKeyNote(s, d, ok, gallery.TeachingNote)
}
