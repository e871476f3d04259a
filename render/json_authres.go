package render

import (
	"time"

	"github.com/headerscope/headerscope/analyze"
)

// jsonAuthRes is one Authentication-Results (or ARC-Authentication-
// Results, X-MS-Exchange-Authentication-Results) field and headerscope's
// re-check of each claim in it (RFC 8601).
type jsonAuthRes struct {
	Field       string          `json:"field"`
	Line        int             `json:"line"`
	Position    int             `json:"position"`
	AuthServID  string          `json:"authserv_id"`
	Instance    int             `json:"instance,omitempty"`
	Trusted     bool            `json:"trusted"`
	TrustReason string          `json:"trust_reason"`
	Results     []jsonClaim     `json:"results"`
	Omitted     int             `json:"omitted,omitempty"`
	Problems    []jsonProblemAt `json:"problems"`
	// Decoded is true when the field was RFC 2047-encoded as a whole
	// and was decoded to be read.
	Decoded bool   `json:"decoded,omitempty"`
	Raw     string `json:"raw"`
}

type jsonClaim struct {
	Method      string            `json:"method"`
	Result      string            `json:"result"`
	Reason      string            `json:"reason,omitempty"`
	Properties  map[string]string `json:"properties,omitempty"`
	Explanation string            `json:"explanation"`
	Recheck     jsonRecheck       `json:"recheck"`
	Raw         string            `json:"raw"`
}

type jsonRecheck struct {
	Result      string       `json:"result,omitempty"`
	Status      string       `json:"status"`
	Reason      string       `json:"reason"`
	DKIMIndex   *int         `json:"dkim_index,omitempty"`
	AsOfArrival *jsonArrival `json:"as_of_arrival,omitempty"`
}

type jsonArrival struct {
	When       string `json:"when"`
	Result     string `json:"result"`
	Conclusion string `json:"conclusion"`
}

type jsonProblemAt struct {
	Offset int    `json:"offset"`
	Text   string `json:"text"`
}

// authResJSON maps the re-checked claims. Without a re-check (a report
// built by hand) it lists only where each field is, claiming nothing.
func authResJSON(rep *analyze.Report) []jsonAuthRes {
	out := []jsonAuthRes{}
	if rep.Claims == nil {
		if rep.Message == nil {
			return out
		}
		for _, f := range rep.Message.Header("Authentication-Results") {
			out = append(out, jsonAuthRes{Field: f.Name, Line: f.Line, Results: []jsonClaim{}, Problems: []jsonProblemAt{}, Raw: clipped(f.Text())})
		}
		return out
	}
	for _, e := range rep.Claims.AuthenticationResults {
		j := jsonAuthRes{
			Field: e.Field, Line: e.Line, Position: e.Position, AuthServID: e.AuthServID,
			Instance: e.Instance, Trusted: e.Trusted, TrustReason: e.TrustReason,
			Results: []jsonClaim{}, Omitted: e.Omitted, Problems: []jsonProblemAt{}, Raw: clipped(e.Raw), Decoded: e.Decoded,
		}
		for _, c := range e.Results {
			rc := jsonRecheck{Result: string(c.Recheck.Result), Status: c.Recheck.Status, Reason: c.Recheck.Reason, DKIMIndex: c.Recheck.DKIMIndex}
			if t := c.Recheck.AsOfArrival; t != nil {
				rc.AsOfArrival = &jsonArrival{t.When.UTC().Format(time.RFC3339), string(t.Result), t.Conclusion}
			}
			j.Results = append(j.Results, jsonClaim{c.Method, c.Result, c.Reason, c.Properties, c.Explanation, rc, clipped(c.Raw)})
		}
		for _, p := range e.Problems {
			j.Problems = append(j.Problems, jsonProblemAt{p.Offset, p.Text})
		}
		out = append(out, j)
	}
	return out
}
