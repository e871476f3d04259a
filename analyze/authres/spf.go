package authres

import "strings"

// ReceivedSPF is a parsed Received-SPF field value (RFC 7208 section 9.1):
//
//	header-field   = "Received-SPF:" [CFWS] result FWS [comment FWS]
//	                 [ key-value-list ] CRLF
//	key-value-list = key-value-pair *( ";" [CFWS] key-value-pair ) [";"]
//	key-value-pair = key [CFWS] "=" ( dot-atom / quoted-string )
type ReceivedSPF struct {
	// Result is the result word in lower case ("pass", "softfail").
	Result string
	// ResultOffset is the byte offset of the result word, -1 if missing.
	ResultOffset int
	// Comment is the comment after the result, without its parentheses,
	// usually a sentence such as "mx.example.net: domain of a@example.com
	// designates 192.0.2.1 as permitted sender".
	Comment string
	// Comments are any further comments.
	Comments []string
	// Pairs are the key=value pairs in the order written.
	Pairs    []Pair
	Problems []Problem
	// Raw is the field value as given to the parser.
	Raw string
}

// Pair is one key=value pair of a Received-SPF field.
type Pair struct {
	// Key is in lower case: client-ip, envelope-from, helo, problem,
	// receiver, identity, mechanism (RFC 7208 section 9.1) or another.
	Key string
	// Value is unquoted if it was a quoted-string.
	Value string
	// Raw is "key=value" as written and Offset where it starts.
	Raw    string
	Offset int
}

// Get returns the value of the first pair named key, ignoring case, or ""
// when there is none.
func (r *ReceivedSPF) Get(key string) string {
	for _, p := range r.Pairs {
		if strings.EqualFold(p.Key, key) {
			return p.Value
		}
	}
	return ""
}

// ParseReceivedSPF parses a Received-SPF field value: everything after the
// colon. It never fails; what it could not read is in Problems.
func ParseReceivedSPF(value string) *ReceivedSPF {
	sc := &scanner{s: value}
	r := &ReceivedSPF{Raw: value, ResultOffset: -1}
	sc.skipCFWS(&r.Comments)
	at := sc.i
	if res := sc.keyword(); res != "" && (sc.eof() || sc.peek() != '=') {
		r.Result = strings.ToLower(res)
		r.ResultOffset = at
	} else {
		// No result word: go on with the pairs, which may still say
		// what the receiver saw.
		sc.i = at
		sc.problem(at, "expected an SPF result word, found %s", sc.describe())
	}
	var comments []string
	sc.skipCFWS(&comments)
	if len(comments) > 0 {
		r.Comment = comments[0]
		r.Comments = append(r.Comments, comments[1:]...)
	}
	for {
		sc.skipCFWS(&r.Comments)
		if sc.eof() {
			break
		}
		if sc.peek() == ';' {
			sc.i++
			continue
		}
		if p, ok := spfPair(sc); ok {
			r.Pairs = append(r.Pairs, p)
		}
		sc.skipCFWS(&r.Comments)
		if !sc.eof() && sc.peek() != ';' {
			sc.problem(sc.i, "expected \";\" after a key=value pair, found %s", sc.describe())
			sc.skipTo()
		}
	}
	r.Problems = sc.problems
	return r
}

// spfPair parses one key=value pair; on a malformed pair it records a
// Problem and leaves the scanner at the next ';'.
func spfPair(sc *scanner) (Pair, bool) {
	start := sc.i
	key := sc.keyword()
	if key == "" {
		sc.problem(start, "expected a key, found %s", sc.describe())
		sc.skipTo()
		return Pair{}, false
	}
	sc.skipCFWS(nil)
	if sc.peek() != '=' {
		sc.problem(sc.i, "expected \"=\" after key %q, found %s", key, sc.describe())
		sc.skipTo()
		return Pair{}, false
	}
	sc.i++
	end := sc.i
	sc.skipCFWS(nil)
	at := sc.i
	v := sc.value()
	if at == sc.i {
		sc.problem(at, "expected a value after \"%s=\", found %s", key, sc.describe())
	} else {
		end = sc.i
	}
	return Pair{Key: strings.ToLower(key), Value: v, Raw: sc.s[start:sc.trimEnd(start, end)], Offset: start}, true
}
