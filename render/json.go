package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/arc"
)

// SchemaVersion is the "schema" field of every JSON report. It changes
// only when a key is removed or changes meaning; new keys may be added
// without a change.
const SchemaVersion = 1

// JSON writes the report of one message as one JSON object on one line,
// so that reports of several messages form JSON Lines. The schema is
// defined here, not by the analysis types, and documented in README.md.
//
// Strings are escaped per RFC 8259 by encoding/json (control characters
// as \u00XX, invalid UTF-8 as U+FFFD, U+2028 and U+2029 as \u2028,
// \u2029). HTML escaping is off: the output is not meant for a web page,
// and "<alice@example.com>" should read as written. In addition every
// character that Safe would escape (C1 controls, bidirectional and
// zero-width characters) is written as a \uXXXX escape, so that printing
// the JSON on a terminal is as harmless as printing the text report.
func JSON(w io.Writer, rep *analyze.Report, name string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(toJSON(rep, name)); err != nil {
		return fmt.Errorf("render: encoding the report of %q: %w", name, err)
	}
	_, err := w.Write(escapeInvisible(buf.Bytes()))
	return err
}

// escapeInvisible rewrites dangerous runes as \uXXXX escapes. JSON
// structure is ASCII, so such runes can only be inside strings, where an
// escape means the same character.
func escapeInvisible(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		if b[i] == 0x7f {
			// encoding/json leaves DEL alone; RFC 8259 allows escaping it.
			if out == nil {
				out = append(make([]byte, 0, len(b)+32), b[:i]...)
			}
			out = append(out, `\u007f`...)
			i++
			continue
		}
		if b[i] < utf8.RuneSelf {
			if out != nil {
				out = append(out, b[i])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if dangerous(r) {
			if out == nil {
				out = append(make([]byte, 0, len(b)+32), b[:i]...)
			}
			if r > 0xFFFF {
				r1, r2 := surrogates(r)
				out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
		} else if out != nil {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return b
	}
	return out
}

func surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xD800 + (r>>10)&0x3FF, 0xDC00 + r&0x3FF
}

// jsonReport is the JSON form of one message's analysis. Its field tags,
// and those of the structs it holds, are the JSON schema (version
// SchemaVersion) that README.md documents.
type jsonReport struct {
	Schema           int           `json:"schema"`
	File             string        `json:"file"`
	Verdict          jsonVerdict   `json:"verdict"`
	Summary          jsonSummary   `json:"summary"`
	Size             int           `json:"size"`
	HeadersOnly      bool          `json:"headers_only"`
	LineEnds         jsonLineEnds  `json:"line_ends"`
	Problems         []jsonProblem `json:"problems"`
	Resolver         string        `json:"resolver"`
	Now              string        `json:"now"`
	DKIM             []jsonDKIM    `json:"dkim"`
	DKIMNotEvaluated int           `json:"dkim_not_evaluated"`
	ARC              jsonARC       `json:"arc"`
	AuthResults      []jsonAuthRes `json:"authentication_results"`
	// AuthResultsOmitted counts result fields past recheck.MaxEntries.
	AuthResultsOmitted int           `json:"authentication_results_omitted,omitempty"`
	DMARC              *jsonDMARC    `json:"dmarc"`
	SPF                *jsonSPF      `json:"spf"`
	Received           *jsonReceived `json:"received,omitempty"`
}

type jsonSummary struct {
	From      string `json:"from"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	Date      string `json:"date"`
	MessageID string `json:"message_id"`
	// FromText and SubjectText have RFC 2047 encoded-words decoded.
	FromText    string `json:"from_text"`
	SubjectText string `json:"subject_text"`
	// Unsigned lists the shown fields (the topmost From, Subject, Date,
	// To, Reply-To) no passing signature covers while it covers another
	// instance of the same name.
	Unsigned []jsonUnsigned `json:"unsigned,omitempty"`
}

type jsonLineEnds struct {
	CRLF   int `json:"crlf"`
	BareLF int `json:"bare_lf"`
	BareCR int `json:"bare_cr"`
}

type jsonUnsigned struct {
	Name       string `json:"name"`
	Line       int    `json:"line"`
	SignedLine int    `json:"signed_line"`
	Domain     string `json:"domain"`
	Shown      string `json:"shown"`
	Signed     string `json:"signed"`
	Text       string `json:"text"`
}

type jsonProblem struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

func toJSON(rep *analyze.Report, name string) jsonReport {
	s := rep.Summary
	j := jsonReport{
		Schema:  SchemaVersion,
		File:    name,
		Verdict: verdictJSON(rep),
		Summary: jsonSummary{From: s.From, To: s.To, Subject: s.Subject, Date: s.Date, MessageID: s.MessageID,
			FromText: s.FromText, SubjectText: s.SubjectText},
		Size:             rep.Size,
		HeadersOnly:      rep.HeadersOnly,
		LineEnds:         jsonLineEnds{rep.LineEnds.CRLF, rep.LineEnds.BareLF, rep.LineEnds.BareCR},
		Problems:         []jsonProblem{},
		Resolver:         rep.Resolver,
		DKIM:             []jsonDKIM{},
		DKIMNotEvaluated: rep.DKIMNotEvaluated,
		ARC:              arcJSON(rep),
		AuthResults:      authResJSON(rep),
	}
	for _, u := range rep.Unsigned {
		j.Summary.Unsigned = append(j.Summary.Unsigned, jsonUnsigned{u.Name, u.Line, u.SignedLine, u.Domain, u.Shown, u.Signed, u.Text})
	}
	j.DMARC, j.SPF = policyJSON(rep)
	if rep.Claims != nil {
		j.AuthResultsOmitted = rep.Claims.EntriesOmitted
	}
	j.Received = receivedJSON(rep)
	if !rep.Now.IsZero() {
		j.Now = rep.Now.UTC().Format(time.RFC3339)
	}
	for _, p := range rep.Problems {
		j.Problems = append(j.Problems, jsonProblem{p.Line, p.Text})
	}
	for _, r := range rep.DKIM {
		if r != nil {
			d := dkimJSON(r)
			if d.Diagnosis != nil {
				d.Diagnosis.ChangedBy = arc.ChangedBy(rep.ARC, r)
			}
			j.DKIM = append(j.DKIM, d)
		}
	}
	return j
}
