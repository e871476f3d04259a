package dkim

// Change is one stretch of the message that a verified finding undid: the
// lines as received and the same lines in the repaired copy whose hash
// verified, so that a reader can see exactly what was changed back. Both
// are whole lines, line ends included, clipped to MaxFindingText.
type Change struct {
	// Line is the message line of the first received line (1-based); 0
	// when the finding's field is not in the message any more.
	Line     int
	Received string
	Repaired string
	// Clipped is set when either side was cut at MaxFindingText.
	Clipped bool
}

// maxChanges bounds the changes kept for one signature's half.
const maxChanges = 16

// capped collects up to MaxFindingText bytes and notes whether more came.
type capped struct {
	b    []byte
	over bool
}

func (c *capped) write(p []byte) {
	room := MaxFindingText - len(c.b)
	if len(p) > room {
		p, c.over = p[:max(room, 0)], true
	}
	c.b = append(c.b, p...)
}

// bodyChanges lays out the edits of a verified body candidate as changes
// of whole raw lines, edits on touching lines grouped as pieces does.
func (m *bodyModel) bodyChanges(edits []bodyEdit, line0 int) []Change {
	var out []Change
	if len(m.starts) < 2 {
		return nil
	}
	for k := 0; k < len(edits) && len(out) < maxChanges; {
		i, j := m.lineOf(edits[k].start), m.lastLine(edits[k])
		g := k + 1
		for g < len(edits) && m.lineOf(edits[g].start) <= j {
			j = max(j, m.lastLine(edits[g]))
			g++
		}
		var recv, rep capped
		recv.write(m.raw[m.starts[i]:m.starts[j+1]])
		pos := m.starts[i]
		for _, e := range edits[k:g] {
			rep.write(m.raw[pos:e.start])
			rep.write(e.repl)
			pos = e.end
		}
		rep.write(m.raw[pos:m.starts[j+1]])
		out = append(out, Change{Line: line0 + i, Received: string(recv.b), Repaired: string(rep.b), Clipped: recv.over || rep.over})
		k = g
	}
	return out
}

// attachBody gives each change to the finding whose lines hold it (the
// first finding when none does).
func attachBody(fs []Finding, cs []Change) {
	if len(fs) == 0 {
		return
	}
	for _, c := range cs {
		k := 0
		for i, f := range fs {
			if f.FirstLine <= c.Line && c.Line <= f.LastLine {
				k = i
				break
			}
		}
		fs[k].Changes = append(fs[k].Changes, c)
	}
}

// headerChanges are the fields a verified header guess repaired: each
// field as received against the field as the signer saw it ("" for a
// field added after signing).
func (hs *headerSearch) headerChanges(g *headerGuess, fs []Finding) {
	for n, e := range g.edits {
		if n >= maxChanges || len(fs) == 0 {
			return
		}
		f := hs.fields[e.field]
		var recv, rep capped
		recv.write(f.Raw)
		if !e.drop {
			rep.write(e.raw)
		}
		c := Change{Line: f.Line, Received: string(recv.b), Repaired: string(rep.b), Clipped: recv.over || rep.over}
		k := 0
		for i := range fs {
			if fs[i].FieldLine == f.Line {
				k = i
				break
			}
		}
		fs[k].Changes = append(fs[k].Changes, c)
	}
}
