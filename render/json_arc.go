package render

import (
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// jsonARC is the ARC chain validation (RFC 8617 section 5.2).
type jsonARC struct {
	Result         string `json:"result,omitempty"`
	Reason         string `json:"reason,omitempty"`
	FailedInstance int    `json:"failed_instance,omitempty"`
	// Checked is false when the chain could not be checked (result
	// temperror: its keys were not looked up) and for no chain at all.
	Checked    bool             `json:"checked"`
	OldestPass int              `json:"oldest_pass"`
	Sets       []jsonARCSet     `json:"sets"`
	Problems   []jsonARCProblem `json:"problems"`
}

type jsonARCSet struct {
	Instance         int       `json:"instance"`
	CV               string    `json:"cv"`
	Seal             *jsonSeal `json:"seal"`
	MessageSignature *jsonDKIM `json:"message_signature"`
	AAR              *jsonAAR  `json:"authentication_results"`
	// Diagnosis is the diagnosis of the set's AMS with the hop that made
	// the change (changed_by); null when the AMS verifies.
	Diagnosis *jsonDiagnosis `json:"diagnosis"`
}

type jsonSeal struct {
	Line       int            `json:"line"`
	Result     string         `json:"result"`
	Reason     string         `json:"reason"`
	Instance   int            `json:"instance"`
	CV         string         `json:"cv"`
	Domain     string         `json:"domain"`
	Selector   string         `json:"selector"`
	Algorithm  string         `json:"algorithm"`
	Timestamp  string         `json:"timestamp,omitempty"`
	HeaderHash jsonHeaderHash `json:"header_hash"`
	Tags       []jsonTag      `json:"tags"`
	DNS        *jsonDNS       `json:"dns"`
	Key        *jsonKey       `json:"key"`
	Notes      []jsonNote     `json:"notes"`
	Field      string         `json:"field"`
}

type jsonAAR struct {
	Line       int    `json:"line"`
	Instance   int    `json:"instance"`
	AuthServID string `json:"authserv_id"`
	Value      string `json:"value"`
}

type jsonARCProblem struct {
	Instance int    `json:"instance,omitempty"`
	Field    string `json:"field,omitempty"`
	Line     int    `json:"line,omitempty"`
	Text     string `json:"text"`
}

// arcJSON maps the ARC result. A report without one (built by hand, or
// by an analysis that did not validate ARC) says "none" only when the
// message has no ARC field, and otherwise claims nothing.
func arcJSON(rep *analyze.Report) jsonARC {
	a := rep.ARC
	if a == nil {
		if countFields(rep, "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results") == 0 {
			return jsonARC{Result: "none", Reason: "no ARC header fields", Sets: []jsonARCSet{}, Problems: []jsonARCProblem{}}
		}
		return jsonARC{Reason: "ARC chain not validated", Sets: []jsonARCSet{}, Problems: []jsonARCProblem{}}
	}
	j := jsonARC{
		Result: string(a.Verdict), Reason: a.Reason, FailedInstance: a.FailedInstance,
		Checked:    a.Verdict != "" && a.Verdict != verdict.None && a.Verdict != verdict.TempError,
		OldestPass: a.OldestPass, Sets: []jsonARCSet{}, Problems: []jsonARCProblem{},
	}
	for _, set := range a.Sets {
		if set == nil {
			continue
		}
		js := jsonARCSet{Instance: set.Instance, CV: set.CV.String(), Seal: sealJSON(set.Seal)}
		if set.MessageSignature != nil {
			d := dkimJSON(set.MessageSignature)
			if d.Diagnosis != nil {
				d.Diagnosis.ChangedBy = arc.ChangedBy(a, set.MessageSignature)
			}
			js.MessageSignature = &d
			js.Diagnosis = d.Diagnosis
		}
		if aar := set.AAR; aar != nil {
			js.AAR = &jsonAAR{aar.Line, aar.Instance, aar.AuthServID, clipped(aar.Value)}
		}
		j.Sets = append(j.Sets, js)
	}
	for _, p := range a.Problems {
		j.Problems = append(j.Problems, jsonARCProblem{p.Instance, p.Field, p.Line, p.Text})
	}
	return j
}

func sealJSON(s *arc.Seal) *jsonSeal {
	if s == nil {
		return nil
	}
	j := &jsonSeal{
		Line: s.Line, Result: string(s.Verdict), Reason: s.Reason, Instance: s.Instance, CV: s.CV.String(),
		Domain: s.Domain, Selector: s.Selector, Algorithm: s.Algorithm,
		HeaderHash: headerJSON(s.Header, s.Header.Detail), Tags: tagsJSON(s.Tags), DNS: dnsJSON(s.DNS),
		Key: keyJSON(s.Key), Notes: []jsonNote{}, Field: clipped(s.Field),
	}
	if s.Timestamp != nil {
		j.Timestamp = s.Timestamp.UTC().Format(time.RFC3339)
	}
	for _, n := range s.Notes {
		j.Notes = append(j.Notes, jsonNote{n.Level.String(), n.Tag, n.Text})
	}
	return j
}
