package dkim

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// KindLineChanged is a line edited in place: its words differ between the
// text/plain and text/html alternatives of a multipart/alternative that
// otherwise carry the same text. No known transformation does that, and
// without the signed original it cannot be proven, so it is only ever
// suspected.
const KindLineChanged Family = "line-changed"

// Bounds of the comparison of alternatives: each part must share this
// many of its words, and this share of them, with the other, and at most
// altMaxLines lines of each may differ, or the parts are taken as written
// apart (no finding). An IBAN is six words: changed in a short message it
// still leaves 80% in common.
const (
	altAgreePercent = 80
	altMinWords     = 20
	altMaxLines     = 3
	altMaxChanges   = 2 // runs where each part has words the other lacks
	altMaxWords     = 8 // words quoted in the evidence, per line
)

// altWord is one word of an alternative: its comparison key (lower case),
// as written, and the message line it is on.
type altWord struct {
	key, text string
	line      int
	at        int // offset in the decoded part
	url       bool
}

// altPart is the words of one alternative.
type altPart struct {
	part    *mimePart
	decoded []byte    // the part's content, quoted-printable or base64 decoded
	words   []altWord // visible text
	links   []altWord // href URLs (HTML)
	urls    int       // URL words among words
}

// altPlan is the pairs of alternatives a body has, with the cost of
// comparing them reserved from the search's allowance before any
// candidate is hashed, so that a search cut short still compares them.
type altPlan struct {
	pairs [][2]*mimePart
	cost  int64
	cut   bool // the allowance could not hold the comparison
}

// planAlternatives finds the text/plain and text/html pairs of each
// multipart/alternative and reserves the bytes comparing them reads.
func (g *bodyGen) planAlternatives(b *budget) *altPlan {
	plan := &altPlan{}
	for _, mp := range g.root.multiparts(nil) {
		if mp.ctype != "multipart/alternative" {
			continue
		}
		if plain, htm := alternativePair(mp); plain != nil && htm != nil {
			plan.pairs = append(plan.pairs, [2]*mimePart{plain, htm})
			plan.cost += int64(plain.bodyEnd-plain.bodyStart) + int64(htm.bodyEnd-htm.bodyStart)
		}
	}
	if len(plan.pairs) > 0 && !b.spend(plan.cost) {
		plan.pairs, plan.cut = nil, true
	}
	return plan
}

// alternativeSuspects compares, when no repair verified, the text/plain
// and text/html alternatives of each multipart/alternative: a line of one
// whose words the other lacks, while the rest agree closely, is where the
// body was probably edited (an IBAN, an amount or a link changed in one
// part). It reads each part once, as planAlternatives reserved.
func (g *bodyGen) alternativeSuspects(plan *altPlan, t *tally) []Finding {
	if plan.cut && t.cut == "" {
		t.cut = cutBudget
	}
	if len(plan.pairs) == 0 {
		return nil
	}
	t.bytes += plan.cost
	var out []Finding
	for _, pr := range plan.pairs {
		out = append(out, g.compareAlternatives(g.altWords(pr[0], false), g.altWords(pr[1], true))...)
	}
	return out
}

// alternativePair returns the first text/plain and text/html part of a
// multipart/alternative, looking into a multipart/related for the HTML.
func alternativePair(mp *mimePart) (plain, htm *mimePart) {
	for _, c := range mp.children {
		for _, l := range c.leaves(nil) {
			switch {
			case l.ctype == "text/plain" && plain == nil && len(c.children) == 0:
				plain = l
			case l.ctype == "text/html" && htm == nil:
				htm = l
			}
		}
	}
	return plain, htm
}

// altWords decodes a text part (quoted-printable, base64 or as is) and
// lists its words with the message line each comes from.
func (g *bodyGen) altWords(p *mimePart, isHTML bool) *altPart {
	content := g.m.raw[p.bodyStart:p.bodyEnd]
	text := content
	toRaw := func(offs []int) []int { return offs }
	switch p.cte {
	case "quoted-printable":
		if d := decodeQP(content); d != nil {
			text = d
			toRaw = func(offs []int) []int { return qpRawOffsets(content, offs) }
		}
	case "base64":
		d, _ := decodeBase64Content(content)
		if d == nil {
			return &altPart{part: p}
		}
		text = d
		toRaw = func(offs []int) []int { return base64RawOffsets(content, offs) }
	}
	ap := &altPart{part: p, decoded: text}
	var words, links []int // decoded offsets of each word and link
	// A word is about six bytes of text: sized once, the lists are not
	// copied as they grow.
	tk := &tokenizer{words: make([]altWord, 0, len(text)/6), offs: make([]int, 0, len(text)/6)}
	if isHTML {
		htmlWords(text, tk)
	} else {
		tk.text(text, 0, false)
	}
	ap.words, words = tk.words, tk.offs
	ap.links, links = tk.links, tk.linkOffs
	ap.urls = tk.urls
	g.placeWords(p, ap.words, words, toRaw)
	g.placeWords(p, ap.links, links, toRaw)
	return ap
}

// placeWords sets the message line of each word from its decoded offset.
func (g *bodyGen) placeWords(p *mimePart, ws []altWord, offs []int, toRaw func([]int) []int) {
	if len(ws) == 0 {
		return
	}
	// The offsets are ascending (the tokenizer reads forward), as the
	// one-pass mappings need.
	raw := toRaw(offs)
	for i := range ws {
		ws[i].line, _ = g.lines(p.bodyStart+raw[i], p.bodyStart+raw[i])
		ws[i].at = offs[i]
	}
}

// base64RawOffsets maps offsets of decoded base64 content (ascending) to
// the offset of the encoded character that starts their quantum, in one
// pass.
func base64RawOffsets(b []byte, decoded []int) []int {
	out := make([]int, 0, len(decoded))
	n := 0 // encoded characters seen
	for i := 0; i < len(b) && len(out) < len(decoded); i++ {
		if c := b[i]; c == '\r' || c == '\n' || c == ' ' || c == '\t' {
			continue
		}
		for len(out) < len(decoded) && decoded[len(out)]/3*4 == n {
			out = append(out, i)
		}
		n++
	}
	for len(out) < len(decoded) {
		out = append(out, len(b))
	}
	return out
}

// compareAlternatives names the lines of each part where the two parts
// say different things, when they otherwise agree closely. The words
// (links left out) are aligned in order, as both parts carry one text in
// one order, by a diff bounded to altMaxEdits edits (a changed amount is
// found even when the same number appears elsewhere). Only a run where
// each part has words the other lacks counts as a changed line: words on
// one side alone (an image's alt text, a line one part leaves out) are
// how alternatives are commonly written. Links are compared as sets, as
// the HTML carries them in href= before the link text and the plain part
// after it: one link of each part the other lacks, with neither its host
// nor its path in common, is a changed link (a tracking service that
// rewrites one part's links keeps one of them).
func (g *bodyGen) compareAlternatives(pw, hw *altPart) []Finding {
	ptext, purl := splitURLs(pw.words)
	htext, hurl := splitURLs(hw.words)
	hurl = append(hurl, hw.links...)
	hunks, ok := diffWords(ptext, htext)
	if !ok {
		return nil
	}
	var delP, insH, changed int
	missP, missH := map[int][]altWord{}, map[int][]altWord{}
	for _, h := range hunks {
		delP += len(h.del)
		insH += len(h.ins)
		if len(h.del) > 0 && len(h.ins) > 0 {
			changed++
			addLines(missP, h.del)
			addLines(missH, h.ins)
		}
	}
	if changed > altMaxChanges {
		return nil // parts written apart, not one edit
	}
	if len(purl) > 0 {
		onlyP, onlyH := without(purl, keySet(hurl)), without(hurl, keySet(purl))
		if len(onlyP) == 1 && len(onlyH) == 1 && unrelatedURLs(onlyP[0].key, onlyH[0].key) {
			addLines(missP, onlyP)
			addLines(missH, onlyH)
		}
	}
	if len(missP)+len(missH) == 0 || len(missP) > altMaxLines || len(missH) > altMaxLines {
		return nil
	}
	sameP, sameH := len(ptext)-delP, len(htext)-insH
	if sameP < altMinWords || sameH < altMinWords || !agree(len(ptext), delP) || !agree(len(htext), insH) {
		return nil
	}
	share := 100 * (sameP + sameH) / (len(ptext) + len(htext))
	var out []Finding
	out = append(out, g.lineFindings(missP, missH, pw, "text/plain", "text/html", share)...)
	out = append(out, g.lineFindings(missH, missP, hw, "text/html", "text/plain", share)...)
	return out
}

// unrelatedURLs reports whether two URLs share neither their host nor
// what follows it.
func unrelatedURLs(a, b string) bool {
	split := func(u string) (string, string) {
		_, rest, _ := strings.Cut(u, "://")
		host, path, _ := strings.Cut(rest, "/")
		return strings.ToLower(host), path
	}
	ha, pa := split(a)
	hb, pb := split(b)
	return ha != hb && (pa != pb || pa == "")
}

func addLines(m map[int][]altWord, ws []altWord) {
	for _, w := range ws {
		m[w.line] = append(m[w.line], w)
	}
}

// without returns the words of ws whose key is not in set.
func without(ws []altWord, set map[string]bool) []altWord {
	var out []altWord
	for _, w := range ws {
		if !set[w.key] {
			out = append(out, w)
		}
	}
	return out
}

// splitURLs separates the URL words from the others.
func splitURLs(ws []altWord) (text, urls []altWord) {
	text = make([]altWord, 0, len(ws))
	for _, w := range ws {
		if w.url {
			urls = append(urls, w)
		} else {
			text = append(text, w)
		}
	}
	return text, urls
}

func keySet(ws []altWord) map[string]bool {
	out := make(map[string]bool, len(ws))
	for _, w := range ws {
		out[w.key] = true
	}
	return out
}

func agree(total, missed int) bool { return 100*(total-missed) >= altAgreePercent*total }

// lineFindings words one suspected finding per line of this part.
func (g *bodyGen) lineFindings(here, there map[int][]altWord, ap *altPart, this, other string, share int) []Finding {
	var out []Finding
	for _, line := range sortedLines(here) {
		ev := fmt.Sprintf("this line of the %s part has %s, which its %s alternative does not have", this, quoteWords(here[line]), other)
		if len(there) > 0 {
			var at []string
			for _, l := range sortedLines(there) {
				at = append(at, fmt.Sprintf("%s at line %d", quoteWords(there[l]), l))
			}
			ev += " (it has " + strings.Join(at, ", ") + " instead)"
		}
		ev += fmt.Sprintf("; %d%% of the words of the two alternatives match. Not a known transformation: one part was probably edited after signing, but without the signed original this is not proven, nor which part changed", share)
		// Field names the alternative the line is in (a body finding has
		// no header field).
		out = append(out, Finding{Kind: KindLineChanged, Status: Suspected, Half: "body", Field: this, FirstLine: line, LastLine: line,
			Added: clipBytes(decodedLine(ap.decoded, here[line][0].at)), Evidence: ev})
	}
	return out
}

// decodedLine is the line of the decoded part that holds offset at, line
// end removed: the line as the reader sees it, not its base64.
func decodedLine(dec []byte, at int) []byte {
	at = min(at, len(dec))
	start := bytes.LastIndexByte(dec[:at], '\n') + 1
	end := len(dec)
	if k := bytes.IndexByte(dec[at:], '\n'); k >= 0 {
		end = at + k
	}
	return trimEOL(dec[start:end])
}

func sortedLines(m map[int][]altWord) []int {
	out := make([]int, 0, len(m))
	for l := range m {
		out = append(out, l)
	}
	sort.Ints(out)
	return out
}

// quoteWords quotes the first words of ws.
func quoteWords(ws []altWord) string {
	var q []string
	for i, w := range ws {
		if i == altMaxWords {
			q = append(q, fmt.Sprintf("and %d more", len(ws)-i))
			break
		}
		q = append(q, fmt.Sprintf("%q", clip(w.text)))
	}
	return strings.Join(q, " ")
}
