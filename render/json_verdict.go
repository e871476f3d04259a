package render

import (
	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/conclusion"
)

// jsonVerdict is the verdict card: the kind, the one-line summary and the
// evidence with pointers to the findings (README: "The verdict").
type jsonVerdict struct {
	Kind     string             `json:"kind"`
	Summary  string             `json:"summary"`
	Evidence []jsonVerdictPiece `json:"evidence"`
}

type jsonVerdictPiece struct {
	Text    string      `json:"text"`
	Cause   string      `json:"cause"`
	Pointer jsonPointer `json:"pointer"`
}

// jsonPointer names a finding: index into "dkim" (from 0), into
// "authentication_results" with claim the index in its "results", hop
// into the Received chain, instance of an ARC set.
type jsonPointer struct {
	Finding  string `json:"finding"`
	Index    *int   `json:"index,omitempty"`
	Claim    *int   `json:"claim,omitempty"`
	Instance int    `json:"instance,omitempty"`
	Field    string `json:"field,omitempty"`
	Line     int    `json:"line,omitempty"`
}

func verdictJSON(rep *analyze.Report) jsonVerdict {
	v := conclusion.Of(rep)
	c := VerdictCard(rep, v)
	j := jsonVerdict{Kind: v.Kind.String(), Summary: c.Summary, Evidence: []jsonVerdictPiece{}}
	for i, e := range c.Evidence {
		p := e.Pointer
		jp := jsonPointer{Finding: string(p.Finding), Instance: p.Instance, Field: p.Field, Line: p.Line}
		if p.Index >= 0 {
			idx := p.Index
			jp.Index = &idx
		}
		if p.Claim >= 0 {
			cl := p.Claim
			jp.Claim = &cl
		}
		j.Evidence = append(j.Evidence, jsonVerdictPiece{Text: e.Text, Cause: v.Evidence[i].Cause.String(), Pointer: jp})
	}
	return j
}
