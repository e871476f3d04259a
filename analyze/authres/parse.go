package authres

import (
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
	p := &parser{scanner: scanner{s: value}}
	h := p.header()
	return h
}

// ParseARC parses an ARC-Authentication-Results field value (RFC 8617
// section 4.1.1): the instance tag "i=N;" followed by the
// Authentication-Results payload. instance is 0 when the tag is missing or
// malformed (a Problem says so); the rest is parsed either way. Offsets in
// the Header count from the start of value, prefix included.
func ParseARC(value string) (instance int, h *Header) {
	p := &parser{scanner: scanner{s: value}}
	p.skipCFWS(nil)
	start := p.i
	if k := p.keyword(); !strings.EqualFold(k, "i") {
		p.i = start
		p.problem(start, "expected the instance tag \"i=\", found %s", p.describe())
		return 0, p.header()
	}
	p.skipCFWS(nil)
	if p.peek() != '=' {
		p.problem(p.i, "expected \"=\" after \"i\", found %s", p.describe())
		p.skipTo()
		return 0, p.header()
	}
	p.i++
	p.skipCFWS(nil)
	numAt := p.i
	d := p.digits()
	if d == "" {
		p.problem(numAt, "expected an instance number after \"i=\", found %s", p.describe())
	} else if n, err := strconv.Atoi(d); err != nil || n < 1 || n > 50 {
		// RFC 8617 section 4.2.1: instances run from 1 to 50.
		p.problem(numAt, "instance %q out of range 1-50", d)
	} else {
		instance = n
	}
	p.skipCFWS(nil)
	if p.peek() != ';' {
		p.problem(p.i, "expected \";\" after the instance tag, found %s", p.describe())
		p.skipTo()
	}
	if !p.eof() {
		p.i++ // the ';'
	}
	return instance, p.header()
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
		h.Results = append(h.Results, r)
	}
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
		if at == p.i {
			p.problem(at, "expected a value after \"%s=\", found %s", key, p.describe())
		} else {
			end = p.i
		}
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
