package dkim

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Link-protection gateways rewrite every link of a message into a link to
// their own service that carries the original (Microsoft Defender Safe
// Links, Proofpoint URL Defense), which changes the body after signing.
// The rewrite of the first two is reversible: the original is in the
// wrapper, so a repaired body can be hashed and the finding proven.
// Mimecast's protect links keep only a token, so those stay suspected.

// Link services, as LinkService names them.
const (
	LinkSafeLinks   = "Microsoft Safe Links"
	LinkProofpoint  = "Proofpoint URL Defense"
	LinkMimecast    = "Mimecast URL Protect"
	maxLinksPerPart = 64 // wrappers decoded in one part
	maxLinkSingles  = 16 // links tried back one at a time
	maxLinkCombos   = 300
)

// linkWrapper finds the wrappers. A wrapper ends where a URL in text or
// in an attribute ends; v3 wrappers end at their "$".
var linkWrapper = regexp.MustCompile(`(?i)https://[a-z0-9.-]*safelinks\.protection\.outlook\.com/\?[^\s"'<>]+` +
	`|https://urldefense\.proofpoint\.com/v[12]/url\?[^\s"'<>]+` +
	`|https://urldefense(?:\.proofpoint)?\.com/v3/__[^\s"'<>]+?__;[A-Za-z0-9_-]*![^\s"'<>$]*\$` +
	`|https://protect(?:-[a-z0-9]+)?\.mimecast\.com/s/[^\s"'<>]+`)

// LinkService names the service a rewritten link points to ("" when it is
// none of those known).
func LinkService(wrapper string) string {
	l := strings.ToLower(wrapper)
	switch {
	case strings.Contains(l, ".safelinks.protection.outlook.com/"):
		return LinkSafeLinks
	case strings.HasPrefix(l, "https://urldefense."):
		return LinkProofpoint
	case strings.Contains(l, ".mimecast.com/s/"):
		return LinkMimecast
	}
	return ""
}

// trimLinkTail drops what a text wrapper caught after its end: sentence
// punctuation (the wrapped URL itself is percent-encoded inside it, so
// no original character is lost) and, in HTML, nothing else.
func trimLinkTail(w []byte) []byte {
	if bytes.HasSuffix(w, []byte("$")) {
		return w
	}
	return bytes.TrimRight(w, ".,;:)]!?")
}

// unwrapLink returns the original URL a wrapper carries, or false when it
// cannot be recovered (Mimecast, or a malformed wrapper).
func unwrapLink(w string) (string, bool) {
	l := strings.ToLower(w)
	var orig string
	switch {
	case strings.Contains(l, ".safelinks.protection.outlook.com/"):
		orig = escapedParam(w, "url", nil)
	case strings.Contains(l, "/v2/url?"):
		// Proofpoint v2: "-" stands for "%" and "_" for "/".
		orig = escapedParam(w, "u", strings.NewReplacer("-", "%", "_", "/"))
	case strings.Contains(l, "/v1/url?"):
		orig = escapedParam(w, "u", nil)
	case strings.Contains(l, "/v3/__"):
		u, ok := unwrapV3(w)
		if !ok {
			return "", false
		}
		orig = u
	default:
		return "", false
	}
	if orig == "" || !utf8.ValidString(orig) || strings.ContainsAny(orig, " \t\r\n\x00") {
		return "", false
	}
	return orig, true
}

// escapedParam returns the value of query parameter name of w, first
// rewritten by repl when not nil, then %-unescaped; "" when it is absent
// or malformed.
func escapedParam(w, name string, repl *strings.Replacer) string {
	v, ok := queryParam(w, name)
	if !ok {
		return ""
	}
	if repl != nil {
		v = repl.Replace(v)
	}
	u, err := url.PathUnescape(v)
	if err != nil {
		return ""
	}
	return u
}

// queryParam returns the raw value of name in the query of w, which may
// separate its parameters with "&" or, inside HTML, "&amp;".
func queryParam(w, name string) (string, bool) {
	_, q, ok := strings.Cut(w, "?")
	if !ok {
		return "", false
	}
	for _, kv := range strings.Split(q, "&") {
		kv = strings.TrimPrefix(kv, "amp;")
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v, true
		}
	}
	return "", false
}

// unwrapV3 decodes a Proofpoint v3 wrapper,
// https://urldefense.com/v3/__URL__;ENC!!CUSTOMER!SIG$: in URL, "*" stands
// for the next character of ENC (base64url, UTF-8) and "**X" for a run of
// them, X giving its length from 2 ("A" 2, "B" 3, ... "_" 65).
func unwrapV3(w string) (string, bool) {
	i := strings.Index(w, "/v3/__")
	if i < 0 {
		return "", false
	}
	rest := w[i+len("/v3/__"):]
	j := strings.Index(rest, "__;")
	if j < 0 {
		return "", false
	}
	enc := rest[j+3:]
	k := strings.IndexByte(enc, '!')
	if k < 0 {
		return "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(enc[:k], "="))
	if err != nil || !utf8.Valid(raw) {
		return "", false
	}
	chars := []rune(string(raw))
	u, err := url.PathUnescape(rest[:j])
	if err != nil {
		return "", false
	}
	const runs = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var b strings.Builder
	next := 0
	for p := 0; p < len(u); p++ {
		if u[p] != '*' {
			b.WriteByte(u[p])
			continue
		}
		n := 1
		if p+2 < len(u) && u[p+1] == '*' {
			n = strings.IndexByte(runs, u[p+2]) + 2
			if n < 2 {
				return "", false
			}
			p += 2
		}
		if next+n > len(chars) {
			return "", false
		}
		b.WriteString(string(chars[next : next+n]))
		next += n
	}
	return b.String(), next == len(chars)
}

// foundLink is one wrapper in the body and what it can be undone to.
type foundLink struct {
	start, end int
	orig       string // "" when not recoverable
	html       bool
}

// findLinks lists the wrappers in the text parts (not base64 or
// quoted-printable ones: a gateway re-encodes those, and their lines
// cannot be rebuilt), in body order, at most maxLinksPerPart a part.
func (g *bodyGen) findLinks() []foundLink {
	if g.links != nil {
		return g.links
	}
	g.links = []foundLink{}
	for _, p := range g.root.leaves(nil) {
		if !rawText(p) || p.cte == "quoted-printable" || p.ctype != "text/plain" && p.ctype != "text/html" && p.ctype != "" {
			continue
		}
		region := g.m.raw[p.bodyStart:p.bodyEnd]
		for _, loc := range linkWrapper.FindAllIndex(region, maxLinksPerPart) {
			w := trimLinkTail(region[loc[0]:loc[1]])
			l := foundLink{start: p.bodyStart + loc[0], end: p.bodyStart + loc[0] + len(w), html: p.ctype == "text/html"}
			l.orig, _ = unwrapLink(string(w))
			g.links = append(g.links, l)
		}
	}
	return g.links
}

// linkEdit is the edit and finding that undo one wrapper; amp writes "&"
// back as "&amp;" in HTML, where the gateway decoded the attribute.
func (g *bodyGen) linkEdit(l foundLink, amp bool) (bodyEdit, Finding) {
	orig := l.orig
	if amp && l.html {
		orig = strings.ReplaceAll(orig, "&", "&amp;")
	}
	first, last := g.lines(l.start, l.end)
	return bodyEdit{start: l.start, end: l.end, repl: []byte(orig)},
		Finding{Kind: KindURLRewritten, FirstLine: first, LastLine: last, Added: clipBytes(g.m.raw[l.start:l.end]), Removed: clip(orig)}
}

// linkCands are the repairs of the links: every recoverable link undone
// (a gateway rewrites them all), each way of writing "&" in HTML.
func (g *bodyGen) linkCands() []bodyCand {
	var out []bodyCand
	links := g.findLinks()
	anyHTML := false
	for _, l := range links {
		anyHTML = anyHTML || l.html && strings.Contains(l.orig, "&")
	}
	for _, amp := range []bool{false, true} {
		if amp && !anyHTML {
			break
		}
		var c bodyCand
		for _, l := range links {
			if l.orig == "" {
				continue
			}
			e, f := g.linkEdit(l, amp)
			c.edits = append(c.edits, e)
			c.findings = append(c.findings, f)
		}
		if len(c.edits) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// linksRewritten: links rewritten by a link-protection gateway, undone all
// at once, then one at a time (a link already wrapped when signed, in a
// forwarded message, stays as it was).
func (g *bodyGen) linksRewritten() {
	all := g.linkCands()
	for _, c := range all {
		g.add(c)
	}
	g.linksInQP(all)
	if len(all) == 0 || len(all[0].edits) < 2 {
		return
	}
	n := 0
	for _, l := range g.findLinks() {
		if l.orig == "" || n >= maxLinkSingles {
			continue
		}
		n++
		e, f := g.linkEdit(l, false)
		g.add(bodyCand{edits: []bodyEdit{e}, findings: []Finding{f}})
	}
}

// linkCombos: the gateway that rewrote the links also added a banner or a
// footer (Microsoft 365 and Proofpoint both do): the links undone together
// with each footer or banner candidate made so far, and with content
// appended at the end of a body that is not multipart.
func (g *bodyGen) linkCombos() {
	all := g.linkCands()
	if len(all) == 0 {
		return
	}
	var others []bodyCand
	for _, c := range g.out {
		switch c.findings[0].Kind {
		case KindPartFooter, KindPartBanner, KindHTMLFooter, KindHTMLBanner, KindPartAdded:
			others = append(others, c)
		}
	}
	if !g.root.multipart() {
		end := len(g.m.starts) - 1
		for a := end - 1; a > 0 && a >= end-maxPairPoints; a-- {
			e, f := g.removal(KindAppended, g.m.starts[a], len(g.m.raw))
			others = append(others, bodyCand{edits: []bodyEdit{e}, findings: []Finding{f}})
		}
	}
	n := 0
	for _, o := range others {
		for _, l := range all {
			if n >= maxLinkCombos {
				return
			}
			if c, ok := mergeCands(l, o); ok {
				g.add(c)
				n++
			}
		}
	}
}

// mergeCands joins two candidates whose edits do not overlap, edits kept
// in body order.
func mergeCands(a, b bodyCand) (bodyCand, bool) {
	var c bodyCand
	i, j := 0, 0
	for i < len(a.edits) || j < len(b.edits) {
		var e bodyEdit
		if j >= len(b.edits) || i < len(a.edits) && a.edits[i].start < b.edits[j].start {
			e = a.edits[i]
			i++
		} else {
			e = b.edits[j]
			j++
		}
		if n := len(c.edits); n > 0 && e.start < c.edits[n-1].end {
			return bodyCand{}, false
		}
		c.edits = append(c.edits, e)
	}
	c.findings = append(append(c.findings, b.findings...), a.findings...)
	return c, true
}

// linkSuspects: wrappers found when no repair verified. Mimecast's cannot
// be undone; the others were undone and something else changed too.
func (g *bodyGen) linkSuspects() []Finding {
	links := g.findLinks()
	if len(links) == 0 {
		return g.qpLinkSuspects()
	}
	first, last := g.lines(links[0].start, links[len(links)-1].end)
	w := string(g.m.raw[links[0].start:links[0].end])
	f := Finding{Kind: KindURLRewritten, Status: Suspected, Half: "body", FirstLine: first, LastLine: last, Added: clip(w)}
	lost := 0
	for _, l := range links {
		if l.orig == "" {
			lost++
		}
	}
	n := itoa(len(links))
	switch {
	case lost == len(links):
		f.Evidence = n + " link(s) point to " + serviceOr(w) + ", whose links keep no copy of the original, so they cannot be undone to prove the change"
	case lost > 0:
		f.Evidence = n + " link(s) were rewritten by a link-protection gateway; " + itoa(lost) + " of them keep no copy of the original, so the body cannot be rebuilt"
	default:
		f.Removed = clip(links[0].orig)
		f.Evidence = n + " link(s) were rewritten by " + serviceOr(w) + "; undoing them does not restore bh= (something else changed too)"
	}
	return []Finding{f}
}

func serviceOr(w string) string {
	if s := LinkService(w); s != "" {
		return s
	}
	return "a link-protection gateway"
}

// undoableLinks finds the wrapped links of a decoded text part whose
// original can be recovered (at most maxLinksPerPart).
func undoableLinks(dec []byte, html bool) []foundLink {
	var links []foundLink
	for _, loc := range linkWrapper.FindAllIndex(dec, maxLinksPerPart) {
		w := trimLinkTail(dec[loc[0]:loc[1]])
		l := foundLink{start: loc[0], end: loc[0] + len(w), html: html}
		if l.orig, _ = unwrapLink(string(w)); l.orig != "" {
			links = append(links, l)
		}
	}
	return links
}
