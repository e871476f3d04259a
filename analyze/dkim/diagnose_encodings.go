package dkim

import (
	"bytes"
	"encoding/base64"
)

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
		g.add(variantAcross(all, v))
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
			foot := Finding{Kind: KindPartFooter, FirstLine: first, LastLine: last, Added: clipBytes(footer)}
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
			if g.made+int64(len(enc)) > g.room {
				// Too large to re-wrap within the allowance; the other
				// families still run.
				break
			}
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

// variantAcross is the candidate that applies variant v of every part at
// once (the part's last variant where it has fewer): a relay that
// re-encodes or rewrites one part does it to all of them the same way.
func variantAcross(parts [][]bodyCand, v int) bodyCand {
	var c bodyCand
	for _, vs := range parts {
		c.edits = append(c.edits, vs[min(v, len(vs)-1)].edits...)
		c.findings = append(c.findings, vs[min(v, len(vs)-1)].findings...)
	}
	return c
}
