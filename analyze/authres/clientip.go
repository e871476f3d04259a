package authres

import (
	"net/netip"
	"strings"
)

// ClientIP finds the client IP a receiver wrote in a result, in a
// client-ip or smtp.remote-ip property or in a comment: Microsoft's
// "(sender IP is 192.0.2.1)", pypolicyd-spf's "(client-ip=192.0.2.1;
// ...)", Gmail's "designates 192.0.2.1 as". RFC 8601 has no property for
// it, so each writer puts it where it likes.
func (r Result) ClientIP() (netip.Addr, bool) {
	texts := append([]string(nil), r.Comments...)
	for _, p := range r.Properties {
		texts = append(texts, p.Comment)
		if p.Name == "client-ip" || (p.Type == "smtp" && p.Name == "remote-ip") {
			if ip, err := netip.ParseAddr(p.Value); err == nil {
				return ip, true
			}
		}
	}
	for _, t := range texts {
		for _, key := range []string{"sender ip is ", "client-ip=", "designates "} {
			i := strings.Index(strings.ToLower(t), key)
			if i < 0 {
				continue
			}
			w := strings.FieldsFunc(t[i+len(key):], func(r rune) bool { return r == ' ' || r == ';' || r == ')' })
			if len(w) > 0 {
				if ip, err := netip.ParseAddr(w[0]); err == nil {
					return ip, true
				}
			}
		}
	}
	return netip.Addr{}, false
}
