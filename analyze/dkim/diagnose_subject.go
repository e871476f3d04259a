package dkim

import (
	"mime"
	"regexp"
	"strings"

	"github.com/headerscope/headerscope/analyze/message"
)

// Subject tags that lists, gateways and filters put in front of or after
// the Subject: "[list] ", "[EXTERNAL] ", "*** SPAM *** ", "EXTERNAL: ",
// "(EXTERNAL) ", and suffixes like " (fwd)". The capital-word form leaves
// out the reply and forward prefixes mail clients write.
var (
	tagPrefixes = []*regexp.Regexp{
		regexp.MustCompile(`^\[[^\]\r\n]{1,64}\][ \t]*`),
		regexp.MustCompile(`^\*{1,5}[ \t]*[^*\r\n]{1,40}?[ \t]*\*{1,5}[ \t]*`),
		regexp.MustCompile(`^\([^)\r\n]{1,40}\)[ \t]*`),
		regexp.MustCompile(`^[A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*){0,3}:[ \t]+`),
		regexp.MustCompile(`^\{[^}\r\n]{1,40}\}[ \t]*`),
		regexp.MustCompile(`^[A-Z]{2,}[ \t]+-[ \t]+`),
	}
	tagAfterReply = regexp.MustCompile(`^((?i:re|fwd?|aw|sv|wg|tr):[ \t]*)(\[[^\]\r\n]{1,64}\][ \t]*)`)
	tagSuffixes   = []*regexp.Regexp{
		regexp.MustCompile(`[ \t]*\([^)\r\n]{1,40}\)$`),
		regexp.MustCompile(`[ \t]*\[[^\]\r\n]{1,40}\]$`),
	}
	replyWords = map[string]bool{"RE": true, "FW": true, "FWD": true, "AW": true, "SV": true, "WG": true, "TR": true, "VS": true, "RIF": true, "R": true, "ANTW": true, "ENC": true, "RES": true, "REF": true, "FS": true, "YNT": true, "ODP": true, "PD": true}
)

// subjectTags guesses that a tag was added to the signed Subject. Each
// tag found is tried removed, and up to three stacked tags one after the
// other ("[list] [EXTERNAL] ").
func (hs *headerSearch) subjectTags() []headerGuess {
	idx := hs.selected("subject")
	if idx < 0 {
		return nil
	}
	var out []headerGuess
	type state struct{ value, added string }
	frontier := []state{{value: fieldValue(hs.fields[idx])}}
	seen := map[string]bool{}
	for depth := 0; depth < 3 && len(frontier) > 0; depth++ {
		var next []state
		for _, st := range frontier {
			for _, c := range tagRemovals(st.value) {
				if seen[c.value] {
					continue
				}
				seen[c.value] = true
				ns := state{c.value, joinAdded(st.added, c.added)}
				next = append(next, ns)
				out = append(out, hs.edit(idx, ns.value, Finding{Kind: KindSubjectTag, Added: clip(ns.added)}))
				// A longer Subject may have been refolded with the tag;
				// under simple canonicalization that counts too.
				if hs.s.headerCan == Simple && strings.Contains(ns.value, "\n") {
					out = append(out, hs.edit(idx, message.Unfold(ns.value), Finding{Kind: KindSubjectTag, Added: clip(ns.added)}))
				}
			}
		}
		frontier = next
	}
	return append(out, hs.encodedSubjectTags(idx)...)
}

// encodedSubjectTags: a list that decodes an encoded-word Subject, puts
// its tag in front and encodes the whole again. The signer's encoding is
// not known, so the untagged text is tried raw and in the encodings mail
// clients write (B, and Q with upper- or lower-case hex).
func (hs *headerSearch) encodedSubjectTags(idx int) []headerGuess {
	cur := message.Unfold(fieldValue(hs.fields[idx]))
	if !strings.Contains(cur, "=?") {
		return nil
	}
	dec, err := new(mime.WordDecoder).DecodeHeader(cur)
	if err != nil || dec == cur {
		return nil
	}
	var out []headerGuess
	for _, r := range tagRemovals(dec) {
		for _, v := range append([]string{r.value}, encodings(r.value)...) {
			if len(out) >= 16 {
				return out
			}
			out = append(out, hs.edit(idx, v, Finding{Kind: KindSubjectTag, Added: clip(r.added)}))
		}
	}
	return out
}

// encodings lists text as encoded-words the ways mail software writes
// them: UTF-8 or utf-8, B or Q (upper or lower case), hex escapes in upper
// or lower case.
func encodings(text string) []string {
	b, q := mime.BEncoding.Encode("UTF-8", text), mime.QEncoding.Encode("UTF-8", text)
	up := func(s, from, to string) string { return strings.ReplaceAll(s, from, to) }
	return []string{
		up(b, "?b?", "?B?"), up(q, "?q?", "?Q?"), lowerQHex(up(q, "?q?", "?Q?")),
		up(b, "UTF-8", "utf-8"), up(q, "UTF-8", "utf-8"), b, q,
	}
}

// lowerQHex writes the =XX escapes of a Q-encoded word in lower case, as
// some mail clients do.
func lowerQHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '=' && b[i+1] != '?' && isHex(b[i+1]) && isHex(b[i+2]) {
			b[i+1], b[i+2] = lowerHex(b[i+1]), lowerHex(b[i+2])
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

func joinAdded(a, b string) string {
	if a == "" {
		return b
	}
	return a + " + " + b
}

type removal struct{ value, added string }

// tagWindow bounds the bytes at each end of a Subject that are searched
// for a tag: every tag pattern matches a short run at the start or the end,
// and a Subject built to be huge (issue 12) must not be scanned whole by
// each pattern for each signature.
const tagWindow = 512

// tagRemovals lists value with one tag taken off, each way one can be.
func tagRemovals(value string) []removal {
	var out []removal
	head, tail, tailAt := value, value, 0
	if len(value) > tagWindow {
		head = value[:tagWindow]
		tailAt = len(value) - tagWindow
		tail = value[tailAt:]
	}
	for i, re := range tagPrefixes {
		m := re.FindString(head)
		if m == "" || len(m) == len(value) {
			continue
		}
		if i == 3 && replyWords[strings.ToUpper(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(m), ":")))] {
			continue
		}
		out = append(out, removal{value[len(m):], m})
	}
	if m := tagAfterReply.FindStringSubmatch(head); m != nil {
		out = append(out, removal{m[1] + value[len(m[0]):], m[2]})
	}
	for _, re := range tagSuffixes {
		if loc := re.FindStringIndex(tail); loc != nil && tailAt+loc[0] > 0 {
			at := tailAt + loc[0]
			out = append(out, removal{value[:at], value[at:]})
		}
	}
	return out
}

// encodedWords guesses that Subject or the From display name was decoded
// from, or re-encoded into, RFC 2047 encoded-words.
func (hs *headerSearch) encodedWords() []headerGuess {
	var out []headerGuess
	for _, name := range []string{"subject", "from"} {
		if idx := hs.selected(name); idx >= 0 {
			out = append(out, hs.encodedWordsOf(idx)...)
		}
	}
	return out
}

// encodedWordsOf guesses that one field was decoded from, or re-encoded
// into, RFC 2047 encoded-words.
func (hs *headerSearch) encodedWordsOf(idx int) []headerGuess {
	cur := message.Unfold(fieldValue(hs.fields[idx]))
	var vals []string
	if strings.Contains(cur, "=?") {
		if d, err := new(mime.WordDecoder).DecodeHeader(cur); err == nil && d != cur {
			vals = append(vals, d)
		}
	}
	if !isASCII(cur) {
		// Only the display name of an address field is encoded.
		text, rest := cur, ""
		if strings.EqualFold(hs.fields[idx].Name, "from") {
			lt := strings.LastIndexByte(cur, '<')
			if lt < 0 {
				return nil
			}
			text, rest = strings.Trim(strings.TrimSpace(cur[:lt]), `"`), " "+cur[lt:]
		}
		for _, e := range encodings(text) {
			vals = append(vals, e+rest)
		}
	}
	var out []headerGuess
	for _, v := range vals {
		out = append(out, hs.edit(idx, v, Finding{Kind: KindEncodedWord, Added: clip(cur), Removed: clip(v)}))
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
