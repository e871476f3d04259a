package render

import "github.com/headerscope/headerscope/analyze/dkim"

// jsonDiagnosis is what changed after a signature was made.
type jsonDiagnosis struct {
	// Header and Body: "explained", "suspected", "unexplained", or
	// omitted when that half verified.
	Header      string        `json:"header,omitempty"`
	Body        string        `json:"body,omitempty"`
	Findings    []jsonFinding `json:"findings"`
	TriedHeader []string      `json:"tried_header"`
	TriedBody   []string      `json:"tried_body"`
	Candidates  int           `json:"candidates"`
	BytesHashed int64         `json:"bytes_hashed"`
	CutShort    string        `json:"cut_short,omitempty"`
	// ChangedBy is, for an ARC set, the instance of the hop that changed
	// the message after this one signed it (0: not known, or after the
	// newest hop).
	ChangedBy int `json:"changed_by,omitempty"`
}

type jsonFinding struct {
	Kind         string `json:"kind"`
	Status       string `json:"status"` // "verified" or "suspected"
	Half         string `json:"half"`   // "header" or "body"
	Field        string `json:"field,omitempty"`
	FieldLine    int    `json:"field_line,omitempty"`
	FirstLine    int    `json:"first_line,omitempty"`
	LastLine     int    `json:"last_line,omitempty"`
	Added        string `json:"added,omitempty"`
	Removed      string `json:"removed,omitempty"`
	Evidence     string `json:"evidence,omitempty"`
	RepairedHash string `json:"repaired_hash,omitempty"`
	// Changes are the received lines a verified finding undid and the
	// same lines in the repaired copy that verified.
	Changes []jsonChange `json:"changes,omitempty"`
}

type jsonChange struct {
	Line     int    `json:"line"`
	Received string `json:"received"`
	Repaired string `json:"repaired"`
	Clipped  bool   `json:"clipped,omitempty"`
}

func diagnosisJSON(d *dkim.Diagnosis) *jsonDiagnosis {
	if d == nil {
		return nil
	}
	j := &jsonDiagnosis{
		Header: d.Header.String(), Body: d.Body.String(), Findings: []jsonFinding{},
		TriedHeader: familiesJSON(d.TriedHeader), TriedBody: familiesJSON(d.TriedBody),
		Candidates: d.Candidates, BytesHashed: d.Bytes, CutShort: d.CutShort,
	}
	for _, f := range d.Findings {
		j.Findings = append(j.Findings, jsonFinding{
			Kind: f.Kind.String(), Status: f.Status.String(), Half: f.Half.String(), Field: f.Field, FieldLine: f.FieldLine,
			FirstLine: f.FirstLine, LastLine: f.LastLine, Added: f.Added, Removed: f.Removed,
			Evidence: f.Evidence, RepairedHash: f.RepairedHash, Changes: changesJSON(f.Changes),
		})
	}
	return j
}

func changesJSON(cs []dkim.Change) []jsonChange {
	if len(cs) == 0 {
		return nil
	}
	out := make([]jsonChange, len(cs))
	for i, c := range cs {
		out[i] = jsonChange{Line: c.Line, Received: c.Received, Repaired: c.Repaired, Clipped: c.Clipped}
	}
	return out
}

// familiesJSON lists the families searched, [] when none.
func familiesJSON(fs []dkim.Family) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.String()
	}
	return out
}
