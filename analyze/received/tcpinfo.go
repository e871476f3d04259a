package received

import (
	"net/netip"
	"strings"
)

// tcpInfo reads the connecting client out of the from clause. RFC 5321
// section 4.4 puts it in a comment: "from helo (rdns [ip])". The dialects
// differ:
//
//	Postfix, Sendmail, Gmail  from helo (rdns [ip])   from helo (unknown [ip])
//	Exim                      from rdns ([ip] helo=helo)   from [ip] (helo=helo)
//	qmail                     from rdns (HELO helo) (ip)
//	Exchange                  from helo (ip)
func (r *Received) tcpInfo(c *Clause) {
	from, _, _ := strings.Cut(c.Value, " ")
	heloInComment := false
	for _, cm := range c.Comments {
		text := strings.TrimSpace(cm.Text)
		if h := heloParam(text); h != "" && r.HELO == "" {
			r.HELO, heloInComment = h, true
		}
		if ip, before, ok := bracketIP(text); ok {
			if !r.IP.IsValid() {
				r.IP = ip
				if before != "" && !strings.ContainsAny(before, " =") && r.ReverseName == "" {
					r.ReverseName = before
				}
			}
			continue
		}
		if ip, err := netip.ParseAddr(text); err == nil && !r.IP.IsValid() {
			r.IP = ip
		}
	}
	if ip, ok := literal(from); ok {
		if !r.IP.IsValid() {
			r.IP = ip
		}
		return
	}
	// QUIRK: "from host [192.0.2.1]": the address literal as a word
	// after the name, outside a comment.
	if ws := strings.Fields(c.Value); len(ws) > 1 {
		for _, w := range ws[1:] {
			if ip, ok := literal(w); ok && !r.IP.IsValid() {
				r.IP = ip
				if r.HELO == "" && from != "unknown" {
					r.HELO = from
				}
			}
		}
	}
	// QUIRK: qmail and Yahoo write "from 192.0.2.1 (EHLO name)": the
	// address alone, without brackets.
	if ip, err := netip.ParseAddr(from); err == nil {
		if !r.IP.IsValid() {
			r.IP = ip
		}
		return
	}
	if from == "" {
		return
	}
	if heloInComment {
		// Exim and qmail: the word after "from" is the reverse name
		// (or "unknown") and the HELO name is in the comment.
		if r.ReverseName == "" {
			r.ReverseName = from
		}
		return
	}
	r.HELO = from
}

// heloParam finds the HELO name in a comment: Exim's "helo=name" anywhere,
// or qmail's and others' "HELO name" / "EHLO name" at the start.
func heloParam(text string) string {
	if i := indexFold(text, "helo="); i >= 0 && (i == 0 || text[i-1] == ' ' || text[i-1] == '(' || text[i-1] == '\t') {
		v := text[i+len("helo="):]
		if j := strings.IndexAny(v, " \t\r\n)"); j >= 0 {
			v = v[:j]
		}
		return v
	}
	f := strings.Fields(text)
	if len(f) >= 2 && (strings.EqualFold(f[0], "helo") || strings.EqualFold(f[0], "ehlo")) {
		return f[1]
	}
	return ""
}

// bracketIP finds an address literal "[192.0.2.1]" or "[IPv6:2001:db8::1]"
// (RFC 5321 section 4.1.3) in a comment and returns it with the word
// before it, which is the reverse name in "rdns [ip]".
func bracketIP(text string) (ip netip.Addr, before string, ok bool) {
	i := strings.IndexByte(text, '[')
	if i < 0 {
		return netip.Addr{}, "", false
	}
	ip, ok = literal(text[i:])
	if !ok {
		return netip.Addr{}, "", false
	}
	return ip, strings.TrimSpace(text[:i]), true
}

// literal parses an address literal at the start of s, allowing a ":port"
// after the "]" as Exim writes it.
func literal(s string) (netip.Addr, bool) {
	if !strings.HasPrefix(s, "[") {
		return netip.Addr{}, false
	}
	j := strings.IndexByte(s, ']')
	if j < 0 {
		return netip.Addr{}, false
	}
	in := s[1:j]
	if len(in) > 5 && strings.EqualFold(in[:5], "ipv6:") {
		in = in[5:]
	}
	ip, err := netip.ParseAddr(in)
	if err != nil {
		return netip.Addr{}, false
	}
	return ip.Unmap(), true
}

// indexFold is strings.Index ignoring ASCII case. It works on bytes, not
// on a lowered copy, because lowering can change the length of a string
// that is not valid UTF-8, and offsets must stay those of the input.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
