package render

import (
	"strconv"
	"time"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
)

// jsonDKIM is one DKIM-Signature field and its verification.
type jsonDKIM struct {
	Index            int      `json:"index"`
	Line             int      `json:"line"`
	Result           string   `json:"result"`
	Reason           string   `json:"reason"`
	Domain           string   `json:"domain"`
	Selector         string   `json:"selector"`
	Algorithm        string   `json:"algorithm"`
	Canonicalization string   `json:"canonicalization"`
	Identity         string   `json:"identity,omitempty"`
	SignedHeaders    []string `json:"signed_headers"`
	// SignedHeadersOmitted counts the h= names past the first
	// dkim.MaxSignedFields, hashed but not listed (as in the text report).
	SignedHeadersOmitted int            `json:"signed_headers_omitted,omitempty"`
	Timestamp            string         `json:"timestamp,omitempty"`
	Expiration           string         `json:"expiration,omitempty"`
	Length               *int64         `json:"length,omitempty"`
	BodyHash             jsonBodyHash   `json:"body_hash"`
	HeaderHash           jsonHeaderHash `json:"header_hash"`
	Tags                 []jsonTag      `json:"tags"`
	DNS                  *jsonDNS       `json:"dns"`
	Key                  *jsonKey       `json:"key"`
	Notes                []jsonNote     `json:"notes"`
	Field                string         `json:"field"`
	// Diagnosis is what changed after signing (null when both halves
	// verify); added in schema 1 without changing any other field.
	Diagnosis *jsonDiagnosis `json:"diagnosis"`
}

type jsonBodyHash struct {
	Status           string `json:"status"`
	Match            *bool  `json:"match"`
	Claimed          string `json:"claimed"`
	Computed         string `json:"computed,omitempty"`
	Canonicalization string `json:"canonicalization"`
	Algorithm        string `json:"algorithm"`
	RawLength        int64  `json:"raw_length"`
	CanonicalLength  int64  `json:"canonical_length"`
	HashedLength     int64  `json:"hashed_length"`
	Unsigned         int64  `json:"unsigned"`
	ClaimedEmpty     bool   `json:"claimed_empty"`
	Detail           string `json:"detail,omitempty"`
}

type jsonHeaderHash struct {
	Status           string            `json:"status"`
	Match            *bool             `json:"match"`
	Claimed          string            `json:"claimed,omitempty"`
	ClaimedNote      string            `json:"claimed_note,omitempty"`
	Computed         string            `json:"computed,omitempty"`
	Canonicalization string            `json:"canonicalization"`
	Algorithm        string            `json:"algorithm"`
	Detail           string            `json:"detail,omitempty"`
	Fields           []jsonSignedField `json:"fields"`
	FieldsOmitted    int               `json:"fields_omitted,omitempty"`
	Signature        jsonSignedField   `json:"signature"`
}

type jsonSignedField struct {
	Name      string `json:"name"`
	Instance  int    `json:"instance"`
	Line      int    `json:"line,omitempty"`
	Raw       string `json:"raw,omitempty"`
	Canonical string `json:"canonical,omitempty"`
}

type jsonTag struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	Raw     string `json:"raw"`
	Offset  int    `json:"offset"`
	Meaning string `json:"meaning,omitempty"`
	Section string `json:"section,omitempty"`
	Problem string `json:"problem,omitempty"`
	Decoded string `json:"decoded,omitempty"`
}

type jsonNote struct {
	Level string `json:"level"`
	Tag   string `json:"tag,omitempty"`
	Text  string `json:"text"`
}

type jsonKey struct {
	Record   string    `json:"record"`
	Type     string    `json:"type"`
	Bits     int       `json:"bits,omitempty"`
	Hashes   []string  `json:"hashes,omitempty"`
	Services []string  `json:"services,omitempty"`
	Flags    []string  `json:"flags,omitempty"`
	Notes    string    `json:"notes,omitempty"`
	Revoked  bool      `json:"revoked"`
	Testing  bool      `json:"testing"`
	Strict   bool      `json:"strict"`
	Problem  string    `json:"problem,omitempty"`
	Tags     []jsonTag `json:"tags"`
}

type jsonDNS struct {
	Query      string       `json:"query"`
	Type       string       `json:"type"`
	Outcome    string       `json:"outcome"`
	Temporary  bool         `json:"temporary"`
	Rcode      string       `json:"rcode,omitempty"`
	Server     string       `json:"server"`
	Transport  string       `json:"transport"`
	CNAMEs     []jsonHop    `json:"cnames"`
	Records    []jsonRecord `json:"records"`
	AD         bool         `json:"ad"`
	Truncated  bool         `json:"truncated"`
	DurationMS float64      `json:"duration_ms"`
	Cached     bool         `json:"cached"`
	Detail     string       `json:"detail,omitempty"`
}

type jsonHop struct {
	From string `json:"from"`
	To   string `json:"to"`
	TTL  uint32 `json:"ttl"`
}

type jsonRecord struct {
	Type    string   `json:"type"`
	TTL     uint32   `json:"ttl"`
	Strings []string `json:"strings,omitempty"`
	Data    string   `json:"data,omitempty"`
	Pref    uint16   `json:"pref,omitempty"`
}

func dkimJSON(r *dkim.Result) jsonDKIM {
	j := jsonDKIM{
		Index:                r.Index,
		Line:                 r.Line,
		Result:               string(r.Verdict),
		Reason:               withFindings(r.Reason, r, strconv.Quote),
		Domain:               r.Domain,
		Selector:             r.Selector,
		Algorithm:            r.Algorithm,
		Canonicalization:     r.Canonicalization,
		Identity:             r.Identity,
		SignedHeaders:        nonNil(r.SignedHeaders),
		SignedHeadersOmitted: r.SignedHeadersOmitted,
		Length:               r.Length,
		BodyHash:             bodyJSON(r.Body, halfDetail(r, dkim.BodyHalf, strconv.Quote)),
		HeaderHash:           headerJSON(r.Header, halfDetail(r, dkim.HeaderHalf, strconv.Quote)),
		Tags:                 tagsJSON(r.Tags),
		DNS:                  dnsJSON(r.DNS),
		Key:                  keyJSON(r.Key),
		Notes:                []jsonNote{},
		Field:                clipped(r.Field),
		Diagnosis:            diagnosisJSON(r.Diagnosis),
	}
	if r.Timestamp != nil {
		j.Timestamp = r.Timestamp.UTC().Format(time.RFC3339)
	}
	if r.Expiration != nil {
		j.Expiration = r.Expiration.UTC().Format(time.RFC3339)
	}
	for _, n := range r.Notes {
		j.Notes = append(j.Notes, jsonNote{n.Level.String(), n.Tag, n.Text})
	}
	return j
}

// match is true or false when the half was checked, null otherwise.
func match(status dkim.Status) *bool {
	var b bool
	switch status {
	case dkim.Match:
		b = true
	case dkim.Mismatch:
	default:
		return nil
	}
	return &b
}

func bodyJSON(b dkim.BodyCheck, detail string) jsonBodyHash {
	return jsonBodyHash{
		Status: b.Status.String(), Match: match(b.Status), Claimed: b.Claimed, Computed: b.Computed,
		Canonicalization: b.Canonicalization.String(), Algorithm: b.Algorithm,
		RawLength: b.RawLength, CanonicalLength: b.CanonicalLength, HashedLength: b.HashedLength,
		Unsigned: b.Unsigned, ClaimedEmpty: b.ClaimedEmpty, Detail: detail,
	}
}

func headerJSON(h dkim.HeaderCheck, detail string) jsonHeaderHash {
	j := jsonHeaderHash{
		Status: h.Status.String(), Match: match(h.Status), Claimed: h.Claimed, ClaimedNote: h.ClaimedNote,
		Computed: h.Computed, Canonicalization: h.Canonicalization.String(), Algorithm: h.Algorithm,
		Detail: detail, Fields: []jsonSignedField{}, FieldsOmitted: h.FieldsOmitted, Signature: signedJSON(h.Signature),
	}
	for _, f := range h.Fields {
		j.Fields = append(j.Fields, signedJSON(f))
	}
	return j
}

func signedJSON(f dkim.SignedField) jsonSignedField {
	return jsonSignedField{f.Name, f.Instance, f.Line, clipped(f.Raw), clipped(f.Canonical)}
}

func tagsJSON(ts []dkim.Tag) []jsonTag {
	out := []jsonTag{}
	for _, t := range ts {
		out = append(out, jsonTag{clipped(t.Name), clipped(t.Value), clipped(t.Raw), t.Offset, t.Meaning, t.Section, clipped(t.Problem), clipped(t.Decoded)})
	}
	return out
}

func keyJSON(k *dkim.Key) *jsonKey {
	if k == nil {
		return nil
	}
	return &jsonKey{
		Record: k.Record, Type: k.Type, Bits: k.Bits, Hashes: k.Hashes, Services: k.Services,
		Flags: k.Flags, Notes: k.Notes, Revoked: k.Revoked, Testing: k.Testing, Strict: k.Strict,
		Problem: k.Problem, Tags: tagsJSON(k.Tags),
	}
}

func dnsJSON(t *dns.Trace) *jsonDNS {
	if t == nil {
		return nil
	}
	j := &jsonDNS{
		Query: t.Query, Type: t.Type, Outcome: string(t.Outcome), Temporary: t.Outcome.Temporary(),
		Rcode: t.Rcode, Server: t.Server, Transport: t.Transport, CNAMEs: []jsonHop{}, Records: []jsonRecord{},
		AD: t.AD, Truncated: t.Truncated, DurationMS: float64(t.Duration.Microseconds()) / 1000,
		Cached: t.Cached, Detail: DNSDetail(t, Styles{}),
	}
	for _, h := range t.CNAMEs {
		j.CNAMEs = append(j.CNAMEs, jsonHop{h.From, h.To, h.TTL})
	}
	for _, r := range t.Records {
		j.Records = append(j.Records, jsonRecord{r.Type, r.TTL, r.Strings, r.Data, r.Pref})
	}
	return j
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
