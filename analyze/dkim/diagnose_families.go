package dkim

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"sort"

	"github.com/headerscope/headerscope/analyze/message"
)

// bodyGen lists the repaired bodies to try, family by family, likeliest
// first, up to maxBodyCandidates.
type bodyGen struct {
	m      *bodyModel
	root   *mimePart
	line0  int // message line of the first body line
	out    []bodyCand
	capped bool
}

// Bounds of each family's candidates: footers and banners are short.
const (
	maxCutLines   = 300 // lines a footer or banner may span
	maxHTMLPoints = 60  // places a HTML insertion may start or end
	maxHTMLSpan   = 16 << 10
	maxPairPoints = 20
)

func (g *bodyGen) all() ([]bodyCand, []string) {
	var fams []string
	run := func(kind string, f func()) {
		if g.capped {
			return
		}
		// Only families that apply to this body (made a candidate)
		// count as tried.
		n := len(g.out)
		f()
		if len(g.out) > n {
			fams = append(fams, kind)
		}
	}
	run(KindPartFooter, g.partFooters)
	run(KindHTMLFooter, g.htmlFooters)
	run(KindHTMLBanner, g.htmlBanners)
	run(KindPartBanner, g.partBanners)
	run(KindPartBanner+"+"+KindHTMLBanner, g.bannerPairs)
	run(KindPartAdded, g.partsAdded)
	run(KindWrapped, g.wrapped)
	run(KindEmbedded, g.embedded)
	run(KindReencoded, g.reencoded)
	run(KindPartFooter+"+"+KindReencoded, g.encodedFooters)
	run(KindBase64Rewrapped, g.base64Rewrapped)
	run(KindFromEscaped, g.fromEscaped)
	run(KindLinesWrapped, g.linesWrapped)
	if !g.m.relaxed {
		run(KindTabsExpanded, g.tabsExpanded)
		run(KindTrailingSpace, g.trailingSpace)
	}
	run(KindLinesAdded, g.linesAdded)
	return g.out, fams
}

func (g *bodyGen) add(c bodyCand) {
	if len(g.out) >= maxBodyCandidates {
		g.capped = true
		return
	}
	g.out = append(g.out, c)
}

// lines returns the message lines of raw[start:end].
func (g *bodyGen) lines(start, end int) (int, int) {
	first := g.line0 + g.m.lineOf(start)
	last := first
	if end > start {
		last = g.line0 + g.m.lineOf(end-1)
	}
	return first, last
}

// removal is the edit and finding for content added at raw[start:end].
func (g *bodyGen) removal(kind string, start, end int) (bodyEdit, Finding) {
	first, last := g.lines(start, end)
	return bodyEdit{start: start, end: end}, Finding{Kind: kind, FirstLine: first, LastLine: last, Added: clip(string(g.m.raw[start:end]))}
}

func (g *bodyGen) removeOne(kind string, start, end int) {
	e, f := g.removal(kind, start, end)
	g.add(bodyCand{edits: []bodyEdit{e}, findings: []Finding{f}})
}

// rawText reports whether a leaf's content can be edited as text: not
// base64, which a gateway inserting text must decode and encode again.
func rawText(p *mimePart) bool { return p.text() && p.cte != "base64" }

// footerCuts lists where a footer appended at the end of part p may start:
// each line start, nearest the end first.
func (g *bodyGen) footerCuts(p *mimePart, limit int) []int {
	endLine := g.m.lineOf(p.bodyEnd)
	if p.bodyEnd >= len(g.m.raw) {
		endLine = len(g.m.starts) - 1
	}
	startLine := g.m.lineOf(p.bodyStart)
	var out []int
	for a := endLine - 1; a > startLine && a >= endLine-limit; a-- {
		out = append(out, g.m.starts[a])
	}
	return out
}

// partFooters: a footer inside a text part, before the boundary that
// closes it (lists and gateways add it to the last text part).
func (g *bodyGen) partFooters() {
	for _, p := range g.root.leaves(nil) {
		if p.delim < 0 || !rawText(p) {
			continue
		}
		for _, a := range g.footerCuts(p, maxCutLines) {
			g.removeOne(KindPartFooter, a, p.bodyEnd)
		}
	}
	// A footer in both the text and the HTML alternative.
	for _, mp := range g.root.multiparts(nil) {
		var plain, html *mimePart
		for _, c := range mp.children {
			switch {
			case c.ctype == "text/plain" && rawText(c) && plain == nil:
				plain = c
			case c.ctype == "text/html" && rawText(c) && html == nil:
				html = c
			}
		}
		if plain == nil || html == nil {
			continue
		}
		hs := g.htmlFooterStarts(html)
		for _, a := range g.footerCuts(plain, maxPairPoints) {
			for _, h := range hs[:min(len(hs), maxPairPoints)] {
				e1, f1 := g.removal(KindPartFooter, a, plain.bodyEnd)
				e2, f2 := g.removal(KindHTMLFooter, h.start, h.end)
				g.add(bodyCand{edits: []bodyEdit{e1, e2}, findings: []Finding{f1, f2}})
			}
		}
	}
}

type span struct{ start, end int }

var (
	closeBody = regexp.MustCompile(`(?i)</body\s*>|</html\s*>`)
	openBody  = regexp.MustCompile(`(?i)<body[^>]*>`)
)

// htmlFooterStarts lists stretches ending at </body> that a gateway may
// have inserted: from each tag start or line start before it.
func (g *bodyGen) htmlFooterStarts(p *mimePart) []span {
	region := g.m.raw[p.bodyStart:p.bodyEnd]
	// The last </body>, or </html> when there is no </body>.
	locs := closeBody.FindAllIndex(region, -1)
	if len(locs) == 0 {
		return nil
	}
	at := locs[len(locs)-1][0]
	for _, l := range locs {
		if region[l[0]+2]|0x20 == 'b' {
			at = l[0]
		}
	}
	end := p.bodyStart + at
	var out []span
	for q := end - 1; q > p.bodyStart && end-q <= maxHTMLSpan && len(out) < maxHTMLPoints; q-- {
		if g.m.raw[q] == '<' || g.m.raw[q-1] == '\n' {
			out = append(out, span{q, end})
		}
	}
	return out
}

// htmlFooters: HTML inserted before </body>.
func (g *bodyGen) htmlFooters() {
	for _, p := range g.root.leaves(nil) {
		if p.ctype != "text/html" || !rawText(p) {
			continue
		}
		for _, s := range g.htmlFooterStarts(p) {
			g.removeOne(KindHTMLFooter, s.start, s.end)
		}
	}
}

// htmlBanners: HTML inserted right after <body> (an "external sender"
// warning).
func (g *bodyGen) htmlBanners() {
	for _, p := range g.root.leaves(nil) {
		if p.ctype != "text/html" || !rawText(p) {
			continue
		}
		for _, s := range g.htmlBannerSpans(p) {
			g.removeOne(KindHTMLBanner, s.start, s.end)
		}
	}
}

// htmlBannerSpans lists stretches starting right after <body> (or on the
// line after it) that a gateway may have inserted: up to each tag start or
// line start after it.
func (g *bodyGen) htmlBannerSpans(p *mimePart) []span {
	region := g.m.raw[p.bodyStart:p.bodyEnd]
	loc := openBody.FindIndex(region)
	if loc == nil {
		return nil
	}
	after := p.bodyStart + loc[1]
	starts := []int{after}
	if eol := lineLen(g.m.raw[after:p.bodyEnd]); eol <= 2 && after+eol < p.bodyEnd {
		starts = append(starts, after+eol)
	}
	var out []span
	for _, start := range starts {
		n := 0
		for q := start + 1; q < p.bodyEnd && q-start <= maxHTMLSpan && n < maxHTMLPoints; q++ {
			if g.m.raw[q] == '<' || g.m.raw[q-1] == '\n' {
				out = append(out, span{start, q})
				n++
			}
		}
	}
	// Shortest first, whichever start: banners are short, and pairs take
	// only the first few.
	sort.SliceStable(out, func(i, j int) bool { return out[i].end < out[j].end })
	return out
}

// partBanners: lines inserted at the top of a text part ("CAUTION: this
// email originated outside the organisation").
func (g *bodyGen) partBanners() {
	for _, p := range g.root.leaves(nil) {
		if p.ctype != "text/plain" && p.ctype != "" || !rawText(p) {
			continue
		}
		first := g.m.lineOf(p.bodyStart)
		last := g.m.lineOf(p.bodyEnd)
		if p.bodyEnd >= len(g.m.raw) {
			last = len(g.m.starts) - 1
		}
		for k := first + 1; k < last && k-first <= 40; k++ {
			g.removeOne(KindPartBanner, g.m.starts[first], g.m.starts[k])
		}
	}
}

// bannerPairs: a gateway's banner at the top of the text alternative and
// after <body> in the HTML one, both at once.
func (g *bodyGen) bannerPairs() {
	for _, mp := range g.root.multiparts(nil) {
		var plain, html *mimePart
		for _, c := range mp.children {
			switch {
			case c.ctype == "text/plain" && rawText(c) && plain == nil:
				plain = c
			case c.ctype == "text/html" && rawText(c) && html == nil:
				html = c
			}
		}
		if plain == nil || html == nil {
			continue
		}
		hb := g.htmlBannerSpans(html)
		first, last := g.m.lineOf(plain.bodyStart), g.m.lineOf(plain.bodyEnd)
		for k := first + 1; k < last && k-first <= maxPairPoints; k++ {
			for _, h := range hb[:min(len(hb), maxPairPoints)] {
				e1, f1 := g.removal(KindPartBanner, g.m.starts[first], g.m.starts[k])
				e2, f2 := g.removal(KindHTMLBanner, h.start, h.end)
				g.add(bodyCand{edits: []bodyEdit{e1, e2}, findings: []Finding{f1, f2}})
			}
		}
	}
}

// partsAdded: a whole MIME part added to a multipart (a list's footer
// part, a gateway's notice).
func (g *bodyGen) partsAdded() {
	for _, mp := range g.root.multiparts(nil) {
		for k, c := range mp.children {
			end := mp.closeStart
			if k+1 < len(mp.children) {
				end = mp.children[k+1].delim
			}
			g.removeOne(KindPartAdded, c.delim, end)
		}
	}
}

// wrapped: the signed body became one part of a new multipart (a list
// that adds its footer as a part of a multipart/mixed around the
// original). The signed body is then that part's content.
func (g *bodyGen) wrapped() {
	if !g.root.multipart() {
		return
	}
	for _, c := range g.root.children {
		if c.bodyStart >= c.bodyEnd {
			continue
		}
		first, last := g.lines(c.bodyStart, c.bodyEnd)
		g.add(bodyCand{
			edits: []bodyEdit{{start: 0, end: c.bodyStart}, {start: c.bodyEnd, end: len(g.m.raw)}},
			findings: []Finding{{Kind: KindWrapped, FirstLine: first, LastLine: last,
				Added: clip(string(g.m.raw[:c.bodyStart]) + "…" + string(g.m.raw[c.bodyEnd:]))}},
		})
	}
}

// embedded: a filter that put the message, as received, into a
// message/rfc822 part of a report (SpamAssassin's report_safe): the signed
// body is that message's body.
func (g *bodyGen) embedded() {
	for _, p := range g.root.leaves(nil) {
		if p.ctype != "message/rfc822" || p.cte == "base64" || p.cte == "quoted-printable" {
			continue
		}
		region := g.m.raw[p.bodyStart:p.bodyEnd]
		inner := message.Parse(region)
		if !inner.HasBody {
			continue
		}
		start := p.bodyStart + inner.BodyOffset
		first, last := g.lines(start, p.bodyEnd)
		g.add(bodyCand{
			edits:    []bodyEdit{{start: 0, end: start}, {start: p.bodyEnd, end: len(g.m.raw)}},
			findings: []Finding{{Kind: KindEmbedded, FirstLine: first, LastLine: last}},
		})
	}
}

// reencoded: a relay turned 8bit content into quoted-printable or base64
// (a downgrade for a next hop without 8BITMIME), rewriting the part's
// Content-Transfer-Encoding; the signed content is the decoded one.
func (g *bodyGen) reencoded() {
	var all [][]bodyCand
	for _, p := range g.root.leaves(nil) {
		if p.cte != "quoted-printable" && (p.cte != "base64" || !p.text()) {
			continue
		}
		content := g.m.raw[p.bodyStart:p.bodyEnd]
		var dec []byte
		if p.cte == "base64" {
			dec = decodeBase64Text(content)
		} else {
			dec = decodeQP(content)
		}
		if dec == nil {
			continue
		}
		first, last := g.lines(p.bodyStart, p.bodyEnd)
		f := Finding{Kind: KindReencoded, FirstLine: first, LastLine: last, Added: p.cte}
		body := bodyEdit{start: p.bodyStart, end: p.bodyEnd, repl: dec}
		var variants []bodyCand
		if p.cteStart < 0 {
			variants = append(variants, bodyCand{edits: []bodyEdit{body}, findings: []Finding{f}})
		} else {
			name := g.m.raw[p.cteStart:p.cteEnd]
			name = name[:bytes.IndexByte(name, ':')+1]
			eol := g.m.raw[p.cteEnd-lineEndLen(g.m.raw[:p.cteEnd]) : p.cteEnd]
			for _, was := range []string{"8bit", "7bit", ""} {
				var repl []byte
				if was != "" {
					repl = append(append(append(append([]byte{}, name...), ' '), was...), eol...)
				}
				fv := f
				fv.Removed = was
				variants = append(variants, bodyCand{
					edits:    []bodyEdit{{start: p.cteStart, end: p.cteEnd, repl: repl}, body},
					findings: []Finding{fv},
				})
			}
		}
		for _, c := range variants {
			g.add(c)
		}
		all = append(all, variants)
	}
	// Every part re-encoded at once, the same way.
	if len(all) < 2 {
		return
	}
	for v := range all[0] {
		var c bodyCand
		for _, vs := range all {
			c.edits = append(c.edits, vs[min(v, len(vs)-1)].edits...)
			c.findings = append(c.findings, vs[min(v, len(vs)-1)].findings...)
		}
		g.add(c)
	}
}

func lineEndLen(b []byte) int {
	switch {
	case bytes.HasSuffix(b, crlf):
		return 2
	case bytes.HasSuffix(b, []byte("\n")):
		return 1
	}
	return 0
}

// decodeQP decodes quoted-printable content (RFC 2045 section 6.7),
// keeping its line ends as they are; nil when it holds no encoding. It is
// lenient where mime/quotedprintable stops with an error: a malformed
// escape is kept as written, as a relay's encoder would have seen it.
func decodeQP(b []byte) []byte {
	if bytes.IndexByte(b, '=') < 0 {
		return nil
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		rest := b[i+1:]
		switch {
		case bytes.HasPrefix(rest, crlf):
			i += 2
		case len(rest) > 0 && rest[0] == '\n':
			i++
		case len(rest) >= 2 && isHex(rest[0]) && isHex(rest[1]):
			out = append(out, unhex(rest[0])<<4|unhex(rest[1]))
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' || 'a' <= c && c <= 'f'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// decodeBase64Text decodes base64 content, keeping the empty lines that
// followed it; nil when it does not decode.
func decodeBase64Text(b []byte) []byte {
	data, tail := decodeBase64Content(b)
	if data == nil {
		return nil
	}
	return append(data, tail...)
}

// decodeBase64Content decodes base64 content and returns the data and the
// empty lines after the last encoded line (kept when re-encoding).
func decodeBase64Content(b []byte) ([]byte, []byte) {
	trimmed := bytes.TrimRight(b, "\r\n")
	last := len(trimmed) + lineLen(b[len(trimmed):])
	tail := b[min(last, len(b)):]
	clean := make([]byte, 0, len(trimmed))
	for _, c := range trimmed {
		if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
			clean = append(clean, c)
		}
	}
	data, err := base64.StdEncoding.DecodeString(string(clean))
	if err != nil || len(clean) == 0 {
		return nil, nil
	}
	return data, tail
}

// encodedFooters: a list that decodes a base64 or quoted-printable text
// part, appends its footer and encodes the part again (Mailman does: base64
// for UTF-8 text, quoted-printable for ISO-8859 charsets). The
// signed content was the decoded text without the footer, sent as 8bit
// (the part's Content-Transfer-Encoding rewritten too) or as base64 of 76
// characters a line, with CRLF or LF line ends.
func (g *bodyGen) encodedFooters() {
	for _, p := range g.root.leaves(nil) {
		if p.cte != "base64" && p.cte != "quoted-printable" || !p.text() {
			continue
		}
		var data, tail []byte
		if p.cte == "base64" {
			data, tail = decodeBase64Content(g.m.raw[p.bodyStart:p.bodyEnd])
		} else {
			data = decodeQP(g.m.raw[p.bodyStart:p.bodyEnd])
		}
		if data == nil {
			continue
		}
		first, last := g.lines(p.bodyStart, p.bodyEnd)
		var cuts []int
		for i := len(data) - 2; i >= 0 && len(cuts) < 40; i-- {
			if data[i] == '\n' {
				cuts = append(cuts, i+1)
			}
		}
		for _, c := range cuts {
			kept, footer := data[:c], data[c:]
			foot := Finding{Kind: KindPartFooter, FirstLine: first, LastLine: last, Added: clip(string(footer))}
			enc := Finding{Kind: KindReencoded, FirstLine: first, LastLine: last, Added: p.cte}
			// As 8bit: the part's own Content-Transfer-Encoding went
			// from 8bit to base64 (a top-level one is the header's).
			plain := append(append([]byte{}, kept...), tail...)
			edits := []bodyEdit{{start: p.bodyStart, end: p.bodyEnd, repl: plain}}
			if p.cteStart >= 0 {
				name := g.m.raw[p.cteStart:p.cteEnd]
				name = name[:bytes.IndexByte(name, ':')+1]
				eol := g.m.raw[p.cteEnd-lineEndLen(g.m.raw[:p.cteEnd]) : p.cteEnd]
				repl := append(append(append(append([]byte{}, name...), ' '), "8bit"...), eol...)
				edits = []bodyEdit{{start: p.cteStart, end: p.cteEnd, repl: repl}, edits[0]}
			}
			enc.Removed = "8bit"
			g.add(bodyCand{edits: edits, findings: []Finding{foot, enc}})
			// As base64 still, of the text with CRLF or LF line ends (a
			// quoted-printable original cannot be rebuilt: encoders
			// differ in where they break lines).
			if p.cte != "base64" {
				continue
			}
			for _, text := range [][]byte{kept, bytes.ReplaceAll(bytes.ReplaceAll(kept, crlf, []byte("\n")), []byte("\n"), crlf)} {
				b64 := wrapBase64(base64.StdEncoding.EncodeToString(text), 76)
				g.add(bodyCand{
					edits:    []bodyEdit{{start: p.bodyStart, end: p.bodyEnd, repl: append(b64, tail...)}},
					findings: []Finding{foot},
				})
			}
		}
	}
}

// wrapBase64 breaks enc into lines of w characters (one line when w is
// 0), each ending in CRLF.
func wrapBase64(enc string, w int) []byte {
	var out []byte
	for i := 0; i < len(enc); {
		n := len(enc) - i
		if w > 0 {
			n = min(n, w)
		}
		out = append(append(out, enc[i:i+n]...), crlf...)
		i += n
	}
	return out
}

// base64Rewrapped: a gateway decoded and re-encoded a base64 part at
// another line length. Encoders write 76 (RFC 2045 section 6.8), 72, 64
// or 60 characters a line, or one line.
func (g *bodyGen) base64Rewrapped() {
	for _, p := range g.root.leaves(nil) {
		if p.cte != "base64" {
			continue
		}
		content := g.m.raw[p.bodyStart:p.bodyEnd]
		data, tail := decodeBase64Content(content)
		if data == nil {
			continue
		}
		enc := base64.StdEncoding.EncodeToString(data)
		first, last := g.lines(p.bodyStart, p.bodyEnd)
		for _, w := range []int{76, 72, 64, 60, 0} {
			out := append(wrapBase64(enc, w), tail...)
			if bytes.Equal(out, content) {
				continue
			}
			g.add(bodyCand{
				edits:    []bodyEdit{{start: p.bodyStart, end: p.bodyEnd, repl: out}},
				findings: []Finding{{Kind: KindBase64Rewrapped, FirstLine: first, LastLine: last, Removed: itoa(w)}},
			})
		}
	}
}

// linesWrapped: a relay or list wrapped long lines at a width (breaking at
// a space, which goes). A break is taken to be one where the next line's
// first word would have fitted no more: greedy wrapping leaves exactly
// those. Tried at the widths wrappers use.
func (g *bodyGen) linesWrapped() {
	for _, w := range []int{78, 76, 72, 80, 70} {
		var c bodyCand
		first, last := 0, 0
		for i := 0; i+2 < len(g.m.starts); i++ {
			line := trimEOL(g.m.raw[g.m.starts[i]:g.m.starts[i+1]])
			next := trimEOL(g.m.raw[g.m.starts[i+1]:g.m.starts[i+2]])
			word := next
			if k := bytes.IndexAny(next, " \t"); k >= 0 {
				word = next[:k]
			}
			// A wrapper that keeps the space at the end of the line
			// (format=flowed style) joins without adding one.
			kept := bytes.HasSuffix(line, sp)
			text := bytes.TrimRight(line, " ")
			if len(text) == 0 || len(text) > w || len(word) == 0 || len(text)+1+len(word) <= w || bytes.HasPrefix(next, []byte(">")) != bytes.HasPrefix(line, []byte(">")) {
				continue
			}
			// The line end between them becomes the space it replaced.
			at := g.m.starts[i] + len(line)
			repl := sp
			if kept {
				repl = nil
			}
			c.edits = append(c.edits, bodyEdit{start: at, end: g.m.starts[i+1], repl: repl})
			if first == 0 {
				first = g.line0 + i
			}
			last = g.line0 + i + 1
		}
		if len(c.edits) == 0 {
			continue
		}
		c.findings = []Finding{{Kind: KindLinesWrapped, FirstLine: first, LastLine: last, Removed: itoa(w)}}
		g.add(c)
	}
}

// linesAdded: one or two lines inserted anywhere in a short body, which is
// no known transformation (an edit, a note typed in by a forwarder); the
// ends of parts are covered by the footer and banner families.
func (g *bodyGen) linesAdded() {
	n := len(g.m.starts) - 1
	if n > maxCutLines {
		return
	}
	for k := 1; k <= 2; k++ {
		for i := 0; i+k <= n; i++ {
			g.removeOne(KindLinesAdded, g.m.starts[i], g.m.starts[i+k])
		}
	}
}

// fromEscaped: an mbox writer put ">" before body lines that start with
// "From " (and mboxrd before ">From "); the signed lines had none.
func (g *bodyGen) fromEscaped() {
	var c bodyCand
	first, last := 0, 0
	for i := 0; i+1 < len(g.m.starts); i++ {
		line := g.m.raw[g.m.starts[i]:g.m.starts[i+1]]
		if q := bytes.TrimLeft(line, ">"); len(q) < len(line) && bytes.HasPrefix(q, []byte("From ")) {
			s := g.m.starts[i]
			c.edits = append(c.edits, bodyEdit{start: s, end: s + 1})
			if first == 0 {
				first = g.line0 + i
			}
			last = g.line0 + i
		}
	}
	if len(c.edits) == 0 {
		return
	}
	c.findings = []Finding{{Kind: KindFromEscaped, FirstLine: first, LastLine: last, Added: ">"}}
	g.add(c)
}

// tabsExpanded: under simple canonicalization, tabs turned into spaces
// (by an editor, a list archive or a gateway); tried back at tab stops of
// 8 and 4.
func (g *bodyGen) tabsExpanded() {
	type variant struct {
		ts      int
		all     bool
		minRun  int
		comment string
	}
	for _, v := range []variant{{8, true, 2, "8"}, {8, false, 1, "8"}, {8, true, 1, "8"}, {4, false, 1, "4"}} {
		var c bodyCand
		first, last := 0, 0
		for i := 0; i+1 < len(g.m.starts); i++ {
			s, e := g.m.starts[i], g.m.starts[i+1]
			line := g.m.raw[s:e]
			if !bytes.Contains(line, []byte("  ")) && !(v.minRun == 1 && bytes.HasPrefix(line, sp)) {
				continue
			}
			u := unexpand(line, v.ts, v.all, v.minRun)
			if bytes.Equal(u, line) {
				continue
			}
			c.edits = append(c.edits, bodyEdit{start: s, end: e, repl: u})
			if first == 0 {
				first = g.line0 + i
			}
			last = g.line0 + i
		}
		if len(c.edits) == 0 {
			continue
		}
		c.findings = []Finding{{Kind: KindTabsExpanded, FirstLine: first, LastLine: last, Removed: "tab stops of " + v.comment}}
		g.add(c)
	}
}

// unexpand turns runs of spaces that reach a tab stop back into tabs
// (leading white space only unless all).
func unexpand(line []byte, ts int, all bool, minRun int) []byte {
	out := make([]byte, 0, len(line))
	col, leading := 0, true
	for i := 0; i < len(line); {
		c := line[i]
		if c == ' ' && (all || leading) {
			j := i
			for j < len(line) && line[j] == ' ' {
				j++
			}
			end := col + (j - i)
			for col < end {
				next := (col/ts + 1) * ts
				if next <= end && next-col >= minRun {
					out = append(out, '\t')
					col = next
					continue
				}
				stop := min(end, next)
				out = append(out, bytes.Repeat(sp, stop-col)...)
				col = stop
			}
			i = j
			continue
		}
		if c != ' ' && c != '\t' {
			leading = false
		}
		if c == '\t' {
			col = (col/ts + 1) * ts
		} else {
			col++
		}
		out = append(out, c)
		i++
	}
	return out
}

// trailingSpace: under simple canonicalization, trailing white space
// stripped. What was stripped cannot be known in general; two cases can
// be rebuilt: the "-- " signature separator, and the soft line breaks of
// format=flowed text (RFC 3676 section 4.2), which end in a space.
func (g *bodyGen) trailingSpace() {
	var sig bodyCand
	for i := 0; i+1 < len(g.m.starts); i++ {
		s, e := g.m.starts[i], g.m.starts[i+1]
		if string(trimEOL(g.m.raw[s:e])) == "--" {
			sig.edits = append(sig.edits, bodyEdit{start: s + 2, end: s + 2, repl: sp})
			sig.findings = []Finding{{Kind: KindTrailingSpace, FirstLine: g.line0 + i, LastLine: g.line0 + i, Removed: "-- "}}
		}
	}
	if len(sig.edits) > 0 {
		g.add(sig)
	}
	// One line that ended in a space ("Regards, "), each line in turn,
	// in a short body.
	if n := len(g.m.starts) - 1; n <= maxCutLines {
		for i := 0; i < n; i++ {
			line := trimEOL(g.m.raw[g.m.starts[i]:g.m.starts[i+1]])
			if len(line) == 0 || line[len(line)-1] == ' ' || line[len(line)-1] == '\t' {
				continue
			}
			at := g.m.starts[i] + len(line)
			g.add(bodyCand{
				edits:    []bodyEdit{{start: at, end: at, repl: sp}},
				findings: []Finding{{Kind: KindTrailingSpace, FirstLine: g.line0 + i, LastLine: g.line0 + i, Removed: "one space"}},
			})
		}
	}
	for _, p := range g.root.leaves(nil) {
		if !p.flowed || !rawText(p) {
			continue
		}
		var c bodyCand
		first, last := 0, 0
		a, b := g.m.lineOf(p.bodyStart), g.m.lineOf(p.bodyEnd)
		for i := a; i+1 < b; i++ {
			line := trimEOL(g.m.raw[g.m.starts[i]:g.m.starts[i+1]])
			next := trimEOL(g.m.raw[g.m.starts[i+1]:g.m.starts[i+2]])
			if len(line) == 0 || len(next) == 0 || bytes.HasSuffix(line, sp) || string(line) == "-- " {
				continue
			}
			at := g.m.starts[i] + len(line)
			c.edits = append(c.edits, bodyEdit{start: at, end: at, repl: sp})
			if first == 0 {
				first = g.line0 + i
			}
			last = g.line0 + i
		}
		if len(c.edits) > 0 {
			c.findings = []Finding{{Kind: KindTrailingSpace, FirstLine: first, LastLine: last, Removed: "format=flowed soft line breaks"}}
			g.add(c)
		}
	}
}

// footerMarks are lines that start the footers lists and gateways add.
var footerMarks = regexp.MustCompile(`(?i)^(_{8,}\s*$|-{2,} ?$|.*unsubscribe|.*mailing list|.*this (e-?mail|message) (and any|is confidential|may contain|was sent|originated)|.*disclaimer|caution:)`)

// suspects says what the body suggests when no repair verified: a text
// part that ends with what looks like a footer.
func (g *bodyGen) suspects() []Finding {
	leaves := g.root.leaves(nil)
	for k := len(leaves) - 1; k >= 0; k-- {
		p := leaves[k]
		if !rawText(p) || p.ctype != "text/plain" && p.ctype != "" {
			continue
		}
		cuts := g.footerCuts(p, 15)
		for i := len(cuts) - 1; i >= 0; i-- {
			line := trimEOL(g.m.raw[cuts[i]:min(len(g.m.raw), cuts[i]+lineLen(g.m.raw[cuts[i]:]))])
			if footerMarks.Match(line) {
				end := p.bodyEnd
				first, last := g.lines(cuts[i], end)
				kind := KindPartFooter
				if p.delim < 0 {
					kind = KindAppended
				}
				return []Finding{{Kind: kind, Status: Suspected, Half: "body", FirstLine: first, LastLine: last,
					Added:    clip(string(g.m.raw[cuts[i]:end])),
					Evidence: "these lines look like a footer a list or gateway adds, but removing them does not restore bh= (something else changed too)"}}
			}
		}
		break
	}
	return nil
}
