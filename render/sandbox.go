package render

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// SandboxChanges says what the TUI sandbox's edits changed since the
// version they are compared with.
type SandboxChanges struct {
	// Fields names the header fields edited, added or removed.
	Fields []string
	// Body is true when the body hash input changed: a body line, or the
	// signature's body c= or l=.
	Body bool
	// BodyLines are the body lines edited or removed.
	BodyLines []SandboxLine
	// Signature is true when the signature's own tags changed (c=, l=, a
	// new b= and bh=).
	Signature bool
}

// SandboxLine is one body line changed, by its 0-based index in the body
// before and after the edit; After is -1 for a line removed.
type SandboxLine struct{ Before, After int }

// Merge adds o to c, each field name once.
func (c SandboxChanges) Merge(o SandboxChanges) SandboxChanges {
	for _, f := range o.Fields {
		f = strings.TrimSpace(f)
		dup := f == ""
		for _, g := range c.Fields {
			dup = dup || strings.EqualFold(f, g)
		}
		if !dup {
			c.Fields = append(c.Fields, f)
		}
	}
	c.Body = c.Body || o.Body
	c.BodyLines = append(c.BodyLines, o.BodyLines...)
	c.Signature = c.Signature || o.Signature
	return c
}

// SandboxSide is one version of the sandbox's copy.
type SandboxSide struct {
	Raw []byte
	// Report is its analysis; nil while it runs.
	Report *analyze.Report
}

// Sandbox is what the sandbox screen compares: the copy before and after
// the latest edits, seen through one DKIM-Signature.
type Sandbox struct {
	Before, After SandboxSide
	// Signature is the DKIM-Signature looked through, 0 the topmost.
	Signature int
	Changes   SandboxChanges
	// KeyNote says which key S signs with (SandboxKeyNote).
	KeyNote string
}

// SandboxKeyNote says which teaching key S would sign the signature with,
// or that there is none for its d= and s=.
func SandboxKeyNote(selector, domain string, ok bool, teaching string) string {
	name := Safe(selector) + "._domainkey." + Safe(domain)
	if !ok {
		return "S: no teaching key for " + name + ": only the gallery's teaching domains can be signed again here"
	}
	return "S signs with the key of " + name + " (" + teaching + ")"
}

// sandboxMaxLines bounds the body lines and field instances compared, so
// that a field added 10,000 times does not make a screen of 10,000 rows.
const sandboxMaxLines = 8

// SandboxView writes the comparison: the verdicts before and after, the
// canonical bytes of what changed side by side under the signature's c=,
// and the body hash claimed and computed on both sides.
func SandboxView(s Sandbox, st Styles, width int) string {
	d := newDoc(st, width)
	before, after := sideOf(s.Before, s.Signature), sideOf(s.After, s.Signature)
	n := countSigs(after.msg)
	if n == 0 {
		d.para("", "", st.Subheading.Render("No DKIM-Signature")+" "+st.Muted.Render("in the copy: there is nothing to verify. u undoes the last edit."))
	} else {
		head := fmt.Sprintf("Signature %d of %d", s.Signature+1, n)
		d.para("", "  ", st.Subheading.Render(head)+" "+Safe(after.summary()))
	}
	sandboxVerdicts(d, before, after, st)
	sandboxFields(d, s, before, after)
	sandboxBody(d, s, before, after)
	sandboxDiagnosis(d, after)
	sandboxHashes(d, before, after)
	if s.KeyNote != "" {
		d.blank()
		d.paraStyled("  ", "  ", s.KeyNote, st.Muted)
	}
	return d.String()
}

// sandboxSide is one side as the comparison reads it.
type sandboxSide struct {
	msg    *message.Message // raw parsed, once per view
	rep    *analyze.Report
	result *dkim.Result // nil when not analysed or absent
	tags   map[string]string
	field  message.Field
	has    bool
}

func sideOf(s SandboxSide, n int) sandboxSide {
	out := sandboxSide{msg: message.Parse(s.Raw), rep: s.Report, tags: map[string]string{}}
	i := 0
	for _, f := range out.msg.Fields {
		if !strings.EqualFold(f.Name, string(dkim.KindDKIM)) {
			continue
		}
		if i == n {
			out.field, out.has = f, true
			tags, _ := dkim.ParseTagList(f.ValueText())
			for _, t := range tags {
				out.tags[t.Name] = t.Value
			}
			break
		}
		i++
	}
	if s.Report != nil && n < len(s.Report.DKIM) {
		out.result = s.Report.DKIM[n]
	}
	return out
}

// canon is the side's header or body canonicalization (RFC 6376 section
// 3.5: simple when absent; a lone header algorithm means simple body).
func (s sandboxSide) canon(header bool) dkim.Canon {
	h, b, _ := strings.Cut(strings.ToLower(s.tags["c"]), "/")
	v := b
	if header {
		v = h
	}
	if v == "" {
		return dkim.Simple
	}
	return dkim.Canon(v)
}

func (s sandboxSide) summary() string {
	if !s.has {
		return ""
	}
	out := fmt.Sprintf("d=%s s=%s a=%s c=%s/%s", s.tags["d"], s.tags["s"], s.tags["a"], s.canon(true), s.canon(false))
	if l, ok := s.tags["l"]; ok {
		out += " l=" + l
	}
	return out
}

// verdictText is the signature's verdict and reason, or why there is none.
func (s sandboxSide) verdictText(st Styles) (string, string) {
	switch {
	case s.rep == nil:
		return st.Muted.Render("checking…"), ""
	case s.result == nil:
		return st.Verdict(verdict.None), "no such signature"
	}
	return st.Verdict(s.result.Verdict), Safe(s.result.Reason)
}

// sandboxDiagnosis says what the diagnosis engine found in the failing
// signature after the edit: the change it names.
func sandboxDiagnosis(d *doc, after sandboxSide) {
	r := after.result
	if r == nil || r.Diagnosis == nil || len(r.Diagnosis.Findings) == 0 {
		return
	}
	d.blank()
	d.para("", "  ", d.st.Subheading.Render("Diagnosis")+" "+d.st.Muted.Render("(after)"))
	for i, f := range r.Diagnosis.Findings {
		if i == 2 {
			d.paraStyled("  ", "  ", fmt.Sprintf("%d more in the panes (esc, then the signature's Overview)", len(r.Diagnosis.Findings)-2), d.st.Muted)
			break
		}
		d.para("  • ", "    ", FindingSentence(f))
	}
}

// sandboxFields shows each changed field under the header c= of each side.
func sandboxFields(d *doc, s Sandbox, before, after sandboxSide) {
	names := append([]string{}, s.Changes.Fields...)
	if s.Changes.Signature && after.has {
		names = append(names, after.field.Name)
	}
	for _, name := range names {
		d.blank()
		what := fmt.Sprintf("%s, canonical (header c=%s before, c=%s after)", Safe(name), before.canon(true), after.canon(true))
		if strings.EqualFold(name, string(dkim.KindDKIM)) {
			what = fmt.Sprintf("%s %d with b= emptied, as hashed (c=%s before, c=%s after)", Safe(name), s.Signature+1, before.canon(true), after.canon(true))
		}
		d.para("", "  ", d.st.Subheading.Render(what))
		if signed := after.signs(name); signed != "" {
			d.paraStyled("  ", "  ", signed, d.st.Muted)
		}
		sideBySide(d, fieldCanon(before, name, s.Signature), fieldCanon(after, name, s.Signature))
	}
}

// signs says whether h= of the side's signature lists name.
func (s sandboxSide) signs(name string) string {
	if !s.has || strings.EqualFold(name, string(dkim.KindDKIM)) {
		return ""
	}
	for _, h := range strings.Split(s.tags["h"], ":") {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return ""
		}
	}
	return "not in h=: this signature does not hash it, so the change cannot break it"
}

// fieldCanon is the canonical form of every field named name on a side,
// top down; the signature field with its b= value removed.
func fieldCanon(s sandboxSide, name string, sig int) []string {
	var out []string
	i := 0
	for _, f := range s.msg.Fields {
		if !strings.EqualFold(f.Name, name) {
			continue
		}
		raw := f.Raw
		if strings.EqualFold(name, string(dkim.KindDKIM)) {
			if i != sig {
				i++
				continue
			}
			i++
			tags, _ := dkim.ParseTagList(f.ValueText())
			if stripped, ok := dkim.StripB(f.Raw, tags); ok {
				raw = stripped
			}
		}
		if len(out) == sandboxMaxLines {
			out = append(out, "…")
			break
		}
		out = append(out, Visible(Clip(string(dkim.CanonHeader(raw, s.canon(true))), MaxShown)))
	}
	if len(out) == 0 {
		out = append(out, "(absent)")
	}
	return out
}

// sandboxBody shows each changed body line under the body c= of each side.
func sandboxBody(d *doc, s Sandbox, before, after sandboxSide) {
	lines := s.Changes.BodyLines
	if len(lines) == 0 {
		if s.Changes.Body && before.canon(false) != after.canon(false) {
			d.blank()
			d.paraStyled("  ", "  ", fmt.Sprintf("Body c=%s before, c=%s after: no body line has white space the two treat differently (relaxed shortens runs of it and drops it at line ends), so both hash the same body bytes; only the c= tag changed.", before.canon(false), after.canon(false)), d.st.Muted)
		}
		return
	}
	d.blank()
	d.para("", "  ", d.st.Subheading.Render(fmt.Sprintf("Body, canonical (body c=%s before, c=%s after)", before.canon(false), after.canon(false))))
	bl, al := bodyLines(before.msg), bodyLines(after.msg)
	for i, l := range lines {
		if i == sandboxMaxLines {
			d.paraStyled("  ", "  ", fmt.Sprintf("%d more lines changed", len(lines)-i), d.st.Muted)
			break
		}
		b, a := "(absent)", "(removed)"
		if l.Before >= 0 && l.Before < len(bl) {
			b = Visible(Clip(string(dkim.CanonBodyLine(bl[l.Before], before.canon(false))), MaxShown))
		}
		if l.After >= 0 && l.After < len(al) {
			a = Visible(Clip(string(dkim.CanonBodyLine(al[l.After], after.canon(false))), MaxShown))
		}
		d.paraStyled("  ", "  ", fmt.Sprintf("body line %d", max(l.Before, l.After)+1), d.st.Muted)
		sideBySide(d, []string{b}, []string{a})
	}
}

// bodyLines splits a message's body into lines, line ends kept.
func bodyLines(m *message.Message) [][]byte {
	if !m.HasBody {
		return nil
	}
	var out [][]byte
	b := m.Body
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, b)
			break
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}

// sideBySide writes two columns of already safe text, each hard-wrapped
// to half the width, "before │ after".
func sideBySide(d *doc, left, right []string) {
	col := max((d.width-5)/2, 10)
	wrapAll := func(ls []string) []string {
		var out []string
		for _, l := range ls {
			out = append(out, strings.Split(HardWrap(l, col), "\n")...)
		}
		return out
	}
	l, r := wrapAll(left), wrapAll(right)
	d.line("  " + d.st.Muted.Render(pad("before", col)) + " │ " + d.st.Muted.Render("after"))
	for i := 0; i < max(len(l), len(r)); i++ {
		a, b := "", ""
		if i < len(l) {
			a = l[i]
		}
		if i < len(r) {
			b = r[i]
		}
		d.line("  " + d.st.Whitespace.Render(pad(a, col)) + " │ " + d.st.Whitespace.Render(b))
	}
}

// countSigs counts the DKIM-Signature fields of m.
func countSigs(m *message.Message) int {
	return len(m.Header(string(dkim.KindDKIM)))
}
