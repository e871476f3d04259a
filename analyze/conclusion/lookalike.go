package conclusion

import (
	"net/netip"
	"strings"
)

// lookalikes lists the names in the message that imitate the From domain:
// the HELO and reverse DNS name of the client at the receiving boundary,
// the MAIL FROM domain, and the d= of each verified signature that does
// not align. imitates below is the plain-ASCII rule for those names; the
// From domain itself imitating another (IDN look-alikes) is analyze/dmarc's
// finding, read by fromLookalike.
func (f *facts) lookalikes() []Evidence {
	var out []Evidence
	seen := map[string]bool{}
	add := func(host, field string, p Pointer) {
		h := strings.TrimSuffix(strings.ToLower(host), ".")
		if h == "" || seen[h] || !imitates(h, f.from) {
			return
		}
		seen[h] = true
		out = append(out, Evidence{Cause: Lookalike, Primary: true, Host: h, Field: field, Domain: f.from, Pointer: p})
	}
	if h := f.rep.Received.Boundary(); h != nil {
		p := Pointer{Finding: FindingReceived, Index: h.Index, Claim: -1, Field: "Received", Line: h.Line}
		add(h.HELO, "HELO", p)
		add(h.ReverseName, "reverse DNS", p)
		if h.HELO == "" && h.ReverseName == "" {
			add(h.From, "HELO", p)
		}
	}
	if s := f.spf(); s != nil && s.Input.MailFrom != "" {
		add(domainOf(s.Input.MailFrom), "MAIL FROM", Pointer{Finding: FindingSPF, Index: -1, Claim: -1})
	}
	for _, r := range f.unaligns {
		add(r.Domain, "DKIM d=", dkimPointer(r))
	}
	return out
}

// imitates reports whether host, outside the From domain's Organizational
// Domain, carries that Organizational Domain in a form a reader takes for
// it: as a run of its labels ("bank.example.evil.test"), or as one label
// with the dots turned into hyphens or dropped ("mail.bank-example.test",
// "bankexample.test"). Single-label Organizational Domains are left out,
// and so are address literals.
func imitates(host, from string) bool {
	if from == "" {
		return false
	}
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return false
	}
	org := orgs.OrgDomain(from)
	hostOrg := orgs.OrgDomain(host)
	if org == "" || hostOrg == "" || hostOrg == org {
		return false
	}
	want := strings.Split(org, ".")
	if len(want) < 2 {
		return false
	}
	labels := strings.Split(host, ".")
	hyphen, joined := strings.Join(want, "-"), strings.Join(want, "")
	for i, l := range labels {
		if l == hyphen || l == joined {
			return true
		}
		if i+len(want) <= len(labels) && strings.Join(labels[i:i+len(want)], ".") == org {
			return true
		}
	}
	return false
}

// fromLookalike is the From domain's own look-alike flags, as analyze/dmarc
// found them (from_lookalike, from_domain_unicode in the JSON): one piece
// of evidence per reason, pointing at the From field.
func (f *facts) fromLookalike() []Evidence {
	if f.dm == nil || len(f.dm.FromLookalike) == 0 {
		return nil
	}
	p := Pointer{Finding: FindingDMARC, Index: -1, Claim: -1}
	if m := f.rep.Message; m != nil {
		if fs := m.Header("From"); len(fs) > 0 {
			p = Pointer{Finding: FindingHeaderField, Index: -1, Claim: -1, Field: "From", Line: fs[0].Line}
		}
	}
	var out []Evidence
	for _, why := range f.dm.FromLookalike {
		out = append(out, Evidence{Cause: FromLookalike, Primary: true, Domain: f.from, Host: f.dm.FromUnicode, Detail: why, Pointer: p})
	}
	return out
}
