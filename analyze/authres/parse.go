package authres

import (
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"
)

// Parse parses an Authentication-Results or X-MS-Exchange-Authentication-
// Results field value: everything after the colon, folding line ends
// included. It never fails; what it could not read is in Problems.
//
// RFC 8601 section 2.2:
//
//	authres-payload = [CFWS] authserv-id [ CFWS authres-version ]
//	                  ( no-result / 1*resinfo ) [CFWS] CRLF
//	resinfo         = [CFWS] ";" methodspec [ CFWS reasonspec ]
//	                  [ CFWS 1*propspec ]
func Parse(value string) *Header {
	value, decoded := decodeWords(value)
	p := &parser{scanner: scanner{s: value}}
	h := p.header()
	h.Decoded = decoded
	return h
}

// decodeWords decodes a value that is, as a whole, RFC 2047
// encoded-words. QUIRK: Microsoft 365 encodes its whole
// Authentication-Results so when the value holds non-ASCII text (a
// header.from with Unicode letters); RFC 8601 has no such encoding, but
// every receiver that reads these fields decodes them.
func decodeWords(v string) (string, bool) {
	t := strings.TrimSpace(v)
	if !strings.HasPrefix(t, "=?") || !strings.HasSuffix(t, "?=") {
		return v, false
	}
	d, err := wordDecoder.DecodeHeader(t)
	if err != nil || d == t {
		return v, false
	}
	return d, true
}

// wordDecoder decodes encoded-words in any charset without converting
// them: the grammar is ASCII, and a name in another charset must not stop
// the claims from being read.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(_ string, in io.Reader) (io.Reader, error) { return in, nil }}

// ParseARC parses an ARC-Authentication-Results field value (RFC 8617
// section 4.1.1): the instance tag "i=N;" followed by the
// Authentication-Results payload. instance is 0 when the tag is missing or
// its number unreadable (a Problem says so); the rest is parsed either
// way. Offsets in the Header count from the start of value, prefix
// included.
func ParseARC(value string) (instance int, h *Header) {
	value, decoded := decodeWords(value)
	defer func() { h.Decoded = decoded }()
	p := &parser{scanner: scanner{s: value}}
	instance, _ = p.instance()
	return instance, p.header()
}

// ARCInstance reads only the instance tag "i=N;" that opens an
// ARC-Authentication-Results value, as ParseARC does. n is 0 and why says
// what is wrong when the tag is missing or malformed, a missing ";"
// included: the ARC validator cannot place such a field in a set.
func ARCInstance(value string) (n int, why string) {
	p := &parser{scanner: scanner{s: value}}
	n, why = p.instance()
	if why != "" {
		return 0, why
	}
	return n, ""
}

// MaxInstance is the highest ARC instance (RFC 8617 section 4.2.1).
const MaxInstance = 50

// ParseInstance checks an ARC instance value, of an i= tag of any ARC
// field: 1*2DIGIT from 1 to MaxInstance (RFC 8617 section 4.2.1). why
// says what is wrong, "" when n is good.
func ParseInstance(v string) (n int, why string) {
	if v == "" {
		return 0, `i= is empty: the instance must be a number from 1 to 50 (RFC 8617 section 4.2.1)`
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' || i >= 2 {
			return 0, fmt.Sprintf("i=%q is not an instance number from 1 to 50 (RFC 8617 section 4.2.1)", v)
		}
		n = n*10 + int(v[i]-'0')
	}
	switch {
	case n == 0:
		return 0, fmt.Sprintf("i=%q is not an instance number from 1 to 50 (RFC 8617 section 4.2.1)", v)
	case n > MaxInstance:
		return 0, fmt.Sprintf("i=%q is beyond the limit of %d ARC sets (RFC 8617 section 4.2.1 and 5.2 step 1)", v, MaxInstance)
	}
	return n, ""
}

// instance reads the instance tag and the ";" after it (RFC 8617 section
// 4.1.1):
//
//	arc-info = instance [CFWS] ";" authres-payload
//	instance = [CFWS] "i" [CFWS] "=" [CFWS] 1*2DIGIT
//
// It returns the instance (0 when unreadable) and the first problem, each
// problem also recorded. The scanner stops where the payload starts: past
// the ";"; at the start when the value does not begin with "i"; at the
// next ";" when the tag is malformed after it.
func (p *parser) instance() (n int, why string) {
	problem := func(at int, text string) {
		p.problem(at, "%s", text)
		if why == "" {
			why = text
		}
	}
	const noTag = `the value does not start with the instance tag "i=N;" (RFC 8617 section 4.1.1)`
	p.skipCFWS(nil)
	start := p.i
	switch p.keyword() {
	case "i":
	case "I":
		// QUIRK: the tag name is case-sensitive (RFC 8617 section 4.1.1,
		// as every tag of a tag-list, RFC 6376 section 3.2); the payload
		// is read as if it were "i", but the validator sets the field
		// aside.
		problem(start, `the instance tag is written "I": tag names are case-sensitive, "i=N;" (RFC 8617 section 4.1.1)`)
	default:
		p.i = start
		problem(start, noTag)
		return 0, why
	}
	p.skipCFWS(nil)
	if p.peek() != '=' {
		problem(p.i, noTag)
		p.skipTo()
		return 0, why
	}
	p.i++
	p.skipCFWS(nil)
	numAt := p.i
	for !p.eof() && !strings.ContainsRune("; \t\r\n(", rune(p.peek())) {
		p.i++
	}
	v, bad := ParseInstance(p.s[numAt:p.i])
	n = v
	if bad != "" {
		problem(numAt, bad)
	}
	p.skipCFWS(nil)
	if p.peek() != ';' {
		text := `the instance tag is not followed by ";" (RFC 8617 section 4.1.1)`
		if n > 0 {
			text = fmt.Sprintf(`i=%d is not followed by ";" (RFC 8617 section 4.1.1)`, n)
		}
		problem(p.i, text)
		p.skipTo()
	}
	if !p.eof() {
		p.i++ // the ';'
	}
	return n, why
}

type parser struct {
	scanner
}

// header parses from the scanner's position to the end.
func (p *parser) header() *Header {
	h := &Header{Raw: p.s, AuthServIDOffset: -1}
	p.authServID(h)
	first := h.AuthServIDOffset < 0 // no authserv-id: a resinfo comes first, without ";"
	afterID := !first
	for {
		if !first {
			p.skipCFWS(&h.Comments)
			if p.eof() {
				break
			}
			if p.peek() != ';' {
				if afterID {
					// QUIRK: Yahoo's older fields go on with a
					// result and no ";" ("mta1.yahoo.com
					// from=example.com; dkim=pass"): read on.
					if p.looksLikeResult() {
						first, afterID = false, false
						p.resinfo(h)
						continue
					}
					p.problem(p.i, "expected \";\" after authserv-id %q, found %s", h.AuthServID, p.describe())
				} else {
					p.problem(p.i, "expected \";\" before the next result, found %s", p.describe())
				}
				p.skipTo()
				continue
			}
			p.i++
		}
		first, afterID = false, false
		p.skipCFWS(&h.Comments)
		if p.eof() || p.peek() == ';' {
			// QUIRK: an empty resinfo (";;" or a trailing ";", as
			// Microsoft writes) carries nothing; it is passed over.
			continue
		}
		p.resinfo(h)
	}
	if h.AuthServIDOffset >= 0 && len(h.Results) == 0 && !h.None && len(p.problems) == 0 {
		p.problem(len(p.s), "expected a result or \"none\" after the authserv-id")
	}
	h.Problems = p.problems
	if p.dropped > 0 {
		h.Problems = append(h.Problems, Problem{Offset: len(p.s), Text: strconv.Itoa(p.dropped) + " more problems, comments or properties not kept: at most " + strconv.Itoa(MaxKept) + " of each are kept per field"})
	}
	if h.Results == nil {
		h.Results = []Result{}
	}
	return h
}

// authServID reads the authserv-id and optional version. Microsoft leaves
// the id out ("spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=..."): when
// the first word is followed by "=" or "/" or contains "=", it is a method
// and there is no authserv-id.
func (p *parser) authServID(h *Header) {
	p.skipCFWS(&h.Comments)
	if p.eof() {
		p.problem(p.i, "expected an authserv-id")
		return
	}
	start := p.i
	if p.peek() == ';' {
		p.problem(start, "expected an authserv-id before \";\"")
		h.AuthServIDOffset = start
		return
	}
	id := p.value()
	if strings.Contains(p.s[start:p.i], "=") {
		p.i = start
		return
	}
	save := p.i
	p.skipCFWS(nil)
	if c := p.peek(); c == '=' || c == '/' {
		p.i = start
		return
	}
	p.i = save
	h.AuthServID = id
	h.AuthServIDOffset = start
	// RFC 8601 section 2.6: authres-version = 1*DIGIT [CFWS], after CFWS.
	p.skipCFWS(&h.Comments)
	save = p.i
	if v := p.digits(); v != "" && (p.eof() || p.peek() == ';' || p.peek() == '(' || isWSP(p.peek())) {
		h.Version = v
		return
	}
	p.i = save
}

// resinfo parses one resinfo starting at the method (or at "none") and
// stops at the ';' that ends it or at the end. A malformed resinfo adds a
// Problem and is dropped; the scanner then stands at the next ';'.
func (p *parser) resinfo(h *Header) {
	start := p.i
	method := p.keyword()
	if method == "" {
		p.problem(start, "expected a method name, found %s", p.describe())
		p.skipTo()
		return
	}
	if p.strayProperty(h, start, method) {
		return
	}
	var r Result
	r.Offset = start
	r.Method = strings.ToLower(method)
	p.skipCFWS(&r.Comments)
	if r.Method == "none" && (p.eof() || p.peek() == ';') {
		h.None = true // RFC 8601 section 2.2, no-result
		return
	}
	if p.peek() == '/' {
		p.i++
		p.skipCFWS(&r.Comments)
		at := p.i
		r.MethodVersion = p.digits()
		if r.MethodVersion == "" {
			p.problem(at, "expected a version after \"%s/\", found %s", method, p.describe())
			p.skipTo()
			return
		}
		p.skipCFWS(&r.Comments)
	}
	if p.peek() != '=' {
		p.problem(p.i, "expected \"=\" after method %q, found %s", method, p.describe())
		p.skipTo()
		return
	}
	p.i++
	p.skipCFWS(&r.Comments)
	at := p.i
	res := p.keyword()
	if res == "" {
		p.problem(at, "expected a result after \"%s=\", found %s", method, p.describe())
		p.skipTo()
		return
	}
	r.Value = strings.ToLower(res)
	if p.properties(&r) {
		if len(h.Results) >= MaxKept {
			h.Omitted++
			return
		}
		r.Raw = p.s[start:p.trimEnd(start, p.i)]
		if f := h.pendingFrom; f != nil {
			// Yahoo's "from=" is written before the result it belongs
			// to; it keeps its own offset, outside the result's Raw.
			r.Properties = append(r.Properties, *f)
			h.pendingFrom = nil
		}
		h.Results = append(h.Results, r)
	}
}

// looksLikeResult reports whether a "word=" starts at the scanner's
// position, without moving it.
func (p *parser) looksLikeResult() bool {
	save := p.i
	defer func() { p.i = save }()
	if p.keyword() == "" {
		return false
	}
	p.skipCFWS(nil)
	return p.peek() == '='
}

// strayKeys are Received-SPF keys (RFC 7208 section 9.1) that Amazon SES
// writes as if each were a result of its own ("spf=pass (...)
// client-ip=192.0.2.1; envelope-from=a@example.com; helo=mx.example.com").
var strayKeys = map[string]bool{"client-ip": true, "envelope-from": true, "helo": true, "receiver": true, "identity": true, "mechanism": true, "problem": true}

// strayProperty reads a "resinfo" that is really a property written after
// a ";", and reports whether it did: QUIRK: Amazon SES's Received-SPF keys,
// a propspec such as "smtp.remote-ip=192.0.2.1" on its own, and Yahoo's
// older "from=example.com;" before each result. The property joins the
// result before it (Yahoo's, the one after it).
func (p *parser) strayProperty(h *Header, start int, word string) bool {
	save := p.i
	lw := strings.ToLower(word)
	ptype, name := "", lw
	if p.peek() == '.' && !strayKeys[lw] {
		p.i++
		name = strings.ToLower(p.keyword())
		ptype = lw
		if name == "" {
			p.i = save
			return false
		}
	} else if !strayKeys[lw] && lw != "from" {
		return false
	}
	p.skipCFWS(nil)
	if p.peek() != '=' {
		p.i = save
		return false
	}
	p.i++
	p.skipCFWS(nil)
	vstart := p.i
	for !p.eof() && p.peek() != ';' {
		p.i++
	}
	v := strings.TrimSpace(p.s[vstart:p.i])
	if lw == "from" && ptype == "" {
		if len(h.Results) > 0 && strings.Contains(v, " ") {
			p.i = save
			return false
		}
		h.pendingFrom = &Property{Type: "header", Name: "from", Value: v, Raw: p.s[start:p.trimEnd(start, p.i)], Offset: start}
		return true
	}
	if ptype == "" && len(h.Results) == 0 {
		p.i = save
		return false
	}
	if len(h.Results) == 0 {
		p.i = save
		return false
	}
	last := &h.Results[len(h.Results)-1]
	last.Properties = append(last.Properties, Property{Type: ptype, Name: name, Value: v, Raw: p.s[start:p.trimEnd(start, p.i)], Offset: start})
	last.Raw = p.s[last.Offset:p.trimEnd(last.Offset, p.i)]
	return true
}

// properties parses the reasonspec and propspecs after the result word. It
// returns false when the resinfo was malformed and has been skipped.
func (p *parser) properties(r *Result) bool {
	var last *Property // the property a following comment belongs to
	for {
		var comments []string
		p.skipCFWS(&comments)
		if len(comments) > 0 && last != nil && last.Comment == "" {
			last.Comment = comments[0]
			comments = comments[1:]
		}
		r.Comments = append(r.Comments, comments...)
		last = nil
		if p.eof() || p.peek() == ';' {
			return true
		}
		start := p.i
		ptype := p.keyword()
		if ptype == "" {
			p.problem(start, "expected a property after %s=%s, found %s", r.Method, r.Value, p.describe())
			p.skipTo()
			return false
		}
		p.skipCFWS(&r.Comments)
		var name string
		if p.peek() == '.' {
			p.i++
			p.skipCFWS(&r.Comments)
			at := p.i
			name = p.keyword()
			if name == "" {
				p.problem(at, "expected a property name after \"%s.\", found %s", ptype, p.describe())
				p.skipTo()
				return false
			}
			p.skipCFWS(&r.Comments)
		} else {
			// "reason=" (RFC 8601 reasonspec) has no ptype. QUIRK:
			// so do Microsoft's "action=none" and Fastmail's
			// "x-bits=2048"; they are kept as properties without a
			// ptype rather than rejected.
			ptype, name = "", ptype
		}
		key := name
		if ptype != "" {
			key = ptype + "." + name
		}
		if p.peek() != '=' {
			p.problem(p.i, "expected \"=\" after property %q, found %s", key, p.describe())
			p.skipTo()
			return false
		}
		p.i++
		end := p.i
		p.skipCFWS(&r.Comments)
		at := p.i
		v := p.value()
		if at != p.i {
			end = p.i
		} else if !p.eof() && p.peek() != ';' {
			p.problem(at, "expected a value after \"%s=\", found %s", key, p.describe())
		}
		// QUIRK: "header.from=;" and "smtp.mailfrom=;" (an empty value,
		// written for an empty MAIL FROM or an unreadable From) are
		// kept as properties with an empty value, not rejected.
		if ptype == "" && strings.EqualFold(name, "reason") && r.Reason == "" {
			r.Reason = v
			continue
		}
		if !p.keep(len(r.Properties)) {
			continue
		}
		r.Properties = append(r.Properties, Property{
			Type:   strings.ToLower(ptype),
			Name:   strings.ToLower(name),
			Value:  v,
			Raw:    p.s[start:p.trimEnd(start, end)],
			Offset: start,
		})
		last = &r.Properties[len(r.Properties)-1]
	}
}
