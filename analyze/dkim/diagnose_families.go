package dkim

import (
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
	// made counts the bytes of replacement content the candidates carry,
	// and room bounds it (the search's byte allowance): making a
	// candidate (re-wrapping a large base64 part, say) costs as much as
	// hashing it, so it is counted too.
	made, room int64
	// links are the link-protection wrappers of the text parts, found
	// once (nil until findLinks runs).
	links []foundLink
	// delims and boundaryHint are the message's delimiter scan and the
	// evidence that its boundary was rewritten (diagnose_boundary.go).
	delims       *delimScan
	boundaryHint string
}

// Bounds of each family's candidates: footers and banners are short.
const (
	maxCutLines   = 300 // lines a footer or banner may span
	maxHTMLPoints = 60  // places a HTML insertion may start or end
	maxHTMLSpan   = 16 << 10
	maxPairPoints = 20
)

func (g *bodyGen) all() ([]bodyCand, []Family) {
	var fams []Family
	run := func(kind Family, f func()) {
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
	run(KindBoundaryRewritten, g.boundaryRewritten)
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
	run(KindURLRewritten, g.linksRewritten)
	run(KindURLRewritten+"+footer", g.linkCombos)
	if !g.m.relaxed {
		run(KindTabsExpanded, g.tabsExpanded)
		run(KindTrailingSpace, g.trailingSpace)
	}
	run(KindLinesAdded, g.linesAdded)
	return g.out, fams
}

func (g *bodyGen) add(c bodyCand) {
	for _, e := range c.edits {
		g.made += int64(len(e.repl))
	}
	if len(g.out) >= maxBodyCandidates || g.made > g.room {
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
func (g *bodyGen) removal(kind Family, start, end int) (bodyEdit, Finding) {
	first, last := g.lines(start, end)
	return bodyEdit{start: start, end: end}, Finding{Kind: kind, FirstLine: first, LastLine: last, Added: clipBytes(g.m.raw[start:end])}
}

func (g *bodyGen) removeOne(kind Family, start, end int) {
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
				return []Finding{{Kind: kind, Status: Suspected, Half: BodyHalf, FirstLine: first, LastLine: last,
					Added:    clipBytes(g.m.raw[cuts[i]:end]),
					Evidence: "these lines look like a footer a list or gateway adds, but removing them does not restore bh= (something else changed too)"}}
			}
		}
		break
	}
	return nil
}
