package render

import (
	"fmt"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
)

// DNSTrace renders one lookup as a chain: the query, each CNAME hop, the
// answer (rcode, AD bit, transport, server, time, cached) and every TXT
// record with its character-strings numbered, one per line.
func DNSTrace(t *dns.Trace, st Styles, width int) string {
	d := newDoc(st, width)
	if t == nil {
		d.paraStyled("", "", "No DNS lookup was made.", st.Muted)
		return d.String()
	}
	arrow := st.Arrow()
	d.para(st.Label.Render("query   ")+" ", "         ", Safe(t.Type)+" "+Safe(t.Query))
	for _, h := range t.CNAMEs {
		d.para("  "+arrow+" ", "     ", st.Label.Render("CNAME")+" "+Safe(h.To)+st.Muted.Render(fmt.Sprintf(" (ttl %d)", h.TTL)))
	}
	out := string(t.Outcome)
	sty := st.Pass
	switch {
	case t.Outcome == dns.OK:
	case t.Outcome.Temporary():
		sty = st.Warn
		out += ", temporary"
	default:
		sty = st.Error
		out += ", permanent"
	}
	ans := []string{}
	if t.Rcode != "" {
		ans = append(ans, Safe(t.Rcode))
	}
	ans = append(ans, sty.Render(out))
	d.para(st.Label.Render("answer  ")+" ", "         ", strings.Join(ans, " "))
	ad := "no (not DNSSEC-validated by the resolver)"
	if t.AD {
		ad = "yes (the resolver validated it with DNSSEC)"
	}
	d.kv("", 8, "AD bit", ad, false)
	via := Safe(t.Server)
	if t.Transport != "" {
		via += " over " + Safe(t.Transport)
	}
	if t.Truncated {
		via += " (UDP answer truncated, repeated over TCP)"
	}
	d.kv("", 8, "server", via, false)
	tm := duration(t.Duration)
	if t.Cached {
		tm += ", answer shared with an identical earlier query"
	}
	d.kv("", 8, "time", tm, false)
	if detail := DNSDetail(t, st); detail != "" {
		d.kv("", 8, "detail", Safe(detail), false)
	}
	for i, rec := range t.Records {
		if rec.Type != "TXT" {
			d.kv("", 8, Safe(rec.Type), Safe(rec.Data)+st.Muted.Render(fmt.Sprintf(" (ttl %d)", rec.TTL)), true)
			continue
		}
		n := len(rec.Strings)
		plural := "s"
		if n == 1 {
			plural = ""
		}
		d.para("", "", st.Label.Render(fmt.Sprintf("TXT record %d", i+1))+st.Muted.Render(fmt.Sprintf(" (ttl %d, %d string%s, joined without separators)", rec.TTL, n, plural)))
		for j, s := range rec.Strings {
			d.hardStyled(fmt.Sprintf("  [%d] ", j+1), "      ", Safe(s), st.Value)
		}
	}
	return d.String()
}

// duration shows a lookup time at a useful precision.
func duration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	}
	return d.Round(time.Millisecond / 10).String()
}

// dnsView is the DNS view of a signature: the lookup, then the key record
// it yielded, parsed.
func dnsView(r *dkim.Result, st Styles, width int) string {
	var b strings.Builder
	b.WriteString(DNSTrace(r.DNS, st, width))
	b.WriteString("\n")
	b.WriteString(keyView(r.Key, st, width))
	return b.String()
}

func keyView(k *dkim.Key, st Styles, width int) string {
	d := newDoc(st, width)
	if k == nil {
		d.paraStyled("", "", "No key record was parsed.", st.Muted)
		return d.String()
	}
	typ := Safe(k.Type)
	if k.Bits > 0 {
		typ += fmt.Sprintf(", %d bits", k.Bits)
	}
	d.para("", "", st.Subheading.Render("Key record")+" "+typ)
	if k.Revoked {
		d.para("  ", "  ", st.Error.Render("revoked")+": p= is empty, the domain has withdrawn this key (RFC 6376 section 3.6.1)")
	}
	if k.Testing {
		d.para("  ", "  ", st.Warn.Render("testing")+": t=y, the domain is testing DKIM; verifiers must not treat the message differently because of this signature (RFC 6376 section 3.6.1)")
	}
	if k.Strict {
		d.para("  ", "  ", "t=s: the i= domain must be exactly d=, not a subdomain (RFC 6376 section 3.6.1)")
	}
	if k.Problem != "" {
		d.para("  "+st.Error.Render(st.Glyph("permerror")+" problem:")+" ", "    ", Safe(k.Problem))
	}
	tagList(d, k.Tags)
	return d.String()
}
