package analyze

import (
	"fmt"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// ShownFields are the header fields a mail client shows a reader, in the
// order checked.
var ShownFields = []string{"From", "Subject", "Date", "To", "Reply-To"}

// Unsigned is a header field a mail client shows (the topmost instance)
// that no passing signature covers, while a passing signature covers
// another instance of the same name: an unsigned copy added above the
// signed one (RFC 6376 sections 5.4.2 and 8.15).
type Unsigned struct {
	Name string
	// Line is the shown (topmost) instance's line, SignedLine the line of
	// the instance the signature covers, and Domain that signature's d=.
	Line       int
	SignedLine int
	Domain     string
	// Shown and Signed are the two values, unfolded.
	Shown  string
	Signed string
	Text   string
}

// unsignedShown compares, for each of ShownFields, the instance a reader
// sees with the instances the passing DKIM signatures cover. A verifier
// picks instances from the bottom (RFC 6376 section 5.4.2) and a client
// shows the top one, so a second From (or Subject) added above a signed
// message passes DKIM while showing the attacker's text (section 8.15).
func unsignedShown(m *message.Message, results []*dkim.Result) []Unsigned {
	covered := map[int]string{} // line -> d= of a passing signature
	for _, r := range results {
		if r == nil || r.Verdict != verdict.Pass {
			continue
		}
		for _, f := range r.Header.Fields {
			if f.Line > 0 && f.Instance > 0 {
				if _, ok := covered[f.Line]; !ok {
					covered[f.Line] = r.Domain
				}
			}
		}
	}
	var out []Unsigned
	for _, name := range ShownFields {
		fs := m.Header(name)
		if len(fs) < 2 {
			continue
		}
		if _, ok := covered[fs[0].Line]; ok {
			continue
		}
		for _, f := range fs[1:] {
			d, ok := covered[f.Line]
			if !ok {
				continue
			}
			u := Unsigned{Name: name, Line: fs[0].Line, SignedLine: f.Line, Domain: d,
				Shown: shownValue(fs[0]), Signed: shownValue(f)}
			u.Text = fmt.Sprintf("the %s a mail client shows (line %d) is not signed: the passing signature of d=%s covers the %s on line %d, an unsigned copy was added above it (RFC 6376 sections 5.4.2 and 8.15)", name, u.Line, d, name, f.Line)
			out = append(out, u)
			break
		}
	}
	return out
}
