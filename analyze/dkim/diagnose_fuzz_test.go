package dkim

import (
	"bytes"
	"testing"
)

// FuzzParseMIME checks that the diagnosis's MIME walk stays inside the
// body, in order and bounded, whatever the body and Content-Type.
func FuzzParseMIME(f *testing.F) {
	f.Add([]byte("--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: text/html\r\n\r\n<body>x</body>\r\n--b--\r\n"), `multipart/alternative; boundary="b"`)
	f.Add([]byte("--o\nContent-Type: multipart/mixed; boundary=i\n\n--i\n\nx\n--i--\n--o--\n"), "multipart/mixed; boundary=o")
	f.Add([]byte("--b\r\n\r\n--b\r\n--b--"), "multipart/mixed; boundary=b; x")
	f.Add([]byte("plain text\r\n"), "text/plain")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		root := parseMIME(body, ctype, "")
		n := 0
		var walk func(p *mimePart, lo, hi int)
		walk = func(p *mimePart, lo, hi int) {
			n++
			if p.bodyStart < lo || p.bodyEnd > hi || p.bodyStart > p.bodyEnd || p.closeStart > p.bodyEnd {
				t.Fatalf("part %+v outside [%d,%d]", p, lo, hi)
			}
			if p.cteStart >= 0 && (p.cteStart > p.cteEnd || p.cteEnd > p.bodyStart) {
				t.Fatalf("CTE field [%d,%d] outside the part header", p.cteStart, p.cteEnd)
			}
			prev := p.bodyStart
			for _, c := range p.children {
				if c.delim < prev || c.bodyStart < c.delim {
					t.Fatalf("children out of order: %d after %d", c.delim, prev)
				}
				prev = c.bodyEnd
				walk(c, p.bodyStart, p.bodyEnd)
			}
		}
		walk(root, 0, len(body))
		if n > maxMIMEParts+1 {
			t.Fatalf("%d parts, over the bound", n)
		}
	})
}

// FuzzBodyRepair checks the repaired-body hashing against the plain
// canonicalizer: a body with one stretch replaced, hashed the diagnosis's
// way (saved prefix, recanonicalized lines, canonical suffix), must give
// the bytes the canonicalizer gives for the edited body.
func FuzzBodyRepair(f *testing.F) {
	f.Add([]byte("Hello\r\n\r\n-- \r\nfooter\r\n"), uint16(7), uint16(22), []byte(""), uint16(0), []byte(nil), true)
	f.Add([]byte("a  b\t\r\nc\n\n\nd \r\n"), uint16(2), uint16(9), []byte("x\r\n\r\n"), uint16(3), []byte("y"), false)
	f.Add([]byte("line\r\n"), uint16(0), uint16(6), []byte(""), uint16(0), []byte(nil), false)
	f.Add([]byte("a\r\nb\r\n"), uint16(3), uint16(3), []byte("\r\n\r\n"), uint16(1), []byte("\n"), true)
	f.Fuzz(func(t *testing.T, body []byte, s, e uint16, repl []byte, after uint16, repl2 []byte, relaxed bool) {
		start, end := int(s)%(len(body)+1), int(e)%(len(body)+1)
		if start > end {
			start, end = end, start
		}
		// An optional second edit, after the first: an insertion of
		// repl2 at a later offset.
		edits := []bodyEdit{{start: start, end: end, repl: repl}}
		at := end + int(after)%(len(body)-end+1)
		if len(repl2) > 0 && at > end {
			edits = append(edits, bodyEdit{start: at, end: at, repl: repl2})
		}
		var edited []byte
		pos := 0
		for _, ed := range edits {
			edited = append(append(edited, body[pos:ed.start]...), ed.repl...)
			pos = ed.end
		}
		edited = append(edited, body[pos:]...)
		if bytes.HasSuffix(body, []byte("\r")) || bytes.HasSuffix(edited, []byte("\r")) {
			return // a final bare CR: the model declines such bodies (see diagnoseBody)
		}
		can := Simple
		if relaxed {
			can = Relaxed
		}
		m := newBodyModel(body, can, "sha256")
		c := &bodyCand{edits: edits}
		var got []byte
		for _, p := range m.pieces(c) {
			if p.mid {
				got = append(got, p.data...)
			} else {
				got = append(got, m.canon[p.a:p.b]...)
			}
		}
		w := []byte(canonBody(string(edited), can))
		if !relaxed && len(got) == 0 {
			got = crlf
		}
		if !bytes.Equal(got, w) {
			t.Fatalf("body %q edits %+v: repaired %q, canonicalizer %q", body, edits, got, w)
		}
	})
}
