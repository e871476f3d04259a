package dkim

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseTagList splits a tag-list (RFC 6376 section 3.2) into tags, keeping
// each tag's raw text and offset. It is lenient where the RFC allows
// (white space anywhere around tags and values, a final ";") and reports
// everything else as a problem on the tag at fault, without stopping: the
// caller decides which problems are fatal. A duplicate tag is fatal for the
// whole list (RFC 6376 section 3.2), so it is reported as such.
func parseTagList(value string) (tags []Tag, problems []string) {
	tags, problems, _ = parseTagListKept(value)
	return tags, problems
}

// MaxTags is how many tags of one tag-list are kept whatever their names.
// Past it a tag is kept only when it is the first of its name and the name
// has at most two characters, as every tag RFC 6376, RFC 8463 and RFC 8617
// define has (at most 3,300 such names exist): so a signature of two
// million " z=1;" tags keeps about MaxTags of them and still finds a b=
// written after them. Duplicates are found among all tags, kept or not,
// and are reported as problems.
const MaxTags = 100

// maxTagProblems is how many problems of one tag-list are kept; the rest
// are counted in one last problem.
const maxTagProblems = 100

// parseTagListKept is parseTagList that also returns how many tags were
// read but not kept (see MaxTags).
func parseTagListKept(value string) (tags []Tag, problems []string, omitted int) {
	// seen holds the offset of the first tag of each name.
	seen := map[string]int{}
	var moreEmpty, moreOther int
	problem := func(p string) {
		switch {
		case len(problems) < maxTagProblems:
			problems = append(problems, p)
		case strings.HasPrefix(p, "empty tag"):
			moreEmpty++
		default:
			moreOther++
		}
	}
	add := func(t Tag, interpreted bool) {
		if len(tags) < MaxTags || interpreted {
			tags = append(tags, t)
		} else {
			omitted++
		}
	}
	pos := 0
	for pos <= len(value) {
		end := strings.IndexByte(value[pos:], ';')
		if end < 0 {
			end = len(value)
		} else {
			end += pos
		}
		spec := value[pos:end]
		start := pos
		pos = end + 1
		if isWSPOnly(spec) {
			if end < len(value) && strings.TrimSpace(value[end+1:]) != "" {
				// QUIRK: ";;" is not in the grammar but harmless.
				problem(fmt.Sprintf("empty tag at offset %d ignored", start))
			}
			continue
		}
		lead := len(spec) - len(strings.TrimLeft(spec, " \t\r\n"))
		raw := strings.TrimRight(spec[lead:], " \t\r\n")
		t := Tag{Raw: raw, Offset: start + lead}
		eq := strings.IndexByte(raw, '=')
		if eq < 0 {
			t.Name = stripWSP(raw)
			t.Problem = fmt.Sprintf("tag %q has no \"=\"", clipQ(t.Name))
			problem(t.Problem)
			add(t, false)
			continue
		}
		t.Name = strings.TrimRight(raw[:eq], " \t\r\n")
		t.Value = stripWSP(raw[eq+1:])
		if !validTagName(t.Name) {
			t.Problem = fmt.Sprintf("invalid tag name %q", clipQ(t.Name))
			problem(t.Problem)
			add(t, false)
		} else if first, dup := seen[t.Name]; dup {
			if len(problems) >= maxTagProblems && len(tags) >= MaxTags {
				// Neither the problem nor the tag is kept: count them
				// without formatting a message a million times.
				moreOther++
				omitted++
				continue
			}
			t.Problem = fmt.Sprintf("duplicate tag %q (first at offset %d): the whole tag-list is invalid (RFC 6376 section 3.2)", clipQ(t.Name), first)
			problem(t.Problem)
			add(t, false)
		} else {
			// Every name is remembered, kept or not, so that a
			// duplicate is found wherever it is.
			seen[t.Name] = t.Offset
			add(t, len(t.Name) <= 2)
		}
	}
	// The "empty tag" prefix keeps a warning a warning for callers.
	if moreEmpty > 0 {
		problems = append(problems, fmt.Sprintf("empty tags: %d more not listed", moreEmpty))
	}
	if moreOther > 0 {
		problems = append(problems, fmt.Sprintf("%d more problems in the tag-list not listed", moreOther))
	}
	return tags, problems, omitted
}

// validTagName checks tag-name = ALPHA *ALNUMPUNC (RFC 6376 section 3.2).
func validTagName(s string) bool {
	if s == "" || !isAlpha(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isAlpha(c) && !('0' <= c && c <= '9') && c != '_' {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func isWSPOnly(s string) bool { return strings.Trim(s, " \t\r\n") == "" }

// stripWSP removes all folding white space from a tag value. For every tag
// headerscope interprets, white space inside a value is FWS with no
// meaning (base64 in b= and bh=, the colon lists of h= and q=).
func stripWSP(s string) string {
	if !strings.ContainsAny(s, " \t\r\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// tagIndex returns the position of the first tag named name, or -1.
func tagIndex(tags []Tag, name string) int {
	for i, t := range tags {
		if t.Name == name {
			return i
		}
	}
	return -1
}

// ParseTagList splits a tag-list as the DKIM-Signature, ARC-Seal and key
// record parsers do (see parseTagList); problems are in words, one per
// fault, naming the tag.
func ParseTagList(value string) ([]Tag, []string) { return parseTagList(value) }

// ParseTagListKept is ParseTagList that also returns how many tags were
// read but not kept (see MaxTags), for the caller to say so.
func ParseTagListKept(value string) ([]Tag, []string, int) { return parseTagListKept(value) }

// maxQuoted is how much of a value from a message or a DNS record an
// error message quotes: a 64 KB TXT record or a 20 MB tag must not be
// copied into every reason that names it (issue 12, B10).
const maxQuoted = 200

// clipQ clips s to maxQuoted bytes, on a UTF-8 boundary, saying how much
// was left out, for quoting with %q.
func clipQ(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "… (" + strconv.Itoa(len(s)-cut) + " more bytes)"
}
