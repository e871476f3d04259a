package dkim

import (
	"bytes"
	"encoding/base64"
)

// Links in a base64 text part: the gateway decodes the part, rewrites its
// links and encodes it again, so no line of the received part is the
// signer's. The repair decodes the part, undoes the links and encodes it
// again at the line length the part has now and at 76 (RFC 2045 section
// 6.8); it is verified only when that hashes to bh=.

// b64LinkVariants are the repairs of one base64 text part, in the order
// qpLinkVariants gives (so that parts combine variant by variant): links
// undone, then with "&" written back as "&amp;" in HTML; each wrapped at
// the observed length, then at 76.
func (g *bodyGen) b64LinkVariants(p *mimePart) []bodyCand {
	if p.cte != "base64" || p.ctype != "text/plain" && p.ctype != "text/html" {
		return nil
	}
	content := g.m.raw[p.bodyStart:p.bodyEnd]
	dec, tail := decodeBase64Content(content)
	if dec == nil {
		return nil
	}
	html := p.ctype == "text/html"
	links := undoableLinks(dec, html)
	if len(links) == 0 {
		return nil
	}
	offs := make([]int, len(links))
	for i, l := range links {
		offs[i] = l.start
	}
	raws := base64RawOffsets(content, offs)
	width := len(trimEOL(content[:lineLen(content)]))
	var out []bodyCand
	for _, amp := range []bool{false, true} {
		plain, fs := g.undoLinks(p, dec, links, raws, amp && html)
		enc := base64.StdEncoding.EncodeToString(plain)
		widths := []int{width}
		if width != 76 {
			widths = append(widths, 76)
		}
		for _, w := range widths {
			if g.made+int64(len(enc)) > g.room {
				return nil
			}
			repl := append(wrapBase64(enc, w), tail...)
			if bytes.Equal(repl, content) {
				continue
			}
			out = append(out, bodyCand{edits: []bodyEdit{{start: p.bodyStart, end: p.bodyEnd, repl: repl}}, findings: fs})
		}
	}
	return out
}
