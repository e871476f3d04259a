package dkim

import (
	"bytes"
)

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
