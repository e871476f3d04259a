// Package received parses the Received header fields (RFC 5321 section
// 4.4, RFC 5322 section 3.6.7) as the common MTAs write them: Postfix, Exim,
// Sendmail, qmail, Microsoft Exchange and 365, and Gmail. It finds the
// clauses (from, by, via, with, id, for) with their comments, the
// connecting IP, reverse DNS name and HELO name in the TCP-info comment of
// the from clause, and the date after the last ";".
//
// Parsing never fails: what could not be read is a Problem with its byte
// offset, and every piece keeps its raw text and offset in the field value.
//
// ReadChain reads every Received field of a message into a Chain: the
// hops top first with the delay between each and the one below it, and
// the receiving boundary, the hop where the message entered the receiver
// (found from the receiver's own result fields where they name the client
// IP, else from the host names and addresses of the hops; BoundaryRule).
//
// Data flow: analyze.Analyze calls ReadChain with the parsed
// message.Message and stores the Chain as Report.Received; recheck asks
// it which fields the receiver wrote (ReceiverEnd, NamesReceiver), and
// analyze takes the receiving connection for SPF from it. Parse takes one
// Received field value (the bytes after the colon, folded as received)
// and returns a *Received: the clauses, the connection facts and the
// parsed date. Nothing here does I/O.
package received

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Problem is a part of the field that could not be read.
type Problem struct {
	Offset int // byte offset in the field value
	Text   string
}

// Error returns the problem in the house error form, for example
// `received: offset 80: date "Mon, 32 Foo" does not parse`.
func (p Problem) Error() string {
	return fmt.Sprintf("received: offset %d: %s", p.Offset, p.Text)
}

// Comment is one comment, kept as written.
type Comment struct {
	// Text is the comment without its outer parentheses.
	Text string
	// Raw is the comment with its parentheses and Offset where it starts.
	Raw    string
	Offset int
}

// Clause is one clause of the Received field: a keyword and the words
// after it up to the next keyword.
type Clause struct {
	// Name is the keyword in lower case: from, by, via, with, id or for.
	Name string
	// Value is the words after the keyword, outside comments, joined by
	// one space: "mail.example.com", "ESMTPS", "Microsoft SMTP Server".
	Value string
	// Comments are the comments inside the clause, in order.
	Comments []Comment
	// Raw is the clause as written, keyword through its last word or
	// comment, and Offset where it starts.
	Raw    string
	Offset int
}

// Received is one parsed Received field value.
type Received struct {
	// Clauses are in the order written (MTAs do not all keep the order
	// of RFC 5321, for example Exchange writes "via" after "id").
	Clauses []Clause
	// Comments are comments before the first clause, as qmail writes
	// "(qmail 1234 invoked from network)".
	Comments []Comment

	// From is the value of the from clause: per RFC 5321 section 4.4 the
	// name the client gave in HELO/EHLO, but Exim writes the reverse DNS
	// name or an address literal there.
	From string
	// HELO is the name the client gave in HELO/EHLO, as far as the
	// dialect tells it apart.
	HELO string
	// ReverseName is the client's reverse DNS name as the receiver found
	// it ("unknown" when Postfix found none), with any trailing dot.
	ReverseName string
	// IP is the address of the connecting client (the TCP-info of RFC
	// 5321 section 4.4), invalid when the field does not give one.
	IP netip.Addr

	By   string
	Via  string
	With string // the protocol word: "ESMTPS", "SMTP", "LMTP"
	ID   string
	// For is the recipient address without angle brackets.
	For string

	// Date is the time stamp after the last ";"; zero if missing or
	// unparsable (a Problem then says so). DateRaw is the text as
	// written, without the ";", and DateOffset where it starts (-1 if
	// there is no ";").
	Date       time.Time
	DateRaw    string
	DateOffset int

	Problems []Problem
	// Raw is the field value as given to the parser.
	Raw string
}

// Clause returns the first clause named name ("from"), or nil.
func (r *Received) Clause(name string) *Clause {
	for i := range r.Clauses {
		if strings.EqualFold(r.Clauses[i].Name, name) {
			return &r.Clauses[i]
		}
	}
	return nil
}

// keywords are the clause names of RFC 5321 section 4.4 (From-domain,
// By-domain, Via, With, ID, For).
var keywords = map[string]bool{"from": true, "by": true, "via": true, "with": true, "id": true, "for": true}

// Parse parses a Received field value: everything after the colon,
// folding line ends included.
func Parse(value string) *Received {
	r := &Received{Raw: value, DateOffset: -1}
	toks, semi, probs := tokenize(value)
	r.Problems = probs
	dateAt := -1
	if semi < 0 {
		// QUIRK: SendGrid writes no ";": the date follows the id
		// ("id X\n\t2023-10-06 19:03:52.833050666 +0000 UTC m=+1.2"
		// or "id X\n\tFri, 06 Oct 2023 19:03:52.738 +0000 (UTC)").
		if dateAt = trailingDate(value, toks); dateAt >= 0 {
			kept := toks[:0:0]
			for _, t := range toks {
				if t.off < dateAt {
					kept = append(kept, t)
				}
			}
			toks = kept
		}
	}
	var cur *Clause
	var words []string
	end := 0 // end of the current clause's last token
	flush := func() {
		if cur == nil {
			return
		}
		cur.Value = strings.Join(words, " ")
		cur.Raw = value[cur.Offset:end]
		r.Clauses = append(r.Clauses, *cur)
		cur, words = nil, nil
	}
	stray := false
	for _, t := range toks {
		switch {
		case t.comment:
			c := Comment{Text: t.text, Raw: value[t.off:t.end], Offset: t.off}
			if cur == nil {
				r.Comments = append(r.Comments, c)
				continue
			}
			cur.Comments = append(cur.Comments, c)
		case keywords[strings.ToLower(t.text)]:
			flush()
			cur = &Clause{Name: strings.ToLower(t.text), Offset: t.off}
		case cur == nil:
			if !stray {
				r.Problems = append(r.Problems, Problem{t.off, fmt.Sprintf("expected a clause (from, by, via, with, id, for), found %q", t.text)})
				stray = true
			}
			continue
		default:
			words = append(words, t.text)
		}
		end = t.end
	}
	flush()
	r.fill()
	switch {
	case semi >= 0:
		r.parseDate(semi + 1)
	case dateAt >= 0:
		r.parseDate(dateAt)
	default:
		r.Problems = append(r.Problems, Problem{len(value), "expected \";\" and a date at the end"})
	}
	return r
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// fill copies the first clause of each kind into the summary fields and
// reads the from clause's TCP-info.
func (r *Received) fill() {
	for i := len(r.Clauses) - 1; i >= 0; i-- {
		c := r.Clauses[i]
		switch c.Name {
		case "from":
			// A host name is one word: "from h [192.0.2.1]" keeps
			// the literal for tcpInfo, not in the name.
			r.From = firstWord(c.Value)
		case "by":
			// QUIRK: "by HOST over TLS secured channel" (Microsoft
			// SMTPSVC): the words after the host are not part of it.
			r.By = firstWord(c.Value)
		case "via":
			r.Via = c.Value
		case "with":
			r.With, _, _ = strings.Cut(c.Value, " ")
		case "id":
			r.ID = c.Value
		case "for":
			r.For = strings.TrimSuffix(strings.TrimPrefix(c.Value, "<"), ">")
		}
	}
	if c := r.Clause("from"); c != nil {
		r.tcpInfo(c)
	}
}

// parseDate reads the date-time after the last ";" (RFC 5322 section 3.3).
func (r *Received) parseDate(start int) {
	raw := r.Raw[start:]
	lead := len(raw) - len(strings.TrimLeft(raw, " \t\r\n"))
	raw = strings.TrimRight(raw[lead:], " \t\r\n")
	r.DateRaw, r.DateOffset = raw, start+lead
	if raw == "" {
		r.Problems = append(r.Problems, Problem{r.DateOffset, "expected a date after \";\""})
		return
	}
	t, why := parseDate(raw)
	if why != "" {
		r.Problems = append(r.Problems, Problem{r.DateOffset, fmt.Sprintf("date %q does not parse: %s", raw, why)})
		return
	}
	r.Date = t
	// QUIRK: Courier writes "; date id X": the id after the date.
	if f := strings.Fields(stripComments(raw)); r.ID == "" {
		for i := 0; i+1 < len(f); i++ {
			if strings.EqualFold(f[i], "id") {
				r.ID = f[i+1]
			}
		}
	}
}
