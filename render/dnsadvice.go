package render

import (
	"fmt"

	"github.com/headerscope/headerscope/analyze/dns"
)

// DNSDetail is a lookup's detail as every output shows it (the text
// report, the JSON "detail" of a lookup, Markdown and the TUI): the
// trace's sentence of fact, then, when the reader can act on the failure,
// what to do about it (DNSAdvice).
func DNSDetail(t *dns.Trace, st Styles) string {
	if t == nil {
		return ""
	}
	a := DNSAdvice(t.Failure, st)
	switch {
	case a == "":
		return t.Detail
	case t.Detail == "":
		return a
	}
	return t.Detail + "; " + a
}

// DNSAdvice words what the reader can do about a failed lookup, or ""
// when nothing would change its answer. analyze says what happened, as a
// dns.Failure; this is the one place that says what to do, and it is
// where a report and the TUI part: a report names the flags of
// `headerscope report`, the TUI its keys and how to start it.
func DNSAdvice(f *dns.Failure, st Styles) string {
	if f == nil {
		return ""
	}
	if st.Interactive {
		return tuiDNSAdvice(f)
	}
	switch f.Cause {
	case dns.CauseTimeout, dns.CauseUnusable, dns.CauseOddRcode:
		return "try again or use --resolver"
	case dns.CauseServFail:
		return "try again later or use --resolver"
	case dns.CauseRefused:
		return "use --resolver to pick another resolver"
	case dns.CauseOffline:
		return "give --dns-zone FILE, or leave out --offline, to check this record"
	case dns.CauseLimit:
		return "raise the limit with --max-lookups"
	case dns.CauseTimeUp:
		return "raise it with --timeout"
	}
	return ""
}

// tuiDNSAdvice is DNSAdvice for the TUI. A live resolver keeps its answers
// for the whole session, so r does not ask again: a new session does.
func tuiDNSAdvice(f *dns.Failure) string {
	switch f.Cause {
	case dns.CauseTimeout, dns.CauseUnusable, dns.CauseOddRcode, dns.CauseServFail:
		return "try again in a new session, or start headerscope with --resolver ADDR to ask another resolver"
	case dns.CauseRefused:
		return "start headerscope with --resolver ADDR to ask another resolver"
	case dns.CauseOffline:
		return "L looks keys up live, unless the command line chose how DNS is answered"
	case dns.CauseLimit:
		return fmt.Sprintf("headerscope report --max-lookups allows more than %d", f.Limit)
	case dns.CauseTimeUp:
		return fmt.Sprintf("headerscope report --timeout allows more than %s", f.Wait)
	}
	return ""
}
