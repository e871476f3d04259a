package render

import (
	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
)

// jsonDMARC is headerscope's own DMARC evaluation (RFC 7489) for the
// receiving hop.
type jsonDMARC struct {
	Result     string `json:"result"`
	Reason     string `json:"reason"`
	FromDomain string `json:"from_domain,omitempty"`
	// FromProblem says why there is no From domain; FromLenient how a
	// From field that is not valid RFC 5322 was read; FromUnicode the
	// domain as written when FromDomain is its A-label form; FromLookalike
	// why it may imitate another domain.
	FromProblem   string     `json:"from_problem,omitempty"`
	FromLenient   string     `json:"from_lenient,omitempty"`
	FromUnicode   string     `json:"from_domain_unicode,omitempty"`
	FromLookalike []string   `json:"from_lookalike,omitempty"`
	OrgDomain     string     `json:"org_domain,omitempty"`
	RecordName    string     `json:"record_name,omitempty"`
	Policy        string     `json:"policy,omitempty"`
	Disposition   string     `json:"disposition,omitempty"`
	DNS           []*jsonDNS `json:"dns"`
	Notes         []string   `json:"notes"`
}

// jsonSPF is headerscope's own SPF evaluation (RFC 7208) for the
// receiving hop's connection.
type jsonSPF struct {
	Result    string `json:"result"`
	Reason    string `json:"reason"`
	Identity  string `json:"identity,omitempty"`
	Domain    string `json:"domain,omitempty"`
	Mechanism string `json:"mechanism,omitempty"`
	// Input is the client IP, HELO and MAIL FROM SPF was evaluated for.
	Input jsonSPFInput `json:"input"`
	DNS   []*jsonDNS   `json:"dns"`
}

// policyJSON maps the DMARC and SPF evaluations; nil when not made.
func policyJSON(rep *analyze.Report) (*jsonDMARC, *jsonSPF) {
	var jd *jsonDMARC
	if d := rep.DMARC; d != nil {
		jd = &jsonDMARC{Result: string(d.Verdict), Reason: d.Reason, FromDomain: d.FromDomain,
			FromProblem: d.FromProblem, FromLenient: d.FromLenient, FromUnicode: d.FromUnicode, FromLookalike: d.FromLookalike,
			OrgDomain: d.OrgDomain, RecordName: d.RecordName, Policy: d.Policy.String(),
			Disposition: d.Disposition, DNS: tracesJSON(d.DNS), Notes: nonNil(d.Notes)}
	}
	var js *jsonSPF
	if s := rep.SPF; s != nil {
		js = &jsonSPF{Result: string(s.Verdict), Reason: s.Reason, Identity: s.Identity,
			Domain: s.Domain, Mechanism: s.Mechanism, DNS: tracesJSON(s.DNS)}
		in := s.Input
		js.Input = jsonSPFInput{HELO: in.HELO, HELOSource: in.HELOSource, MailFrom: in.MailFrom, MailFromSource: in.MailFromSource}
		if in.IP.IsValid() {
			js.Input.ClientIP, js.Input.ClientIPSource = in.IP.String(), in.IPSource
		}
	}
	return jd, js
}

func tracesJSON(ts []*dns.Trace) []*jsonDNS {
	out := []*jsonDNS{}
	for _, t := range ts {
		if t != nil {
			out = append(out, dnsJSON(t))
		}
	}
	return out
}
