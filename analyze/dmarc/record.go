package dmarc

import (
	"fmt"
	"strconv"
	"strings"
)

// Tag is one tag=value pair of a DMARC record (RFC 7489 section 6.4), kept
// as written.
type Tag struct {
	Name  string // lower case
	Value string // white space around it removed
	Raw   string // "name=value" as written
	// Offset is the byte offset of Raw in the record.
	Offset int
	// Known is false for a tag RFC 7489 does not define (ignored, section
	// 6.3) and for DMARCbis's np=, which is parsed but not applied.
	Known bool
}

// Policy is what a domain asks receivers to do with mail that fails
// DMARC (RFC 7489 section 6.3, p= and sp=).
type Policy string

// The policies of RFC 7489 section 6.3.
const (
	PolicyNone Policy = "none"       // monitoring only
	Quarantine Policy = "quarantine" // treat as suspicious
	Reject     Policy = "reject"     // refuse the message
)

// String returns the policy as p= writes it.
func (p Policy) String() string { return string(p) }

// Record is a parsed DMARC policy record (RFC 7489 section 6.3). Values
// that are missing or invalid hold the defaults of section 6.3; Problems
// says which were invalid.
type Record struct {
	Raw  string
	Tags []Tag
	// Policy is p=, SubdomainPolicy sp= (p= when absent) and
	// NonexistentPolicy DMARCbis's np= (empty when absent).
	Policy            Policy
	SubdomainPolicy   Policy
	NonexistentPolicy Policy
	// Percent is pct=, 100 by default.
	Percent int
	// DKIMAlignment and SPFAlignment are adkim= and aspf=: "r" (relaxed,
	// the default) or "s" (strict).
	DKIMAlignment string
	SPFAlignment  string
	AggregateURIs []string
	FailureURIs   []string
	FailureOpts   string // fo=, "0" by default
	ReportFormat  string // rf=, "afrf" by default
	Interval      int    // ri=, 86400 by default
	// PolicyValid is false when p= is missing or not none, quarantine or
	// reject (RFC 7489 section 6.6.3 then decides what to do).
	PolicyValid bool
	// Problems lists the tags that could not be used, each in the form
	// `tag "pct": value "200" is not 0-100`.
	Problems []string
}

// Tag returns the first tag named name, or nil.
func (r *Record) Tag(name string) *Tag {
	for i := range r.Tags {
		if r.Tags[i].Name == name {
			return &r.Tags[i]
		}
	}
	return nil
}

// IsDMARC reports whether a TXT record is a DMARC record at all: RFC 7489
// section 6.6.3 step 3 discards records that do not start with "v=DMARC1".
func IsDMARC(txt string) bool {
	t := strings.TrimLeft(txt, " \t")
	if !strings.HasPrefix(t, "v") {
		return false
	}
	t = strings.TrimLeft(t[1:], " \t")
	if !strings.HasPrefix(t, "=") {
		return false
	}
	t = strings.TrimLeft(t[1:], " \t")
	// QUIRK: "v=dmarc1" is accepted, as OpenDMARC does.
	if len(t) < 6 || !strings.EqualFold(t[:6], "DMARC1") {
		return false
	}
	rest := strings.TrimLeft(t[len("DMARC1"):], " \t")
	return rest == "" || rest[0] == ';'
}

// ParseRecord parses a DMARC record leniently: unknown tags are kept and
// ignored, invalid values fall back to their defaults with a Problem, and
// the only error is a record that is not DMARC (v=DMARC1 must come first,
// RFC 7489 section 6.4).
func ParseRecord(txt string) (*Record, error) {
	if !IsDMARC(txt) {
		return nil, fmt.Errorf("dmarc: record %q does not start with \"v=DMARC1\"", clip(txt))
	}
	r := &Record{Raw: txt, Percent: 100, DKIMAlignment: "r", SPFAlignment: "r", FailureOpts: "0", ReportFormat: "afrf", Interval: 86400}
	seen := map[string]bool{}
	off := 0
	for _, part := range strings.Split(txt, ";") {
		start := off
		off += len(part) + 1
		trimmed := strings.TrimSpace(part)
		if trimmed == "" {
			continue
		}
		start += strings.Index(part, trimmed)
		name, value, ok := strings.Cut(trimmed, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		t := Tag{Name: name, Value: strings.TrimSpace(value), Raw: trimmed, Offset: start}
		if !ok || name == "" {
			r.Problems = append(r.Problems, fmt.Sprintf("offset %d: %q is not tag=value", start, clip(trimmed)))
			continue
		}
		if seen[name] {
			// RFC 7489 section 6.3 does not say; the first one wins, as
			// in OpenDMARC.
			r.Problems = append(r.Problems, fmt.Sprintf("tag %q: repeated; the first one is used", name))
			r.Tags = append(r.Tags, t)
			continue
		}
		seen[name] = true
		t.Known = r.apply(name, t.Value)
		r.Tags = append(r.Tags, t)
	}
	if r.SubdomainPolicy == "" {
		r.SubdomainPolicy = r.Policy
	}
	if p := r.Tag("p"); p == nil {
		r.Problems = append(r.Problems, `tag "p": missing; it is required (RFC 7489 section 6.3)`)
	}
	return r, nil
}

// apply stores one tag's value and reports whether the tag is one of RFC
// 7489 section 6.3 (np= counts as unknown there).
func (r *Record) apply(name, v string) bool {
	bad := func(why string) {
		r.Problems = append(r.Problems, fmt.Sprintf("tag %q: value %q %s", name, clip(v), why))
	}
	switch name {
	case "v":
		return true
	case "p":
		if isPolicy(v) {
			r.Policy, r.PolicyValid = Policy(strings.ToLower(v)), true
		} else {
			bad("is not none, quarantine or reject")
		}
	case "sp":
		if isPolicy(v) {
			r.SubdomainPolicy = Policy(strings.ToLower(v))
		} else {
			bad("is not none, quarantine or reject; p= applies to subdomains")
		}
	case "np":
		// DMARCbis (draft-ietf-dmarc-dmarcbis): the policy for
		// non-existent subdomains. Not part of RFC 7489.
		if isPolicy(v) {
			r.NonexistentPolicy = Policy(strings.ToLower(v))
		} else {
			bad("is not none, quarantine or reject")
		}
		return false
	case "pct":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100 {
			bad("is not 0-100; 100 is used")
		} else {
			r.Percent = n
		}
	case "adkim", "aspf":
		lv := strings.ToLower(v)
		if lv != "r" && lv != "s" {
			bad("is not r or s; relaxed is used")
			return true
		}
		if name == "adkim" {
			r.DKIMAlignment = lv
		} else {
			r.SPFAlignment = lv
		}
	case "rua", "ruf":
		var uris []string
		for _, u := range strings.Split(v, ",") {
			if u = strings.TrimSpace(u); u != "" {
				uris = append(uris, u)
			}
		}
		if name == "rua" {
			r.AggregateURIs = uris
		} else {
			r.FailureURIs = uris
		}
	case "fo":
		r.FailureOpts = v
	case "rf":
		r.ReportFormat = v
	case "ri":
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			bad("is not a number of seconds; 86400 is used")
		} else {
			r.Interval = int(n)
		}
	default:
		// RFC 7489 section 6.3: unknown tags MUST be ignored.
		return false
	}
	return true
}

func isPolicy(v string) bool {
	switch Policy(strings.ToLower(v)) {
	case PolicyNone, Quarantine, Reject:
		return true
	}
	return false
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
