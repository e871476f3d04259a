package dkim

import (
	"bytes"
	"mime/quotedprintable"
	"strings"
)

// Links in a quoted-printable part: the gateway decodes the part, rewrites
// its links and encodes it again, so its soft line breaks move and the
// original lines cannot be put back one by one. The repair decodes the
// part, undoes the links and encodes it as the two common encoders do
// (Python's email package, which Mailman and many gateways use; Go's
// mime/quotedprintable, which breaks lines as most MUAs do); it is
// verified only when one of those encodings hashes to bh=.

// linksInQP adds those candidates: each part alone, then every part at
// once (a gateway rewrites both alternatives), with the links of the
// parts that are not encoded undone too.
func (g *bodyGen) linksInQP(plain []bodyCand) {
	var parts [][]bodyCand
	for _, p := range g.root.leaves(nil) {
		vs := g.qpLinkVariants(p)
		if len(vs) == 0 {
			vs = g.b64LinkVariants(p)
		}
		if len(vs) > 0 {
			parts = append(parts, vs)
			for i, c := range vs {
				if i < 2 || p.ctype == "text/html" {
					g.add(c)
				}
			}
		}
	}
	if len(parts) == 0 || len(parts) == 1 && len(plain) == 0 {
		return
	}
	for v := range parts[0] {
		c := variantAcross(parts, v)
		g.add(c)
		for _, o := range plain {
			if m, ok := mergeCands(o, c); ok {
				g.add(m)
			}
		}
	}
}

// qpLinkVariants are the repairs of one quoted-printable text part: its
// links undone (in HTML, "&" written back as "&amp;" too), encoded by each
// encoder.
func (g *bodyGen) qpLinkVariants(p *mimePart) []bodyCand {
	if p.cte != "quoted-printable" || p.ctype != "text/plain" && p.ctype != "text/html" && p.ctype != "" {
		return nil
	}
	content := g.m.raw[p.bodyStart:p.bodyEnd]
	dec := decodeQP(content)
	if dec == nil {
		return nil
	}
	html := p.ctype == "text/html"
	links := undoableLinks(dec, html)
	if len(links) == 0 {
		return nil
	}
	var offs []int
	for _, l := range links {
		offs = append(offs, l.start)
	}
	raws := qpRawOffsets(content, offs)
	var out []bodyCand
	// Always four, in the same order (encoder, then "&amp;"), so that the
	// parts combine variant by variant; in text the last two are the
	// first two again.
	for _, amp := range []bool{false, true} {
		plain, fs := g.undoLinks(p, dec, links, raws, amp && html)
		for _, enc := range [][]byte{encodeQPEmail(plain), encodeQPGo(plain)} {
			if g.made+int64(len(enc)) > g.room {
				return nil
			}
			out = append(out, bodyCand{edits: []bodyEdit{{start: p.bodyStart, end: p.bodyEnd, repl: enc}}, findings: fs})
		}
	}
	return out
}

// qpRawOffsets maps offsets of decodeQP's output (ascending) back to the
// offsets of the encoded bytes they came from, in one pass.
func qpRawOffsets(b []byte, decoded []int) []int {
	out := make([]int, 0, len(decoded))
	d := 0
	for i := 0; i < len(b) && len(out) < len(decoded); i++ {
		rest := b[i+1:]
		if b[i] == '=' && bytes.HasPrefix(rest, crlf) {
			i += 2 // a soft line break decodes to nothing
			continue
		}
		if b[i] == '=' && len(rest) > 0 && rest[0] == '\n' {
			i++
			continue
		}
		for len(out) < len(decoded) && decoded[len(out)] == d {
			out = append(out, i)
		}
		d++
		if b[i] == '=' && len(rest) >= 2 && isHex(rest[0]) && isHex(rest[1]) {
			i += 2
		}
	}
	for len(out) < len(decoded) {
		out = append(out, len(b))
	}
	return out
}

// encodeQPEmail encodes text as Python's email.quoprimime.body_encode does
// with maxlinelen 76 and CRLF line ends: printable ASCII but "=" as is,
// white space as is but at a line end, lines broken at 75 characters and
// a "=" without splitting an escape.
func encodeQPEmail(text []byte) []byte {
	const hexd = "0123456789ABCDEF"
	enc := make([]byte, 0, len(text)+len(text)/8)
	for _, c := range text {
		if c >= 33 && c <= 126 && c != '=' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			enc = append(enc, c)
			continue
		}
		enc = append(enc, '=', hexd[c>>4], hexd[c&15])
	}
	soft := "=\r\n"
	var out []byte
	first := true
	emit := func(s string) {
		if !first {
			out = append(out, crlf...)
		}
		first = false
		out = append(out, s...)
	}
	for _, line := range splitPyLines(string(enc)) {
		start, laststart := 0, len(line)-1-76
		for start <= laststart {
			stop := start + 75
			switch {
			case line[stop-2] == '=':
				emit(line[start : stop-1])
				start = stop - 2
			case line[stop-1] == '=':
				emit(line[start:stop])
				start = stop - 1
			default:
				emit(line[start:stop] + "=")
				start = stop
			}
		}
		if n := len(line); n > 0 && (line[n-1] == ' ' || line[n-1] == '\t') {
			q := "=" + string([]byte{hexd[line[n-1]>>4], hexd[line[n-1]&15]})
			switch room := start - laststart; {
			case room >= 3:
			case room == 2:
				q = line[n-1:] + soft
			default:
				q = soft + q
			}
			emit(line[start:n-1] + q)
		} else {
			emit(line[start:])
		}
	}
	if n := len(enc); n > 0 && (enc[n-1] == '\r' || enc[n-1] == '\n') {
		emit("")
	}
	return out
}

// splitPyLines splits as Python's str.splitlines does on text whose only
// line breaks left are CR, LF and CRLF.
func splitPyLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i])
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
	return out
}

// encodeQPGo encodes text as Go's mime/quotedprintable Writer does (text
// mode: line ends written as CRLF).
func encodeQPGo(text []byte) []byte {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write(text)
	w.Close()
	return b.Bytes()
}

// qpLinkSuspects: wrappers in a quoted-printable part when no repair
// verified.
func (g *bodyGen) qpLinkSuspects() []Finding {
	for _, p := range g.root.leaves(nil) {
		if p.cte != "quoted-printable" || !p.text() {
			continue
		}
		content := g.m.raw[p.bodyStart:p.bodyEnd]
		dec := decodeQP(content)
		loc := linkWrapper.FindIndex(dec)
		if loc == nil {
			continue
		}
		w := string(trimLinkTail(dec[loc[0]:loc[1]]))
		at := p.bodyStart + qpRawOffsets(content, []int{loc[0]})[0]
		first, _ := g.lines(at, at)
		_, last := g.lines(p.bodyStart, p.bodyEnd)
		f := Finding{Kind: KindURLRewritten, Status: Suspected, Half: "body", FirstLine: first, LastLine: last, Added: clip(w)}
		if orig, ok := unwrapLink(w); ok {
			f.Removed = clip(orig)
			f.Evidence = "links in a quoted-printable part were rewritten by " + serviceOr(w) + "; undoing them and encoding the part again as common encoders do does not restore bh= (the sender's encoder broke lines otherwise, or something else changed too)"
		} else {
			f.Evidence = "links in a quoted-printable part point to " + serviceOr(w) + ", whose links keep no copy of the original, so they cannot be undone to prove the change"
		}
		return []Finding{f}
	}
	return nil
}

// undoLinks returns the decoded content dec of part p with each of its
// rewritten links put back to the original it carries (with & written
// &amp; when amp, as HTML has it), and a finding per link on the message
// line where raws says its encoded form starts.
func (g *bodyGen) undoLinks(p *mimePart, dec []byte, links []foundLink, raws []int, amp bool) ([]byte, []Finding) {
	var plain []byte
	var fs []Finding
	pos := 0
	for i, l := range links {
		orig := l.orig
		if amp {
			orig = strings.ReplaceAll(orig, "&", "&amp;")
		}
		plain = append(append(plain, dec[pos:l.start]...), orig...)
		pos = l.end
		first, last := g.lines(p.bodyStart+raws[i], p.bodyStart+raws[i])
		fs = append(fs, Finding{Kind: KindURLRewritten, FirstLine: first, LastLine: last, Added: clipBytes(dec[l.start:l.end]), Removed: clip(orig)})
	}
	return append(plain, dec[pos:]...), fs
}
