package dkim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TagReader interprets one tag-list (RFC 6376 section 3.2): the
// DKIM-Signature and ARC-Message-Signature parser here and the ARC-Seal
// parser of package arc read their tags through it, so that a tag is
// found, decoded and faulted the same way in all three. Fatal problems
// make the field unverifiable (permerror); notes are remarks.
type TagReader struct {
	Tags  []Tag
	Fatal []string
	Notes []Note
}

// ReadTagList splits value with ParseTagListKept and starts a TagReader:
// every problem of the tag-list is fatal, except an empty tag (";;"),
// which is a warning when emptyFatal is "" and the fatal problem
// emptyFatal otherwise (the grammar allows only a final ";").
func ReadTagList(value, emptyFatal string) TagReader {
	var r TagReader
	tags, problems, omitted := parseTagListKept(value)
	r.Tags = tags
	if omitted > 0 {
		r.Note(Warning, "", "%d more tags after the first %d not kept: only the first of each one- or two-letter name is (every tag the RFCs define is one), so that a field of millions of tags stays cheap to explain", omitted, MaxTags)
	}
	for _, p := range problems {
		switch {
		case !strings.HasPrefix(p, "empty tag"):
			r.Fatal = append(r.Fatal, p)
		case emptyFatal == "":
			r.Note(Warning, "", "%s", p)
		default:
			r.Fatal = append(r.Fatal, emptyFatal)
		}
	}
	return r
}

// FatalReason returns the first fatal problem, saying how many more
// there are, for the permerror reason; ok is false when there is none.
func (r *TagReader) FatalReason() (reason string, ok bool) {
	if len(r.Fatal) == 0 {
		return "", false
	}
	reason = r.Fatal[0]
	if n := len(r.Fatal) - 1; n > 0 {
		reason += fmt.Sprintf(" (and %d more problem%s)", n, plural(n))
	}
	return reason, true
}

// Tag returns the first tag named name.
func (r *TagReader) Tag(name string) (Tag, bool) {
	if i := tagIndex(r.Tags, name); i >= 0 {
		return r.Tags[i], true
	}
	return Tag{}, false
}

// Require records a fatal problem for each name that has no tag, with
// the text "missing required tag %q" and then why (say, the RFC section).
func (r *TagReader) Require(why string, names ...string) {
	for _, name := range names {
		if _, ok := r.Tag(name); !ok {
			r.Fatal = append(r.Fatal, fmt.Sprintf("missing required tag %q", name)+why)
		}
	}
}

// Fail records a fatal problem, and marks it on the first tag named name
// that has no problem yet.
func (r *TagReader) Fail(name, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.Fatal = append(r.Fatal, msg)
	if i := tagIndex(r.Tags, name); i >= 0 && r.Tags[i].Problem == "" {
		r.Tags[i].Problem = msg
	}
}

// Note records a remark at level (Info, Warning) about tag (or the whole
// field when tag is "").
func (r *TagReader) Note(level Level, tag, format string, args ...any) {
	r.Notes = append(r.Notes, Note{Level: level, Tag: tag, Text: fmt.Sprintf(format, args...)})
}

// Base64 decodes the tag named name (b=, bh=); nil when it is absent or
// not base64, which is then fatal.
func (r *TagReader) Base64(name string) []byte {
	t, ok := r.Tag(name)
	if !ok {
		return nil
	}
	b, unpadded, err := DecodeBase64(t.Value)
	if err != nil {
		r.Fail(name, "%s= %v", name, err)
		return nil
	}
	if unpadded {
		r.Note(Warning, name, "%s= lacks base64 padding; accepted", name)
	}
	return b
}

// Seconds reads a time tag (t=, x=): seconds since 1970-01-01T00:00:00Z
// (RFC 6376 section 3.5); nil when absent or not a number, which is then
// fatal.
func (r *TagReader) Seconds(name string) *time.Time {
	t, ok := r.Tag(name)
	if !ok {
		return nil
	}
	n, err := strconv.ParseInt(t.Value, 10, 64)
	if err != nil || n < 0 || strings.ContainsAny(t.Value, "+-") {
		r.Fail(name, "%s=%q is not a number of seconds (RFC 6376 section 3.5)", name, clipQ(t.Value))
		return nil
	}
	tm := time.Unix(n, 0).UTC()
	return &tm
}

// ReadSelector reads s= in lower case; "" when absent or not dot-separated
// labels (ValidDomain), which is then fatal.
func (r *TagReader) ReadSelector() string {
	t, ok := r.Tag("s")
	if !ok {
		return ""
	}
	v := strings.ToLower(t.Value)
	if !ValidDomain(v) {
		r.Fail("s", "s=%q is not a valid selector (dot-separated labels)", clipQ(t.Value))
		return ""
	}
	return v
}
