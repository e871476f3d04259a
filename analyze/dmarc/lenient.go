package dmarc

import (
	"strings"

	"github.com/headerscope/headerscope/analyze/message"
)

// lenientList reads the addresses of an address list (RFC 5322 section
// 3.4) the way receivers do when the list is not valid: it splits the list
// at the commas outside quoted strings, comments and angle brackets, takes
// the angle-addr of each element (or the element itself when it is a bare
// addr-spec), and treats an element with neither as part of the next
// one's display name. quirks says, in words, what was not valid.
func lenientList(v string) (addrs []string, quirks []string) {
	seen := map[string]bool{}
	quirk := func(q string) {
		if !seen[q] {
			seen[q] = true
			quirks = append(quirks, q)
		}
	}
	pending := false // a display-name fragment waits for its address
	for _, el := range splitTop(v) {
		if strings.TrimSpace(stripComments(el)) == "" {
			if strings.TrimSpace(el) != "" {
				quirk("a list element holds only a comment")
			}
			continue
		}
		a, ok := readMailbox(el, quirk)
		if !ok {
			pending = true
			continue
		}
		if pending {
			// QUIRK: "Name, Other <a@b.example>": an unquoted comma in
			// the display name; receivers show one mailbox.
			quirk("an unquoted comma in the display name")
			pending = false
		}
		addrs = append(addrs, a)
	}
	if pending {
		quirk("text with no address in it")
	}
	return addrs, quirks
}

// splitTop splits v at commas outside quoted strings, comments and angle
// brackets.
func splitTop(v string) []string {
	var out []string
	start, angle := 0, false
	route := false // inside "<@a.example,@b.example:" (obs-route)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			end, _ := message.SkipQuoted(v, i)
			i = end - 1
		case c == '(':
			end, _ := message.SkipComment(v, i)
			i = end - 1
		case c == '<':
			angle = true
			route = strings.HasPrefix(strings.TrimLeft(v[i+1:], " \t"), "@")
		case c == '>':
			angle, route = false, false
		case c == ':' && angle:
			route = false
		case c == ',' && !route:
			// QUIRK: a comma inside angle brackets ("<a@b,example>")
			// ends the address for receivers too (Microsoft 365 and
			// Python's email package read "a@b"); only an obs-route
			// keeps its commas.
			if angle {
				angle = false
			}
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// readMailbox reads the address of one list element, leniently; ok is
// false when the element holds no address (a display-name fragment).
func readMailbox(el string, quirk func(string)) (addr string, ok bool) {
	lt, gt := angle(el)
	if lt < 0 {
		s := strings.TrimSpace(stripComments(el))
		if !hasUnquoted(s, '@') {
			return "", false
		}
		if strings.ContainsAny(s, " \t") {
			quirk("white space inside the address")
		}
		return removeSpace(s), true
	}
	name := strings.TrimSpace(stripComments(el[:lt]))
	if hasUnquotedAny(name, ".@:;[]\\") {
		quirk("special characters (such as \".\" or \"@\") unquoted in the display name")
	}
	inner := el[lt+1:]
	if gt < 0 {
		quirk("a \"<\" that is never closed")
	} else {
		inner = el[lt+1 : gt]
	}
	inner = stripComments(inner)
	if strings.TrimSpace(inner) != inner {
		// QUIRK: "Name <a@b.example >": CFWS before ">" is obsolete
		// syntax net/mail refuses (RFC 5322 section 4.4).
		quirk("white space inside the angle brackets")
	}
	inner = strings.TrimSpace(inner)
	if inner == "" {
		quirk("an empty address (<>)")
	} else if !strings.Contains(inner, "@") {
		quirk("an address without a domain")
	}
	if strings.HasPrefix(inner, "@") {
		// RFC 5322 section 4.4: obs-route "@a.example,@b.example:" before
		// the address is ignored.
		if i := strings.IndexByte(inner, ':'); i >= 0 {
			quirk("an obsolete source route before the address (RFC 5322 section 4.4)")
			inner = inner[i+1:]
		}
	}
	if strings.ContainsAny(inner, "<>") {
		quirk("angle brackets inside the angle brackets")
		return "", false
	}
	if strings.HasSuffix(inner, ".") {
		quirk("a final dot after the domain")
	}
	if len(inner) >= 2 && inner[0] == '"' && inner[len(inner)-1] == '"' && strings.Count(inner, `"`) == 2 && strings.Contains(inner, "@") {
		// QUIRK: <"a@b.example">: the whole address quoted; receivers
		// read the address inside.
		quirk("the address is quoted inside the angle brackets")
		inner = inner[1 : len(inner)-1]
	}
	if strings.ContainsAny(inner, " \t") {
		quirk("white space inside the angle brackets")
	}
	return removeSpace(inner), true
}

// angle returns the index of the first '<' outside quoted strings and
// comments, and of the first '>' after it outside quoted strings; -1 when
// absent.
func angle(s string) (lt, gt int) {
	lt, gt = -1, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			end, _ := message.SkipQuoted(s, i)
			i = end - 1
		case c == '(' && lt < 0:
			end, _ := message.SkipComment(s, i)
			i = end - 1
		case c == '<' && lt < 0:
			lt = i
		case c == '>' && lt >= 0:
			return lt, i
		}
	}
	return lt, gt
}

// stripComments removes comments (RFC 5322 section 3.2.2), nested or not,
// outside quoted strings.
func stripComments(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	var b strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted:
			if c == '\\' && i+1 < len(s) {
				b.WriteByte(c)
				i++
				c = s[i]
			} else if c == '"' {
				quoted = false
			}
		case c == '"':
			quoted = true
		case c == '(':
			end, _ := message.SkipComment(s, i)
			i = end - 1
			b.WriteByte(' ')
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func hasUnquoted(s string, want byte) bool { return hasUnquotedAny(s, string(want)) }

// hasUnquotedAny reports whether s has any of chars outside quoted
// strings.
func hasUnquotedAny(s, chars string) bool {
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && strings.IndexByte(chars, c) >= 0:
			return true
		}
	}
	return false
}

// removeSpace drops white space outside quoted strings: CFWS around the
// parts of an addr-spec is not part of it (RFC 5322 section 3.4.1).
func removeSpace(s string) string {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\\' && i+1 < len(s):
			b.WriteByte(c)
			i++
			c = s[i]
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ' ' || c == '\t'):
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
