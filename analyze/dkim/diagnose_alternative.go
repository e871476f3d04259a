package dkim

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// KindLineChanged is a line edited in place: its words differ between the
// text/plain and text/html alternatives of a multipart/alternative that
// otherwise carry the same text. No known transformation does that, and
// without the signed original it cannot be proven, so it is only ever
// suspected.
const KindLineChanged = "line-changed"

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

// tokenizer splits text into words: runs of letters and digits, joined
// across one of . , - / @ between two letters or two digits (an amount
// "12,400.00", an address), and URLs whole.
type tokenizer struct {
	words    []altWord
	offs     []int
	links    []altWord
	linkOffs []int
	urls     int
	cur      []byte
	start    int
	joiner   []byte
	digit    bool // the last character of cur is a digit
}

func (tk *tokenizer) flush() {
	if len(tk.cur) > 0 {
		w := string(tk.cur)
		key := strings.ToLower(w)
		if !utf8.ValidString(w) {
			key = lowerASCII(w) // ISO-8859-1 letters kept apart, not all U+FFFD
		}
		tk.words = append(tk.words, altWord{key: key, text: w})
		tk.offs = append(tk.offs, tk.start)
	}
	tk.cur, tk.joiner = tk.cur[:0], nil
}

// text tokenizes b, which starts at decoded offset base; entities says
// whether HTML character references are decoded (text of an HTML part).
// A byte that is not UTF-8 is read as ISO-8859-1 (a part in that charset
// keeps its letters, and its no-break space separates).
func (tk *tokenizer) text(b []byte, base int, entities bool) {
	for i := 0; i < len(b); {
		if n := urlLen(b[i:]); n > 0 && (len(tk.cur) == 0 || tk.joiner != nil) {
			tk.flush()
			u := string(b[i : i+n])
			tk.words = append(tk.words, altWord{key: urlKey(u), text: u, url: true})
			tk.offs = append(tk.offs, base+i)
			tk.urls++
			i += n
			continue
		}
		if n := placeholderLen(b[i:]); n > 0 && !entities {
			tk.flush()
			i += n
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			r = rune(b[i])
		}
		chunk := b[i : i+size]
		if entities && b[i] == '&' {
			if end := bytes.IndexByte(b[i:min(len(b), i+12)], ';'); end > 1 {
				if dec := html.UnescapeString(string(b[i : i+end+1])); dec != string(b[i:i+end+1]) {
					r, _ = utf8.DecodeRuneInString(dec)
					chunk, size = []byte(dec), end+1
				}
			}
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if tk.joiner != nil && unicode.IsDigit(r) != tk.digit {
				tk.flush() // "2023.What": a joiner only joins like with like
			}
			if len(tk.cur) == 0 {
				tk.start = base + i
			}
			tk.cur = append(append(tk.cur, tk.joiner...), chunk...)
			tk.joiner, tk.digit = nil, unicode.IsDigit(r)
		case len(tk.cur) > 0 && tk.joiner == nil && strings.ContainsRune(".,-/@", r):
			tk.joiner = chunk
		default:
			tk.flush()
		}
		i += size
	}
	tk.flush()
}

// placeholderLen is the length of an image placeholder at the start of b
// in a plain part ("[image: logo]", Outlook's "[cid:image001.png@...]"),
// which stands for what the HTML shows as an image; 0 when none.
func placeholderLen(b []byte) int {
	if len(b) < 2 || b[0] != '[' || !hasPrefixFold(b[1:], "image:") && !hasPrefixFold(b[1:], "cid:") {
		return 0
	}
	if end := bytes.IndexAny(b, "]\n"); end > 0 && b[end] == ']' {
		return end + 1
	}
	return 0
}

// link records the href URL of an HTML tag.
func (tk *tokenizer) link(v string, off int) {
	v = html.UnescapeString(strings.TrimSpace(v))
	if n := urlLen([]byte(v)); n > 0 {
		tk.links = append(tk.links, altWord{key: urlKey(v[:n]), text: v[:n], url: true})
		tk.linkOffs = append(tk.linkOffs, off)
	}
}

// urlLen is the length of the http(s) or mailto URL at the start of b,
// trailing punctuation left out; 0 when b does not start with one.
func urlLen(b []byte) int {
	if !hasPrefixFold(b, "http://") && !hasPrefixFold(b, "https://") && !hasPrefixFold(b, "mailto:") {
		return 0
	}
	n := 0
	for n < len(b) && !strings.ContainsRune(" \t\r\n<>\"'`", rune(b[n])) {
		n++
	}
	for n > 0 && strings.ContainsRune(".,;:!?)]", rune(b[n-1])) {
		n--
	}
	return n
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

// urlKey compares URLs with a trailing slash or not alike, and with "&"
// written "&amp;" (a plain part that copied the HTML's) alike; a mailto
// URL by its address.
func urlKey(u string) string {
	u = html.UnescapeString(u)
	if hasPrefixFold([]byte(u), "mailto:") {
		addr, _, _ := strings.Cut(u[len("mailto:"):], "?")
		return "mailto:" + strings.ToLower(addr)
	}
	return strings.TrimSuffix(u, "/")
}

// htmlWords tokenizes the visible text of an HTML part (tags, comments
// and the content of head, style, script and title left out) and the URLs
// of its href attributes (an image's src has no counterpart in the plain
// text).
func htmlWords(b []byte, tk *tokenizer) {
	for i := 0; i < len(b); {
		if b[i] != '<' {
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				j = len(b) - i
			}
			tk.text(b[i:i+j], i, true)
			i += j
			continue
		}
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			j := bytes.Index(b[i+4:], []byte("-->"))
			if j < 0 {
				return
			}
			i += 4 + j + 3
			continue
		}
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			return
		}
		tag := b[i+1 : i+j]
		name := tagName(tag)
		for _, attr := range []string{"href="} {
			if k := indexASCIIFold(string(tag), attr); k >= 0 {
				v := tag[k+len(attr):]
				if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
					if e := bytes.IndexByte(v[1:], v[0]); e >= 0 {
						v = v[1 : 1+e]
					}
				} else if e := bytes.IndexAny(v, " \t\r\n"); e >= 0 {
					v = v[:e]
				}
				tk.link(string(v), i)
			}
		}
		i += j + 1
		// A word does not run on across a tag that breaks the text.
		tk.flush()
		switch name {
		case "head", "style", "script", "title":
			k := indexASCIIFold(string(b[i:]), "</"+name)
			if k < 0 {
				return
			}
			i += k
		}
	}
}

// tagName is the lower-case name of a tag's text ("/p" for a closing one).
func tagName(tag []byte) string {
	n := 0
	if n < len(tag) && tag[n] == '/' {
		n++
	}
	for n < len(tag) && !strings.ContainsRune(" \t\r\n/>", rune(tag[n])) {
		n++
	}
	return strings.ToLower(string(tag[:n]))
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

// altMaxEdits bounds the diff of two alternatives: words deleted plus
// inserted. Past it the parts differ too much to locate one edit, and the
// diff stops, so it costs at most altMaxEdits passes over the words.
const altMaxEdits = 64

// altHunk is one run of differences between two alternatives: the words
// of the plain part with no match, and those of the HTML part, between
// two matched words.
type altHunk struct {
	del, ins []altWord
}

// diffWords aligns a and b (Myers' O(ND) diff, D at most altMaxEdits) and
// returns the runs of words that differ, in order; false when more than
// altMaxEdits edits separate them.
func diffWords(a, b []altWord) ([]altHunk, bool) {
	ids := map[string]int32{}
	intern := func(ws []altWord) []int32 {
		out := make([]int32, len(ws))
		for i, w := range ws {
			id, seen := ids[w.key]
			if !seen {
				id = int32(len(ids))
				ids[w.key] = id
			}
			out[i] = id
		}
		return out
	}
	x, y := intern(a), intern(b)
	n, m := len(x), len(y)
	const off = altMaxEdits + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	for d := 0; d <= altMaxEdits; d++ {
		trace = append(trace, slices.Clone(v))
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				i = v[off+k+1] // a word of b inserted
			} else {
				i = v[off+k-1] + 1 // a word of a deleted
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i, j = i+1, j+1
			}
			v[off+k] = i
			if i >= n && j >= m {
				return backtrack(trace, a, b, d, k, off, i), true
			}
		}
	}
	return nil, false
}

// backtrack walks the saved diagonals of diffWords back from the end
// (d, k, x) and groups the words deleted from a and inserted from b into
// runs that matched words separate.
func backtrack(trace [][]int, a, b []altWord, d, k, off, x int) []altHunk {
	var hunks []altHunk
	var cur altHunk
	for ; d > 0; d-- {
		prev := trace[d]
		pk, xs, insert := k-1, prev[off+k-1]+1, false
		if k == -d || k != d && prev[off+k-1] < prev[off+k+1] {
			pk, xs, insert = k+1, prev[off+k+1], true
		}
		if x > xs && len(cur.del)+len(cur.ins) > 0 {
			// Matched words after this edit: the later ones are a run apart.
			hunks = append(hunks, cur)
			cur = altHunk{}
		}
		if insert {
			cur.ins = append(cur.ins, b[xs-k-1])
		} else {
			cur.del = append(cur.del, a[xs-1])
		}
		x, k = prev[off+pk], pk
	}
	if len(cur.del)+len(cur.ins) > 0 {
		hunks = append(hunks, cur)
	}
	slices.Reverse(hunks)
	for i := range hunks {
		slices.Reverse(hunks[i].del)
		slices.Reverse(hunks[i].ins)
	}
	return hunks
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
