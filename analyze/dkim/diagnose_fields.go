package dkim

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/message"
)

// viaName matches the display name a list writes when it rewrites From
// for DMARC (Mailman: "Alice via List", Google Groups: "'Alice' via List").
var viaName = regexp.MustCompile(`^\s*"?'?(.*?)'?"?\s+via\s+`)

// fromRewrites guesses that a list rewrote From (DMARC mitigation) and
// kept the original in X-Original-From, Reply-To or Cc.
func (hs *headerSearch) fromRewrites() []headerGuess {
	idx := hs.selected("from")
	if idx < 0 {
		return nil
	}
	cur := fieldValue(hs.fields[idx])
	var cands []string
	add := func(c string) {
		c = strings.TrimSpace(c)
		if c == "" || c == strings.TrimSpace(cur) || !strings.Contains(c, "@") {
			return
		}
		for _, d := range cands {
			if d == c {
				return
			}
		}
		cands = append(cands, c)
	}
	name := ""
	if m := viaName.FindStringSubmatch(cur); m != nil {
		name = m[1]
	}
	for _, src := range []string{"x-original-from", "reply-to", "cc", "x-original-sender", "x-mailfrom", "x-original-reply-to"} {
		for i := range hs.fields {
			if !strings.EqualFold(hs.fields[i].Name, src) || len(cands) >= 24 {
				continue
			}
			v := message.Unfold(fieldValue(hs.fields[i]))
			add(v)
			for _, part := range splitAddresses(v) {
				add(part)
				if name != "" {
					if a, err := mail.ParseAddress(part); err == nil {
						add(name + " <" + a.Address + ">")
						add(`"` + name + `" <` + a.Address + ">")
					}
				}
			}
		}
	}
	// The original address kept in the local part, as some lists write
	// it: "Alice via List" <alice=example.com@lists.example.org>.
	if a, err := mail.ParseAddress(message.Unfold(cur)); err == nil {
		local, _, _ := strings.Cut(a.Address, "@")
		if user, dom, ok := strings.Cut(local, "="); ok && user != "" && strings.Contains(dom, ".") {
			orig := user + "@" + dom
			add(orig)
			add("<" + orig + ">")
			if name != "" {
				add(name + " <" + orig + ">")
				add(`"` + name + `" <` + orig + ">")
			}
		}
	}
	var out []headerGuess
	for _, c := range cands {
		out = append(out, hs.edit(idx, c, Finding{Kind: KindFromRewritten, Added: clip(cur), Removed: clip(c)}))
	}
	return out
}

// splitAddresses splits an address list at the commas outside quotes and
// angle brackets.
func splitAddresses(v string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '<':
			depth++
		case c == '>' && depth > 0:
			depth--
		case c == ',' && depth == 0:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// encodingHeaders guesses that a relay re-encoded an 8bit body to
// quoted-printable or base64 and rewrote a signed Content-Transfer-Encoding.
func (hs *headerSearch) encodingHeaders() []headerGuess {
	idx := hs.selected("content-transfer-encoding")
	if idx < 0 {
		return nil
	}
	cur := fieldValue(hs.fields[idx])
	lc := strings.ToLower(strings.TrimSpace(cur))
	if lc != "quoted-printable" && lc != "base64" {
		return nil
	}
	var out []headerGuess
	for _, was := range []string{"8bit", "7bit", "8BIT", "binary"} {
		out = append(out, hs.edit(idx, was, Finding{Kind: KindReencoded, Added: clip(cur), Removed: was}))
	}
	return out
}

// wrappedTypes guesses that the body was wrapped into a new multipart (a
// list adding its footer as a part, a filter putting the message into a
// report): the signed Content-Type is then the one the first part carries
// now, the one of an embedded message/rfc822, or the one a filter saved
// in X-Spam-Prev-Content-Type.
func (hs *headerSearch) wrappedTypes() []headerGuess {
	idx := hs.selected("content-type")
	if idx < 0 || !hs.v.msg.HasBody {
		return nil
	}
	cur := fieldValue(hs.fields[idx])
	var vals []string
	for i := range hs.fields {
		if strings.EqualFold(hs.fields[i].Name, "X-Spam-Prev-Content-Type") {
			vals = append(vals, fieldValue(hs.fields[i]))
		}
	}
	if len(hs.v.msg.Body) > MaxDiagnosisBody {
		return nil
	}
	root := hs.v.mimeTree()
	for _, c := range root.children {
		if c.ctypeRaw != "" {
			vals = append(vals, c.ctypeRaw)
		}
	}
	for _, l := range root.leaves(nil) {
		if l.ctype != "message/rfc822" {
			continue
		}
		inner := message.Parse(hs.v.msg.Body[l.bodyStart:l.bodyEnd])
		if f := inner.Header("Content-Type"); len(f) > 0 {
			vals = append(vals, fieldValue(f[0]))
		}
	}
	var out []headerGuess
	for _, v := range vals {
		if len(out) >= 6 {
			break
		}
		out = append(out, hs.edit(idx, v, Finding{Kind: KindWrapped, Added: clip(cur), Removed: clip(v)}))
	}
	return out
}

// wellKnownNames spell field names as RFC 5322 and RFC 2045 do.
var wellKnownNames = map[string]string{
	"message-id": "Message-ID", "mime-version": "MIME-Version", "content-id": "Content-ID",
	"dkim-signature": "DKIM-Signature", "list-id": "List-ID",
}

// titleName writes a field name as most software does: each word
// capitalised, or the RFC spelling when rfc is set.
func titleName(name string, rfc bool) string {
	if w, ok := wellKnownNames[strings.ToLower(name)]; ok && rfc {
		return w
	}
	parts := strings.Split(strings.ToLower(name), "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "-")
}

// nameCases guesses, under simple canonicalization, that a relay rewrote
// the case of signed field names: all of them to one usual spelling, or
// one of them.
func (hs *headerSearch) nameCases() []headerGuess {
	var out []headerGuess
	for mode := 0; mode < 4; mode++ {
		var g headerGuess
		for k, idx := range hs.sel {
			if idx < 0 {
				continue
			}
			f := hs.fields[idx]
			var want string
			switch mode {
			case 0, 1: // the RFC spelling, or every word capitalised
				want = titleName(f.Name, mode == 0)
			case 2: // all lower case, as some signers' output is
				want = strings.ToLower(f.Name)
			case 3: // as h= spells it
				want = hs.s.headers[k]
			}
			if !strings.EqualFold(want, f.Name) {
				continue
			}
			if want == f.Name || hasEdit(g, idx) {
				continue
			}
			raw := append([]byte(want), f.Raw[len(f.Name):]...)
			g.edits = append(g.edits, headerEdit{field: idx, raw: raw})
			g.findings = append(g.findings, Finding{Kind: KindNameCase, Field: f.Name, FieldLine: f.Line, Added: f.Name, Removed: want})
		}
		// A relay re-cases a handful of names; a header where a mode
		// would touch more is hostile or unusual, and the guess would
		// cost memory in every combination.
		if len(g.edits) > 0 && len(g.edits) <= maxCaseEdits && !containsGuess(out, g) {
			out = append(out, g)
		}
	}
	// Each field alone, for a relay that touched one name only.
	for _, g := range append([]headerGuess(nil), out...) {
		if len(g.edits) < 2 {
			continue
		}
		for k := range g.edits {
			if len(out) >= 16 {
				break
			}
			out = append(out, headerGuess{edits: g.edits[k : k+1], findings: g.findings[k : k+1]})
		}
	}
	return out
}

// maxCaseEdits bounds the fields one name-case guess re-cases.
const maxCaseEdits = 64

func containsGuess(gs []headerGuess, g headerGuess) bool {
	for _, o := range gs {
		if sameEdits(o, g) {
			return true
		}
	}
	return false
}

func hasEdit(g headerGuess, idx int) bool {
	for _, e := range g.edits {
		if e.field == idx {
			return true
		}
	}
	return false
}

func sameEdits(a, b headerGuess) bool {
	if len(a.edits) != len(b.edits) {
		return false
	}
	for i := range a.edits {
		if a.edits[i].field != b.edits[i].field || string(a.edits[i].raw) != string(b.edits[i].raw) {
			return false
		}
	}
	return true
}

// Date layouts of RFC 5322 section 3.3 as software writes them: with and
// without the day name, with and without a leading zero.
var dateLayouts = []string{
	"Mon, 02 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"02 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
	"Mon, 02 Jan 2006 15:04:05 -0700 (MST)",
}

// dates guesses that Date was rewritten in another format for the same
// instant: day name, padding, "+0000" against "GMT" or "-0000", a zone
// comment, or the zone converted to UTC.
func (hs *headerSearch) dates() []headerGuess {
	idx := hs.selected("date")
	if idx < 0 {
		return nil
	}
	cur := fieldValue(hs.fields[idx])
	t, err := mail.ParseDate(message.Unfold(cur))
	if err != nil {
		return nil
	}
	var vals []string
	add := func(v string) {
		if v == strings.TrimSpace(cur) {
			return
		}
		for _, w := range vals {
			if w == v {
				return
			}
		}
		vals = append(vals, v)
	}
	// The same instant in the zones the relays on the way wrote: a relay
	// that rewrote Date may have converted it to its own zone.
	zones := []time.Time{t, t.UTC()}
	seen := map[int]bool{}
	for _, z := range zones {
		_, off := z.Zone()
		seen[off] = true
	}
	for i := range hs.fields {
		if len(zones) >= 5 || !strings.EqualFold(hs.fields[i].Name, "Received") {
			continue
		}
		v := message.Unfold(string(hs.fields[i].Value()))
		semi := strings.LastIndexByte(v, ';')
		if semi < 0 {
			continue
		}
		if rt, err := mail.ParseDate(strings.TrimSpace(v[semi+1:])); err == nil {
			if _, off := rt.Zone(); !seen[off] {
				seen[off] = true
				zones = append(zones, t.In(rt.Location()))
			}
		}
	}
	for _, tt := range zones {
		for _, l := range dateLayouts {
			v := tt.Format(l)
			add(v)
			if _, off := tt.Zone(); off == 0 {
				base := tt.Format(strings.TrimSuffix(strings.TrimSuffix(l, " (MST)"), " -0700"))
				for _, z := range []string{"GMT", "-0000", "UT", "UTC", "+0000 (UTC)", "+0000 (GMT)", "-0000 (UTC)"} {
					add(base + " " + z)
				}
			}
		}
	}
	var out []headerGuess
	for _, v := range vals {
		if len(out) >= 40 {
			break
		}
		out = append(out, hs.edit(idx, v, Finding{Kind: KindDateReformatted, Added: clip(cur), Removed: v}))
	}
	return out
}

// coreFields are fields a signer lists only when the message has them.
var coreFields = map[string]bool{
	"from": true, "to": true, "subject": true, "date": true, "message-id": true,
	"mime-version": true, "content-type": true, "content-transfer-encoding": true,
}

// suspects lists what the header suggests when no guess verified:
// evidence only, labelled Suspected.
func (hs *headerSearch) suspects() []Finding {
	out := hs.boundarySuspects()
	if idx := hs.selected("subject"); idx >= 0 {
		v := fieldValue(hs.fields[idx])
		if rs := tagRemovals(v); len(rs) > 0 {
			f := hs.fields[idx]
			out = append(out, Finding{Kind: KindSubjectTag, Status: Suspected, Half: HeaderHalf, Field: f.Name, FieldLine: f.Line, Added: clip(rs[0].added),
				Evidence: "Subject carries a tag of the kind lists and gateways add, but removing it does not make the signature verify"})
		}
	}
	if idx := hs.selected("from"); idx >= 0 && viaName.MatchString(fieldValue(hs.fields[idx])) {
		f := hs.fields[idx]
		out = append(out, Finding{Kind: KindFromRewritten, Status: Suspected, Half: HeaderHalf, Field: f.Name, FieldLine: f.Line, Added: clip(fieldValue(f)),
			Evidence: "From has the \"X via List\" form of a list's DMARC rewrite, but no original found in the message makes the signature verify"})
	}
	// A name listed once that the message lacks was probably removed.
	// Some signers list optional names the message lacks on purpose (so
	// that none can be added), several at a time; an optional name then
	// says nothing, a name every message carries still does.
	count := map[string]int{}
	for _, ln := range hs.lnames {
		count[ln]++
	}
	var absent []int
	for i, ln := range hs.lnames {
		if count[ln] == 1 && hs.sel[i] < 0 {
			absent = append(absent, i)
		}
	}
	for _, i := range absent {
		if len(out) >= 8 || len(absent) > 1 && !coreFields[hs.lnames[i]] {
			continue
		}
		out = append(out, Finding{Kind: KindFieldRemoved, Status: Suspected, Half: HeaderHalf, Field: hs.s.headers[i],
			Evidence: fmt.Sprintf("h= lists %q once but the message has no such field; signers list the fields present, so it was probably removed after signing (its content cannot be recovered to prove it)", hs.s.headers[i])})
	}
	return out
}
