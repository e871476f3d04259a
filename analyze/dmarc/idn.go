package dmarc

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// ToASCII returns the A-label form of a domain written with Unicode
// (RFC 5890, with the UTS #46 mapping that mail clients and resolvers
// apply: case folding and NFKC, so "𝐚𝐨𝐤.𝐝𝐞" is aok.de), lower case and
// without a final dot. An ASCII domain is returned lower-cased; ok is
// false when the name cannot be converted.
func ToASCII(d string) (string, bool) {
	d = strings.TrimSuffix(d, ".")
	if isASCII(d) {
		return strings.ToLower(d), true
	}
	a, err := idna.Lookup.ToASCII(d)
	if err != nil {
		// QUIRK: names IDNA2008 disallows (symbols, emoji) still reach
		// mailboxes; the plain Punycode of the mapped name is what a
		// lenient resolver library asks for.
		a, err = idna.Punycode.ToASCII(norm.NFKC.String(strings.ToLower(d)))
		if err != nil {
			return "", false
		}
	}
	return strings.ToLower(a), true
}

// idn puts the author domain in A-label form for the lookup, keeps the
// Unicode form for display, and says why it may be a look-alike.
func (r *From) idn(signers []string) {
	d := r.Domain
	uni := d
	if isASCII(d) {
		if !strings.Contains(d, "xn--") {
			return
		}
		u, err := idna.Punycode.ToUnicode(d)
		if err != nil || u == d {
			return
		}
		uni = u
	} else {
		a, ok := ToASCII(d)
		if !ok {
			r.Problem = fmt.Sprintf("the From domain %q cannot be converted to A-labels (RFC 5890), so there is no policy to look up", d)
			r.Domain = ""
			return
		}
		r.Domain = a
	}
	r.Unicode = uni
	r.Lookalike = Lookalike(uni, r.Domain, signers)
}

// Lookalike says why a domain written in Unicode (uni, with ascii its
// A-label form) may be meant to pass for another: characters a mail client
// shows as ASCII letters (mathematical alphanumerics, fullwidth forms),
// labels that mix scripts, or a name whose confusable skeleton is that of
// a signing domain or of a much-phished domain.
func Lookalike(uni, ascii string, signers []string) []string {
	var out []string
	folded := strings.ToLower(norm.NFKC.String(uni))
	if folded != strings.ToLower(uni) && isASCII(folded) {
		out = append(out, fmt.Sprintf("written with characters that only look like ASCII letters (mathematical alphanumerics or fullwidth forms): a mail client shows %q, and DNS is asked about %s", uni, folded))
	}
	for _, label := range strings.Split(folded, ".") {
		if s := scripts(label); len(s) > 1 {
			out = append(out, fmt.Sprintf("the label %q mixes %s letters, a common way to imitate a domain", label, strings.Join(s, " and ")))
		}
	}
	sk := skeleton(folded)
	if sk != folded || !isASCII(folded) {
		cands := append(append([]string(nil), signers...), wellKnown...)
		for _, c := range cands {
			c = strings.ToLower(strings.TrimSuffix(c, "."))
			if c == "" || c == ascii {
				continue
			}
			if sk == c || strings.HasSuffix(sk, "."+c) {
				out = append(out, fmt.Sprintf("looks like %s: with look-alike characters replaced it reads %q", c, sk))
				break
			}
		}
	}
	return out
}

// wellKnown are much-imitated domains the look-alike check compares with,
// besides the message's own d= domains.
var wellKnown = []string{
	"adobe.com", "amazon.com", "apple.com", "bankofamerica.com", "chase.com", "dhl.com",
	"docusign.com", "dropbox.com", "ebay.com", "facebook.com", "fedex.com", "gmail.com",
	"google.com", "icloud.com", "instagram.com", "linkedin.com", "live.com", "microsoft.com",
	"netflix.com", "office.com", "outlook.com", "paypal.com", "ups.com", "wellsfargo.com",
	"whatsapp.com", "yahoo.com",
}

// scripts lists the scripts of the letters in s, ignoring digits, '-'
// and other characters common to every script.
func scripts(s string) []string {
	var out []string
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		name := "other"
		for _, n := range []string{"Latin", "Cyrillic", "Greek", "Armenian", "Hebrew", "Arabic", "Han", "Hiragana", "Katakana", "Hangul", "Thai", "Devanagari", "Georgian", "Cherokee"} {
			if unicode.Is(unicode.Scripts[n], r) {
				name = n
				break
			}
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	// Japanese mixes Han with kana by design.
	if len(out) == 2 && slices.Contains(out, "Han") && (slices.Contains(out, "Hiragana") || slices.Contains(out, "Katakana")) {
		return out[:1]
	}
	return out
}

// confusables maps letters that render like ASCII letters to them: the
// Cyrillic, Greek and Latin-extension look-alikes most used in phishing
// (a subset of Unicode's confusables.txt, UTS #39).
var confusables = map[rune]string{
	'а': "a", 'в': "b", 'с': "c", 'ԁ': "d", 'е': "e", 'ё': "e", 'һ': "h", 'і': "i", 'ї': "i", 'ј': "j",
	'к': "k", 'ӏ': "l", 'м': "m", 'п': "n", 'о': "o", 'р': "p", 'ԛ': "q", 'г': "r", 'ѕ': "s", 'т': "t",
	'ц': "u", 'ѵ': "v", 'ԝ': "w", 'х': "x", 'у': "y", 'з': "3",
	'α': "a", 'β': "b", 'ε': "e", 'η': "n", 'ι': "i", 'κ': "k", 'ν': "v", 'ο': "o", 'ρ': "p", 'τ': "t",
	'υ': "u", 'χ': "x", 'ω': "w",
	'ı': "i", 'ɡ': "g", 'ɑ': "a", 'ǀ': "l", 'ⅼ': "l", 'ℓ': "l",
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'å': "a", 'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'ö': "o", 'ù': "u",
	'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y",
}

// skeleton replaces look-alike letters with the ASCII letters they pass
// for.
func skeleton(s string) string {
	var b strings.Builder
	for _, r := range s {
		if a, ok := confusables[r]; ok {
			b.WriteString(a)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
