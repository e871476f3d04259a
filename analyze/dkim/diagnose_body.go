package dkim

import (
	"bytes"
	"encoding/base64"
	"hash"
	"slices"
	"sort"
	"strings"
)

// bodyModel is a body with its canonical form (RFC 6376 section 3.4.3,
// 3.4.4) laid out line by line, so that a repaired copy is hashed as the
// canonical bytes before the change (a saved hash state), the few lines
// the change touches canonicalized again, and the canonical bytes after.
type bodyModel struct {
	raw      []byte
	relaxed  bool
	hashName string
	starts   []int  // offset of each raw line, then len(raw)
	canon    []byte // canonical body, trailing empty lines removed (no CRLF for an empty simple body)
	coff     []int  // canonical offset of each raw line start, clamped to len(canon)
	// contentLines is the number of raw lines up to the last one with
	// content; the empty lines after it are not in canon.
	contentLines int
	// limit is l=: only so many canonical bytes are hashed (nil: all).
	limit *int64
}

func newBodyModel(raw []byte, can Canon, hashName string) *bodyModel {
	m := &bodyModel{raw: raw, relaxed: can == Relaxed, hashName: hashName}
	for pos := 0; pos < len(raw); pos += lineLen(raw[pos:]) {
		m.starts = append(m.starts, pos)
	}
	m.starts = append(m.starts, len(raw))
	canon := make([]byte, 0, len(raw)+len(raw)/16)
	m.coff = make([]int, len(m.starts))
	content := 0
	for i := 0; i+1 < len(m.starts); i++ {
		m.coff[i] = len(canon)
		canon = m.canonLine(canon, raw[m.starts[i]:m.starts[i+1]])
		if len(canon)-m.coff[i] > 2 {
			content = len(canon)
			m.contentLines = i + 1
		}
	}
	m.canon = canon[:content]
	for i := range m.coff {
		m.coff[i] = min(m.coff[i], content)
	}
	m.coff[len(m.coff)-1] = content
	return m
}

// canonLine appends the canonical form of one raw line.
func (m *bodyModel) canonLine(out, line []byte) []byte {
	can := Simple
	if m.relaxed {
		can = Relaxed
	}
	return append(out, canonBodyLine(line, can)...)
}

// canonChunk canonicalizes whole raw lines.
func (m *bodyModel) canonChunk(chunk []byte) []byte {
	var out []byte
	for pos := 0; pos < len(chunk); {
		n := lineLen(chunk[pos:])
		out = m.canonLine(out, chunk[pos:pos+n])
		pos += n
	}
	return out
}

// lineOf returns the index of the raw line holding offset off.
func (m *bodyModel) lineOf(off int) int {
	i := sort.SearchInts(m.starts, off+1) - 1
	return max(0, min(i, len(m.starts)-2))
}

// bodyEdit replaces raw[start:end] with repl.
type bodyEdit struct {
	start, end int
	repl       []byte
}

// bodyCand is one repaired body: sorted, disjoint edits and the findings
// they stand for.
type bodyCand struct {
	edits    []bodyEdit
	findings []Finding
}

// piece is a stretch of the repaired canonical body: canon[a:b], or data.
type piece struct {
	a, b int
	data []byte
	mid  bool
}

func (p piece) len() int {
	if p.mid {
		return len(p.data)
	}
	return p.b - p.a
}

// pieces lays out the repaired canonical body of c.
func (m *bodyModel) pieces(c *bodyCand) []piece {
	var out []piece
	if len(m.starts) < 2 {
		// An empty body: the repaired body is what the edits insert.
		var chunk []byte
		for _, e := range c.edits {
			chunk = append(chunk, e.repl...)
		}
		out = append(out, piece{data: m.canonChunk(chunk), mid: true})
		return trimPieces(m, out)
	}
	next := 0 // raw line whose canonical form is copied from
	for k := 0; k < len(c.edits); {
		i := m.lineOf(c.edits[k].start)
		j := m.lastLine(c.edits[k])
		g := k + 1
		var chunk []byte
		for {
			// Edits whose lines touch go into one group.
			for g < len(c.edits) && m.lineOf(c.edits[g].start) <= j {
				j = max(j, m.lastLine(c.edits[g]))
				g++
			}
			chunk = chunk[:0]
			pos := m.starts[i]
			for _, e := range c.edits[k:g] {
				chunk = append(chunk, m.raw[pos:e.start]...)
				chunk = append(chunk, e.repl...)
				pos = e.end
			}
			chunk = append(chunk, m.raw[pos:m.starts[j+1]]...)
			// A chunk that no longer ends a line (its line end was
			// removed) runs on into the next line.
			if len(chunk) == 0 || chunk[len(chunk)-1] == '\n' || j+2 >= len(m.starts) {
				break
			}
			j++
		}
		out = append(out, m.gap(next, i)...)
		out = append(out, piece{data: m.canonChunk(chunk), mid: true})
		next = j + 1
		k = g
	}
	out = append(out, m.gap(next, len(m.starts)-1)...)
	return trimPieces(m, out)
}

// gap is the canonical form of the unedited raw lines a to b (b
// excluded): canon itself, and the empty lines after the last line with
// content that canon leaves out (they count again when an edit puts
// content after them; trimPieces drops them otherwise).
func (m *bodyModel) gap(a, b int) []piece {
	if b <= a {
		return nil
	}
	out := []piece{{a: m.coff[a], b: m.coff[b]}}
	if n := b - max(a, m.contentLines); n > 0 {
		out = append(out, piece{data: bytes.Repeat(crlf, n), mid: true})
	}
	return out
}

// trimPieces removes trailing empty lines from the repaired body too.
func trimPieces(m *bodyModel, out []piece) []piece {
	for len(out) > 0 {
		last := &out[len(out)-1]
		if last.mid {
			last.data = last.data[:emptyTail(last.data, 0, len(last.data))]
		} else {
			last.b = emptyTail(m.canon, last.a, last.b)
		}
		if last.len() > 0 {
			break
		}
		out = out[:len(out)-1]
	}
	return out
}

// lastLine is the last raw line an edit touches.
func (m *bodyModel) lastLine(e bodyEdit) int {
	if e.end > e.start {
		return m.lineOf(e.end - 1)
	}
	return m.lineOf(e.start)
}

// emptyTail returns the end of b[a:end] once empty canonical lines at its
// end are dropped; a starts a line.
func emptyTail(b []byte, a, end int) int {
	for end-a >= 2 && b[end-2] == '\r' && b[end-1] == '\n' && (end-2 == a || b[end-3] == '\n') {
		end -= 2
	}
	return end
}

// prefixHasher hashes prefixes of the canonical body for a run of
// candidates sorted by where they start, cloning the running state
// instead of hashing each prefix again.
type prefixHasher struct {
	m   *bodyModel
	h   hash.Hash
	pos int
	b   *budget
	t   *tally
}

func (p *prefixHasher) at(q int) (hash.Hash, bool) {
	if p.h == nil || q < p.pos {
		p.h, p.pos = p.m.newHash(), 0
	}
	if !p.b.spend(int64(q - p.pos)) {
		return nil, false
	}
	p.t.bytes += int64(q - p.pos)
	p.h.Write(p.m.canon[p.pos:q])
	p.pos = q
	c, err := p.h.(hash.Cloner).Clone()
	if err != nil {
		return nil, false
	}
	return c, true
}

// digest hashes the repaired body of c; false when the allowance ran out.
func (m *bodyModel) digest(c *bodyCand, p *prefixHasher) ([]byte, bool) {
	ps := m.pieces(c)
	prefix := 0
	if len(ps) > 0 && !ps[0].mid && ps[0].a == 0 {
		prefix = ps[0].b
		ps = ps[1:]
	}
	ps = m.clipToLimit(prefix, ps)
	var rest int64
	for _, pc := range ps {
		rest += int64(pc.len())
	}
	if !p.b.take(rest) {
		return nil, false
	}
	p.t.candidates++
	p.t.bytes += rest
	h, ok := p.at(prefix)
	if !ok {
		return nil, false
	}
	for _, pc := range ps {
		if pc.mid {
			h.Write(pc.data)
		} else {
			h.Write(m.canon[pc.a:pc.b])
		}
	}
	if prefix == 0 && rest == 0 && !m.relaxed {
		h.Write(crlf) // an empty simple body is one CRLF
	}
	return h.Sum(nil), true
}

// cheapTail is the tail length (bytes after a change) under which a
// candidate is tried in the first, cheap round.
const cheapTail = 16 << 10

// maxBodyCandidates bounds the repaired bodies tried for one body hash.
const maxBodyCandidates = 2000

// diagnoseBody searches the body changes transit commonly makes, for a
// body whose hash differs from want, and returns the verified finding(s),
// or suspected ones, with the families tried.
// With l= (limit not nil) every repaired body is judged on its first l
// canonical bytes, as the signer hashed it.
func (v *Verifier) diagnoseBody(can Canon, hashName string, want []byte, limit *int64) ([]Finding, []Family, tally) {
	var t tally
	body := v.msg.Body
	if len(body) > MaxDiagnosisBody {
		t.cut = "the body is larger than the diagnosis bound, so its changes were not searched"
		return nil, nil, t
	}
	m := newBodyModel(body, can, hashName)
	m.limit = limit
	b := v.diag.share()
	if !b.spend(int64(len(m.canon))) {
		t.cut = cutBudget
		return nil, nil, t
	}
	t.bytes += int64(len(m.canon))
	// The model must reproduce the body hash, or nothing it repairs
	// would mean anything (a quirk of the input it lays out otherwise).
	whole := m.newHash()
	whole.Write(m.canon)
	if len(m.canon) == 0 && !m.relaxed {
		whole.Write(crlf)
	}
	lim := int64(-1)
	if limit != nil {
		lim = *limit
	}
	if !bytes.Equal(whole.Sum(nil), v.bodies.get(body, can, hashName, lim).sum) {
		t.cut = "the body's line structure could not be laid out for the search"
		return nil, nil, t
	}
	var tried []Family
	// Under l= content appended after the signed part does not break
	// the signature: what failed changed inside it.
	if limit == nil {
		tried = append(tried, KindAppended)
		if f, ok := m.appended(want, v.msg.BodyLine); ok {
			i := f.FirstLine - v.msg.BodyLine
			f.Changes = m.bodyChanges([]bodyEdit{{start: m.starts[i], end: len(body)}}, v.msg.BodyLine)
			return []Finding{f}, tried, t
		}
	}
	root := v.mimeTree()
	ds := v.delims()
	gen := &bodyGen{m: m, root: root, line0: v.msg.BodyLine, room: b.maxBytes, delims: ds, boundaryHint: ds.evidence}
	cands, fams := gen.all()
	cands = slices.DeleteFunc(cands, m.beyondLimit)
	alt := gen.planAlternatives(b)
	tried = append(tried, fams...)
	// Cheap candidates first (a short tail after the change), each run in
	// body order so that the saved prefix hash only moves forward; a body
	// with a large attachment after its text cannot spend the allowance
	// on tails before the cheap guesses are tried.
	// Lines added anywhere, which name no known transformation, come
	// last, so that a footer is called a footer.
	tail := func(c *bodyCand) bool { return len(body)-c.edits[0].start > cheapTail }
	sort.SliceStable(cands, func(i, j int) bool {
		gi, gj := cands[i].findings[0].Kind == KindLinesAdded, cands[j].findings[0].Kind == KindLinesAdded
		if gi != gj {
			return gj
		}
		ti, tj := tail(&cands[i]), tail(&cands[j])
		if ti != tj {
			return !ti
		}
		return cands[i].edits[0].start < cands[j].edits[0].start
	})
	p := &prefixHasher{m: m, b: b, t: &t}
	for i := range cands {
		d, ok := m.digest(&cands[i], p)
		if !ok {
			t.cut = cutBudget
			break
		}
		if bytes.Equal(d, want) {
			out := slices.Clone(cands[i].findings)
			for k := range out {
				out[k].Status, out[k].Half = Verified, BodyHalf
				out[k].RepairedHash = base64.StdEncoding.EncodeToString(d)
			}
			attachBody(out, m.bodyChanges(cands[i].edits, v.msg.BodyLine))
			return out, tried, t
		}
	}
	if gen.capped && t.cut == "" {
		t.cut = "the body search stopped at its bound of candidates"
	}
	sus := append(append(gen.suspects(), gen.linkSuspects()...), gen.boundarySuspects()...)
	return append(sus, gen.alternativeSuspects(alt, &t)...), tried, t
}

// appended looks for a line boundary of the canonical body at which the
// hash equals want: content appended at the end, as list footers and
// disclaimers are. One pass, whatever the number of lines.
func (m *bodyModel) appended(want []byte, line0 int) (Finding, bool) {
	h := newHash(m.hashName)
	done := 0
	for i := 1; i < len(m.starts); i++ {
		end := m.coff[i]
		if end == done || end-m.coff[i-1] <= 2 {
			continue // an empty line: a signer's body never ends in one
		}
		h.Write(m.canon[done:end])
		done = end
		if end >= len(m.canon) {
			break
		}
		if sum := h.Sum(nil); bytes.Equal(sum, want) {
			return Finding{
				Kind: KindAppended, Status: Verified, Half: BodyHalf,
				FirstLine: line0 + i, LastLine: line0 + len(m.starts) - 2,
				Added:        clipBytes(m.raw[m.starts[i]:]),
				RepairedHash: base64.StdEncoding.EncodeToString(sum),
			}, true
		}
	}
	return Finding{}, false
}

// mimeTree returns the body's MIME structure from the message header,
// parsed once per message however many signatures need it.
func (v *Verifier) mimeTree() *mimePart {
	d := v.diag
	d.treeOnce.Do(func() {
		var ctype, cte string
		for _, f := range v.msg.Fields {
			switch {
			case ctype == "" && strings.EqualFold(f.Name, "Content-Type"):
				ctype = string(f.Value())
			case cte == "" && strings.EqualFold(f.Name, "Content-Transfer-Encoding"):
				cte = string(f.Value())
			}
		}
		if ctype == "" {
			ctype = "text/plain"
		}
		d.tree = parseMIME(v.msg.Body, ctype, cte)
	})
	return d.tree
}
