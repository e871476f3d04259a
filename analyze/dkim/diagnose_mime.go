package dkim

import (
	"bytes"
	"mime"
	"strings"

	"github.com/headerscope/headerscope/analyze/message"
)

// Bounds of the MIME walk done for the diagnosis, so that a hostile body
// of deeply nested or countless parts costs a bounded pass.
const (
	maxMIMEDepth = 8
	maxMIMEParts = 200
)

// mimePart is one entity of a body (RFC 2045, RFC 2046 section 5.1), as
// byte offsets into the body. The root covers the whole body and takes
// its type from the message header.
type mimePart struct {
	ctype    string // media type, lower case: "text/plain"
	ctypeRaw string // the Content-Type value as written in the part header
	cte      string // Content-Transfer-Encoding, lower case; "" for 7bit
	flowed   bool   // format=flowed (RFC 3676)
	boundary string
	// delim is the offset of the delimiter line that opens the part (-1
	// for the root); cteStart and cteEnd bound the part's own
	// Content-Transfer-Encoding field in the body (-1 when none or root).
	delim            int
	cteStart, cteEnd int
	// bodyStart and bodyEnd bound the content: after the part header,
	// up to the start of the next delimiter line.
	bodyStart, bodyEnd int
	// closeStart is, for a multipart, the offset of its close delimiter
	// line, or its bodyEnd when there is none.
	closeStart int
	children   []*mimePart
}

func (p *mimePart) multipart() bool {
	return strings.HasPrefix(p.ctype, "multipart/") && p.boundary != ""
}

func (p *mimePart) text() bool { return strings.HasPrefix(p.ctype, "text/") || p.ctype == "" }

// parseMIME walks body given the top-level Content-Type and
// Content-Transfer-Encoding values. It never fails: what it cannot read is
// a leaf of unknown type.
func parseMIME(body []byte, ctype, cte string) *mimePart {
	root := &mimePart{delim: -1, cteStart: -1, cteEnd: -1, bodyStart: 0, bodyEnd: len(body)}
	root.setType(ctype, cte)
	n := 1
	root.split(body, 0, &n)
	return root
}

// setType reads a Content-Type and Content-Transfer-Encoding value.
func (p *mimePart) setType(ctype, cte string) {
	ctype = message.Unfold(ctype)
	p.ctypeRaw = strings.TrimSpace(ctype)
	p.cte = strings.ToLower(strings.TrimSpace(message.Unfold(cte)))
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		// QUIRK: a malformed parameter list still names the type.
		mt, _, _ = strings.Cut(ctype, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		params = map[string]string{}
		if i := indexASCIIFold(ctype, "boundary="); i >= 0 {
			b := strings.TrimSpace(ctype[i+len("boundary="):])
			if strings.HasPrefix(b, `"`) {
				b, _, _ = strings.Cut(b[1:], `"`)
			} else {
				b, _, _ = strings.Cut(b, ";")
			}
			params["boundary"] = strings.TrimSpace(b)
		}
	}
	p.ctype = mt
	p.boundary = params["boundary"]
	p.flowed = strings.EqualFold(params["format"], "flowed")
}

// indexASCIIFold is strings.Index ignoring ASCII case, on bytes (so that
// offsets stay those of s whatever non-UTF-8 it holds).
func indexASCIIFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// split finds the children of a multipart between its delimiter lines.
func (p *mimePart) split(body []byte, depth int, n *int) {
	p.closeStart = p.bodyEnd
	if !p.multipart() || depth >= maxMIMEDepth || len(p.boundary) > 200 {
		return
	}
	delim := []byte("--" + p.boundary)
	var cur *mimePart
	for pos := p.bodyStart; pos < p.bodyEnd; {
		end := pos + lineLen(body[pos:p.bodyEnd])
		line := bytes.TrimRight(body[pos:end], " \t\r\n")
		if bytes.HasPrefix(line, delim) {
			rest := line[len(delim):]
			closing := bytes.Equal(rest, []byte("--"))
			if closing || len(rest) == 0 {
				if cur != nil {
					cur.bodyEnd = pos
					p.children = append(p.children, cur)
					cur = nil
				}
				if closing {
					p.closeStart = pos
					break
				}
				if *n >= maxMIMEParts {
					break
				}
				*n++
				cur = &mimePart{delim: pos, cteStart: -1, cteEnd: -1}
				cur.readHeader(body, end, p.bodyEnd)
				pos = cur.bodyStart
				continue
			}
		}
		pos = end
	}
	if cur != nil {
		cur.bodyEnd = p.bodyEnd
		p.children = append(p.children, cur)
	}
	for _, c := range p.children {
		if c.bodyEnd < c.bodyStart {
			c.bodyStart = c.bodyEnd
		}
		c.split(body, depth+1, n)
	}
}

// readHeader reads a part header starting at start, up to the empty line.
// A part without Content-Type is text/plain (RFC 2045 section 5.2).
func (p *mimePart) readHeader(body []byte, start, limit int) {
	ctype, cte := "text/plain", ""
	typed := false
	pos := start
	for pos < limit {
		end := pos + lineLen(body[pos:limit])
		line := body[pos:end]
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			pos = end
			break
		}
		// The field with its folded lines.
		fend := end
		for fend < limit && (body[fend] == ' ' || body[fend] == '\t') {
			fend += lineLen(body[fend:limit])
		}
		field := body[pos:fend]
		if name, value, ok := bytes.Cut(field, []byte(":")); ok {
			switch strings.ToLower(strings.TrimSpace(string(name))) {
			case "content-type":
				ctype = string(bytes.TrimRight(value, "\r\n"))
				typed = true
			case "content-transfer-encoding":
				cte = string(bytes.TrimRight(value, "\r\n"))
				p.cteStart, p.cteEnd = pos, fend
			}
		}
		pos = fend
	}
	p.bodyStart = pos
	p.setType(ctype, cte)
	if !typed {
		p.ctypeRaw = ""
	}
}

// lineLen is the length of the first line of b, line end included.
func lineLen(b []byte) int {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return i + 1
	}
	return len(b)
}

// leaves appends the non-multipart parts of the tree, in order.
func (p *mimePart) leaves(out []*mimePart) []*mimePart {
	if len(p.children) == 0 {
		return append(out, p)
	}
	for _, c := range p.children {
		out = c.leaves(out)
	}
	return out
}

// multiparts appends every multipart of the tree with at least two
// children, outermost first.
func (p *mimePart) multiparts(out []*mimePart) []*mimePart {
	if len(p.children) >= 2 {
		out = append(out, p)
	}
	for _, c := range p.children {
		out = c.multiparts(out)
	}
	return out
}
