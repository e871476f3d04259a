package dns

import "context"

// Offline is a Resolver that makes no query at all: every
// lookup is reported as not made, which maps to temperror.
type Offline struct{}

// Lookup returns a trace with Outcome NotMade.
func (Offline) Lookup(_ context.Context, name, qtype string) *Trace {
	return &Trace{
		Query:     trimDot(name),
		Type:      qtype,
		Server:    "offline",
		Transport: "none",
		Outcome:   NotMade,
		Detail:    "not checked: offline, so no DNS query was made",
		Failure:   &Failure{Cause: CauseOffline, Name: trimDot(name), Type: qtype},
	}
}

// Describe says that no resolver is used.
func (Offline) Describe() string { return "offline (no DNS lookups)" }

func trimDot(s string) string {
	if len(s) > 1 && s[len(s)-1] == '.' {
		return s[:len(s)-1]
	}
	return s
}
