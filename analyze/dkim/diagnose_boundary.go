package dkim

import (
	"bytes"
	"regexp"
	"strings"
)

// A gateway that parses a message and writes it out again (to add a part,
// re-encode one or sanitise it) usually makes up a new multipart boundary:
// the boundary= parameter of Content-Type and every delimiter line of the
// body change together (RFC 2046 section 5.1.1). The old string is then
// gone, so a consistent rewrite can only be suspected, on the evidence
// that the boundary is of a kind the sending program does not write. Two
// half-done rewrites keep the old string and are proven: delimiter lines
// rewritten under an unchanged Content-Type (bh= verifies with the
// boundary of Content-Type put back), and Content-Type rewritten over an
// unchanged body (the header verifies with the body's boundary put back).

// delimScan is what the body's top-level delimiter lines say, read once
// per message.
type delimScan struct {
	declared string // the boundary of the message's Content-Type, or ""
	matches  bool   // some delimiter line of the body is "--" + declared
	// other is the boundary the body's delimiter lines use instead, when
	// none matches declared: the string of the last close delimiter
	// line "--X--" that also opens at least one part; at is where each
	// "X" starts in the body, and first and last the offsets of the
	// first and last of those lines.
	other       string
	at          []int
	first, last int
	// evidence says why a boundary that the body does use looks
	// rewritten anyway (boundaryEvidence), or "".
	evidence string
}

// maxDelimLines bounds the delimiter lines rewritten back.
const maxDelimLines = 2 * maxMIMEParts

// boundaryChars is RFC 2046 section 5.1.1's bchars, which a close
// delimiter line must use to count.
func boundaryChars(s string) bool {
	if len(s) == 0 || len(s) > 70 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte("'()+_,-./:=? ", c) >= 0) {
			return false
		}
	}
	return s[len(s)-1] != ' '
}

// delims scans the body once per message.
func (v *Verifier) delims() *delimScan {
	d := v.diag
	d.delimOnce.Do(func() {
		root := v.mimeTree()
		ds := &delimScan{}
		d.delims = ds
		if !strings.HasPrefix(root.ctype, "multipart/") || len(v.msg.Body) > MaxDiagnosisBody {
			return
		}
		ds.declared = root.boundary
		ds.matches = len(root.children) > 0
		if ds.matches {
			ds.evidence = v.boundaryEvidence(ds)
			return
		}
		ds.scan(v.msg.Body)
	})
	return d.delims
}

// scan finds the other boundary: two passes over the lines, one for the
// last close delimiter line, one for the lines it opens.
func (ds *delimScan) scan(body []byte) {
	for pos := 0; pos < len(body); pos += lineLen(body[pos:]) {
		line := trimEOL(body[pos : pos+lineLen(body[pos:])])
		line = bytes.TrimRight(line, " \t")
		if len(line) > 6 && bytes.HasPrefix(line, []byte("--")) && bytes.HasSuffix(line, []byte("--")) {
			if x := string(line[2 : len(line)-2]); boundaryChars(x) && x != ds.declared {
				ds.other = x
			}
		}
	}
	if ds.other == "" {
		return
	}
	open, close := []byte("--"+ds.other), []byte("--"+ds.other+"--")
	opens := 0
	for pos := 0; pos < len(body); pos += lineLen(body[pos:]) {
		line := bytes.TrimRight(trimEOL(body[pos:pos+lineLen(body[pos:])]), " \t")
		if !bytes.Equal(line, open) && !bytes.Equal(line, close) {
			continue
		}
		if len(ds.at) >= maxDelimLines {
			ds.other, ds.at = "", nil
			return
		}
		if bytes.Equal(line, open) {
			opens++
		}
		if len(ds.at) == 0 {
			ds.first = pos
		}
		ds.last = pos
		ds.at = append(ds.at, pos+2)
	}
	if opens == 0 {
		ds.other, ds.at = "", nil
	}
}

// boundaryRewritten: the body's delimiter lines use another boundary than
// Content-Type declares; the candidate puts the declared one back on each.
func (g *bodyGen) boundaryRewritten() {
	ds := g.delims
	if ds == nil || ds.other == "" || ds.declared == "" {
		return
	}
	var c bodyCand
	for _, at := range ds.at {
		c.edits = append(c.edits, bodyEdit{start: at, end: at + len(ds.other), repl: []byte(ds.declared)})
	}
	first, last := g.lines(ds.first, ds.last)
	c.findings = []Finding{{Kind: KindBoundaryRewritten, FirstLine: first, LastLine: last, Added: clip(ds.other), Removed: clip(ds.declared)}}
	g.add(c)
}

// boundaries guesses, for a signed Content-Type whose boundary no
// delimiter line of the body uses, that Content-Type was rewritten: its
// boundary parameter back to the one the body uses, quoted as it is and,
// if it was not, quoted.
func (hs *headerSearch) boundaries() []headerGuess {
	idx := hs.selected("content-type")
	if idx < 0 {
		return nil
	}
	ds := hs.v.delims()
	if ds.other == "" || ds.declared == "" {
		return nil
	}
	f := hs.fields[idx]
	raw := string(f.Raw)
	at := indexASCIIFold(raw, "boundary=")
	if at < 0 {
		return nil
	}
	at += len("boundary=")
	quoted := strings.HasPrefix(raw[at:], `"`)
	if quoted {
		at++
	}
	if !strings.HasPrefix(raw[at:], ds.declared) {
		return nil // folded or escaped inside the value: not rebuilt
	}
	end := at + len(ds.declared)
	var out []headerGuess
	forms := []string{ds.other}
	if !quoted {
		forms = append(forms, `"`+ds.other+`"`)
	}
	for _, form := range forms {
		repaired := raw[:at] + form + raw[end:]
		out = append(out, headerGuess{
			edits: []headerEdit{{field: idx, raw: []byte(repaired)}},
			findings: []Finding{{Kind: KindBoundaryRewritten, Field: f.Name, FieldLine: f.Line,
				Added: clip(ds.declared), Removed: clip(ds.other)}},
		})
	}
	return out
}

// boundaryMakers are the boundary strings common programs write, and who
// writes them.
var boundaryMakers = []struct {
	re  *regexp.Regexp
	who string
}{
	{regexp.MustCompile(`^=+\d{15,20}==$`), "Python's email package (Mailman, many gateways and scripts)"},
	{regexp.MustCompile(`^----=_Part_\d+_\d+\.\d+$`), "JavaMail"},
	{regexp.MustCompile(`^_\d{3}_[A-Za-z0-9]{10,}`), "Microsoft Exchange or Outlook"},
	{regexp.MustCompile(`^0{8,12}[0-9a-f]{12,20}$`), "Gmail"},
	{regexp.MustCompile(`^Apple-Mail[=-]`), "Apple Mail"},
	{regexp.MustCompile(`^-{12}[A-Za-z0-9]{20,30}$`), "Thunderbird"},
	{regexp.MustCompile(`^=_[0-9a-f]{32}$`), "Roundcube"},
	{regexp.MustCompile(`^b1[_=]`), "PHPMailer"},
}

// mailerHints map what a header names as the sending program to the
// boundary maker it implies.
var mailerHints = []struct{ in, who string }{
	{"thunderbird", "Thunderbird"},
	{"apple mail", "Apple Mail"},
	{"iphone mail", "Apple Mail"},
	{"microsoft outlook", "Microsoft Exchange or Outlook"},
	{"roundcube", "Roundcube"},
	{"phpmailer", "PHPMailer"},
}

// boundaryMaker names who writes boundaries like b, or "".
func boundaryMaker(b string) string {
	for _, m := range boundaryMakers {
		if m.re.MatchString(b) {
			return m.who
		}
	}
	return ""
}

// boundaryEvidence says why the boundary of a multipart message looks
// rewritten: it is of the kind one program writes while User-Agent or
// X-Mailer names another. "" when nothing says so.
func (v *Verifier) boundaryEvidence(ds *delimScan) string {
	if !ds.matches || ds.declared == "" {
		return ""
	}
	maker := boundaryMaker(ds.declared)
	if maker == "" {
		return ""
	}
	for _, f := range v.msg.Fields {
		if !strings.EqualFold(f.Name, "User-Agent") && !strings.EqualFold(f.Name, "X-Mailer") {
			continue
		}
		val := strings.ToLower(fieldValue(f))
		for _, h := range mailerHints {
			if strings.Contains(val, h.in) && h.who != maker {
				return "the boundary " + quoteShort(ds.declared) + " is of the kind " + maker + " writes, while " + f.Name + " names " + h.who +
					", which writes boundaries otherwise: a gateway probably wrote the MIME structure again after signing, with a new boundary in Content-Type and in every delimiter line (the old boundary is not in the message, so this cannot be proven)"
			}
		}
	}
	return ""
}

func quoteShort(s string) string { return `"` + clip(s) + `"` }

// boundarySuspects is the header's suspected finding about the boundary.
func (hs *headerSearch) boundarySuspects() []Finding {
	idx := hs.selected("content-type")
	if idx < 0 {
		return nil
	}
	ev := hs.v.delims().evidence
	if ev == "" {
		return nil
	}
	f := hs.fields[idx]
	return []Finding{{Kind: KindBoundaryRewritten, Status: Suspected, Half: "header", Field: f.Name, FieldLine: f.Line,
		Added: clip(hs.v.delims().declared), Evidence: ev}}
}

// boundarySuspects is the body's: the delimiter lines that carry it.
func (g *bodyGen) boundarySuspects() []Finding {
	if g.boundaryHint == "" || len(g.root.children) == 0 {
		return nil
	}
	first, _ := g.lines(g.root.children[0].delim, g.root.children[0].delim)
	last, _ := g.lines(g.root.closeStart, g.root.closeStart)
	return []Finding{{Kind: KindBoundaryRewritten, Status: Suspected, Half: "body", FirstLine: first, LastLine: last,
		Added: clip(g.root.boundary), Evidence: g.boundaryHint}}
}
