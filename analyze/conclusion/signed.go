package conclusion

import (
	"strings"

	"github.com/headerscope/headerscope/analyze/dkim"
)

// shownFields are the header fields a mail client shows the reader.
var shownFields = []string{"From", "Subject", "Date", "To", "Cc", "Reply-To"}

// shownVsSigned says what a passing aligned signature covers of what the
// reader sees: the whole body or only the part before l= (RFC 6376
// section 8.2), and for each shown field whether the topmost instance,
// the one a mail client shows, is the one signed (RFC 6376 sections 5.4.2
// and 8.15: h= picks fields from the bottom up, so a copy added above the
// signed one is shown but not signed).
//
// EXTENSION POINT (issue 10 item 8): analyze/recheck is gaining its own
// "what the reader sees vs what was signed" data for the summary line and
// the JSON. When it lands, take the shown-vs-signed facts from there so
// that both places agree, and keep only the mapping to Evidence here.
func (f *facts) shownVsSigned(r *dkim.Result) []Evidence {
	out := []Evidence{{Cause: AlignedDKIMPass, Primary: true, Domain: r.Domain, Pointer: dkimPointer(r)}}
	var caveats []Evidence
	if r.Key != nil && r.Key.Testing {
		// Said, not counted as a change: the signature did verify.
		out = append(out, Evidence{Cause: TestingKey, Primary: true, Domain: r.Domain, Pointer: dkimPointer(r)})
	}
	if r.Body.Unsigned > 0 {
		caveats = append(caveats, Evidence{Cause: UnsignedBody, Primary: true, Domain: r.Domain, Count: r.Body.Unsigned, Pointer: dkimPointer(r)})
	}
	m := f.rep.Message
	for _, name := range shownFields {
		if m == nil {
			break
		}
		fs := m.Header(name)
		if len(fs) == 0 {
			continue
		}
		top := len(fs)
		signed, topSigned := false, false
		for _, sf := range r.Header.Fields {
			if !strings.EqualFold(sf.Name, name) || sf.Instance == 0 {
				continue
			}
			signed = true
			// Instance counts from the bottom: the top field of n is
			// instance n.
			topSigned = topSigned || sf.Instance == top
		}
		p := Pointer{Finding: FindingHeaderField, Index: -1, Claim: -1, Field: name, Line: fs[0].Line}
		switch {
		case topSigned:
		case signed:
			caveats = append(caveats, Evidence{Cause: UnsignedCopy, Primary: true, Domain: r.Domain, Field: name, Pointer: p})
		case name != "Cc" && name != "Reply-To" && name != "To":
			// Subject and Date unsigned are worth saying; To, Cc and
			// Reply-To are often left out of h= on purpose.
			caveats = append(caveats, Evidence{Cause: FieldNotSigned, Primary: true, Domain: r.Domain, Field: name, Pointer: p})
		}
	}
	if len(caveats) == 0 {
		return append(out, Evidence{Cause: Unchanged, Primary: true, Domain: r.Domain, Pointer: dkimPointer(r)})
	}
	return append(out, caveats...)
}
