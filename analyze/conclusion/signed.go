package conclusion

import (
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
)

// shownVsSigned says what a passing aligned signature covers of what the
// reader sees: the whole body or only the part before l= (RFC 6376
// section 8.2), and whether each shown field is signed.
//
// The shown fields and the unsigned copies are analyze's (ShownFields and
// Report.Unsigned, summary.unsigned in the JSON), so that the verdict, the
// summary line and the JSON say the same: a field a mail client shows
// (the topmost instance) that no passing signature covers while one
// covers another instance below it (RFC 6376 sections 5.4.2 and 8.15: h=
// picks fields from the bottom up). Only the mapping to Evidence is here,
// and what analyze does not list because it asks about any passing
// signature: a shown field the From domain's signature does not cover at
// all, or covers only below a copy another domain signed.
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
	copies := map[string]analyze.Unsigned{}
	for _, u := range f.rep.Unsigned {
		copies[strings.ToLower(u.Name)] = u
	}
	if m := f.rep.Message; m != nil {
		for _, name := range analyze.ShownFields {
			fs := m.Header(name)
			if len(fs) == 0 {
				continue
			}
			p := Pointer{Finding: FindingHeaderField, Index: -1, Claim: -1, Field: name, Line: fs[0].Line}
			top, lower := covers(r, name, len(fs))
			u, copied := copies[strings.ToLower(name)]
			switch {
			case top:
			case copied:
				caveats = append(caveats, Evidence{Cause: UnsignedCopy, Primary: true, Domain: u.Domain, Field: u.Name, Pointer: p})
			case lower:
				// analyze lists a copy no passing signature covers; the
				// top one here is covered, but by another domain's
				// signature, not by the From domain's: for the verdict
				// it is still an unsigned copy.
				caveats = append(caveats, Evidence{Cause: UnsignedCopy, Primary: true, Domain: r.Domain, Field: name, Pointer: p})
			case name != "To" && name != "Reply-To":
				// Subject, Date and From unsigned are worth saying; To
				// and Reply-To are often left out of h= on purpose.
				caveats = append(caveats, Evidence{Cause: FieldNotSigned, Primary: true, Domain: r.Domain, Field: name, Pointer: p})
			}
		}
	}
	if len(caveats) == 0 {
		return append(out, Evidence{Cause: Unchanged, Primary: true, Domain: r.Domain, Pointer: dkimPointer(r)})
	}
	return append(out, caveats...)
}

// covers reports whether r covers the topmost of the n instances of the
// field name (the one a mail client shows), and whether it covers a lower
// one. Instance counts from the bottom (RFC 6376 section 5.4.2), so the
// top of n is instance n.
func covers(r *dkim.Result, name string, n int) (top, lower bool) {
	for _, sf := range r.Header.Fields {
		if !strings.EqualFold(sf.Name, name) || sf.Instance == 0 {
			continue
		}
		if sf.Instance == n {
			top = true
		} else {
			lower = true
		}
	}
	return top, lower
}
