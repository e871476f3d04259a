package dkim

import (
	"fmt"
	"strings"
)

// describeAll is the one-line reason the verified findings of one half
// give, for Detail and the verdict's reason; "" when none is verified.
// The report words each finding in full (render); this is the short form.
func describeAll(fs []Finding, half Half) string {
	var parts []string
	for _, f := range fs {
		if f.Status == Verified && f.Half == half {
			parts = append(parts, describe(f))
		}
	}
	return strings.Join(parts, "; and ")
}

func lines(f Finding) string {
	if f.FirstLine == f.LastLine {
		return fmt.Sprintf("line %d", f.FirstLine)
	}
	return fmt.Sprintf("lines %d-%d", f.FirstLine, f.LastLine)
}

func describe(f Finding) string {
	switch f.Kind {
	case KindFieldAdded:
		return fmt.Sprintf("the signature verifies if the %s field at line %d is left out: that field was added after signing", f.Field, f.FieldLine)
	case KindRefolded:
		return fmt.Sprintf("the signature verifies with the %s field at line %d unfolded: it was re-wrapped in transit, which simple canonicalization does not tolerate", f.Field, f.FieldLine)
	case KindSubjectTag:
		return fmt.Sprintf("the signature verifies again when %q is removed from Subject (line %d): a list or gateway tagged it after signing", f.Added, f.FieldLine)
	case KindFromRewritten:
		return fmt.Sprintf("the signature verifies again with From: %s (line %d): a list rewrote From after signing", f.Removed, f.FieldLine)
	case KindNameCase:
		return fmt.Sprintf("the signature verifies with the field name %s written %s (line %d): its case was changed in transit, which simple canonicalization does not tolerate", f.Added, f.Removed, f.FieldLine)
	case KindDateReformatted:
		return fmt.Sprintf("the signature verifies with Date: %s (line %d): Date was reformatted after signing", f.Removed, f.FieldLine)
	case KindReencoded:
		if f.Half == HeaderHalf {
			return fmt.Sprintf("the signature verifies with Content-Transfer-Encoding: %s (line %d): a relay re-encoded the body after signing", f.Removed, f.FieldLine)
		}
		return fmt.Sprintf("bh= matches with %s decoded from %s: a relay re-encoded 8bit content after signing", lines(f), f.Added)
	case KindWrapped:
		if f.Half == HeaderHalf {
			return fmt.Sprintf("the signature verifies with Content-Type: %s (line %d): the body was wrapped into a new multipart after signing", f.Removed, f.FieldLine)
		}
		return fmt.Sprintf("bh= matches the content of %s alone: the body was wrapped into a new multipart after signing", lines(f))
	case KindEncodedWord:
		return fmt.Sprintf("the signature verifies with %s: %s (line %d): an encoded-word was decoded or re-encoded after signing", f.Field, f.Removed, f.FieldLine)
	case KindAppended:
		return fmt.Sprintf("bh= matches the body without %s: they were appended after signing, as a list footer or disclaimer is", lines(f))
	case KindPartFooter:
		return fmt.Sprintf("bh= matches without %s, at the end of a MIME part before its boundary: a footer was added inside the part after signing", lines(f))
	case KindPartBanner:
		return fmt.Sprintf("bh= matches without %s, at the top of a text part: a banner was added after signing", lines(f))
	case KindHTMLFooter:
		return fmt.Sprintf("bh= matches without the HTML inserted before </body> (%s): a footer was added after signing", lines(f))
	case KindHTMLBanner:
		return fmt.Sprintf("bh= matches without the HTML inserted after <body> (%s): a banner was added after signing", lines(f))
	case KindPartAdded:
		return fmt.Sprintf("bh= matches without the MIME part at %s: a whole part was added after signing", lines(f))
	case KindBase64Rewrapped:
		w := f.Removed + " characters a line"
		if f.Removed == "0" {
			w = "one line"
		}
		return fmt.Sprintf("bh= matches with the base64 at %s wrapped at %s: it was re-wrapped after signing", lines(f), w)
	case KindFromEscaped:
		return fmt.Sprintf("bh= matches with the \">\" removed before \"From \" (%s): an mbox writer escaped those lines after signing", lines(f))
	case KindLinesWrapped:
		return fmt.Sprintf("bh= matches with the lines in %s joined again: long lines were wrapped at %s characters after signing", lines(f), f.Removed)
	case KindLinesAdded:
		return fmt.Sprintf("bh= matches without %s: added after signing, which is no known transformation (an edit)", lines(f))
	case KindEmbedded:
		return fmt.Sprintf("bh= matches the body of the message embedded at %s: a filter put the message into a report after signing", lines(f))
	case KindTabsExpanded:
		return fmt.Sprintf("bh= matches with tabs restored (%s) in %s: tabs were expanded to spaces after signing", f.Removed, lines(f))
	case KindTrailingSpace:
		return fmt.Sprintf("bh= matches with the trailing space of %s restored in %s: trailing white space was stripped after signing", f.Removed, lines(f))
	}
	return string(f.Kind)
}
