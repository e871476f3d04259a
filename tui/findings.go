package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/list"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
)

// finding is one row of the findings list: a DKIM signature, the ARC chain
// or one of its sets, an Authentication-Results entry, DMARC, SPF or the
// Received chain. Adding a kind means one type with these methods and one
// line in findingsOf.
type finding interface {
	list.Item
	// label is the row text, already made safe for the terminal.
	label() string
	// result is the verdict, for the row's glyph; "" when there is none.
	result() verdict.Result
	// supports reports whether view v means anything for this finding.
	supports(v render.View) bool
	// detail renders view v at width.
	detail(v render.View, st render.Styles, width int) string
	// copyValue is what y copies in view v, and a few words saying what it is.
	copyValue(v render.View) (value, what string)
}

// findingsOf lists the findings of a report, in the order of the header.
func findingsOf(rep *analyze.Report) []list.Item {
	var items []list.Item
	// The verdict card first: the conclusion is the first thing on a
	// message's screen, and showDoc starts on it.
	items = append(items, newCardFinding(rep))
	if rep.Message != nil && len(rep.Message.Fields) > 0 {
		items = append(items, timelineFinding{rep: rep})
	}
	if len(rep.Problems) > 0 || len(rep.DKIM) == 0 || rep.DKIMNotEvaluated > 0 {
		items = append(items, messageFinding{rep: rep})
	}
	for _, r := range rep.DKIM {
		if r != nil {
			items = append(items, dkimFinding{r: r})
		}
	}
	if a := rep.ARC; a != nil && (a.Verdict != verdict.None || len(a.Sets) > 0) {
		items = append(items, arcChainFinding{chain: a})
		for _, s := range a.Sets {
			if s != nil {
				items = append(items, arcSetFinding{set: s, chain: a})
			}
		}
	}
	if c := rep.Claims; c != nil {
		for _, e := range c.AuthenticationResults {
			items = append(items, claimFinding{e: e})
		}
	}
	if rep.DMARC != nil {
		items = append(items, dmarcFinding{r: rep.DMARC})
	}
	if rep.SPF != nil {
		items = append(items, spfFinding{r: rep.SPF})
	}
	if c := rep.Received; c != nil && len(c.Hops) > 0 {
		items = append(items, receivedFinding{rep: rep})
	}
	return items
}

// marker is a finding whose row shows its own mark (an entry's trust)
// where other rows show a verdict.
type marker interface {
	mark(st render.Styles) string
}

// dkimFinding is one DKIM-Signature (or ARC-Message-Signature) result.
type dkimFinding struct{ r *dkim.Result }

func (f dkimFinding) FilterValue() string {
	return strings.Join([]string{string(f.r.Kind), string(f.r.Verdict), f.r.Domain, f.r.Selector, f.r.Algorithm, render.DKIMReason(f.r)}, " ")
}

func (f dkimFinding) label() string {
	name := "DKIM"
	if f.r.Kind == dkim.KindAMS {
		name = fmt.Sprintf("ARC-MS i=%d", f.r.Instance)
	}
	return fmt.Sprintf("%s d=%s s=%s %s", name, render.Safe(f.r.Domain), render.Safe(f.r.Selector), render.Safe(render.DKIMReason(f.r)))
}

func (f dkimFinding) result() verdict.Result { return f.r.Verdict }

func (f dkimFinding) supports(render.View) bool { return true }

func (f dkimFinding) detail(v render.View, st render.Styles, width int) string {
	return render.DKIM(f.r, v, st, width)
}

func (f dkimFinding) copyValue(v render.View) (string, string) {
	r := f.r
	switch v {
	case render.ViewCanonicalization:
		var b strings.Builder
		for _, sf := range r.Header.Fields {
			b.WriteString(sf.Canonical)
		}
		b.WriteString(r.Header.Signature.Canonical)
		if n := r.Header.FieldsOmitted; n > 0 {
			return b.String(), fmt.Sprintf("the canonical header input without the %d h= entries not kept", n)
		}
		return b.String(), "the canonical header input"
	case render.ViewHashes:
		return fmt.Sprintf("bh claimed %s\nbh computed %s\nheader %s claimed %s\nheader %s computed %s\n",
			r.Body.Claimed, r.Body.Computed, r.Header.Algorithm, r.Header.Claimed, r.Header.Algorithm, r.Header.Computed), "the hashes"
	case render.ViewDNS:
		if r.DNS == nil {
			return "", ""
		}
		var b strings.Builder
		b.WriteString(r.DNS.Query + " " + r.DNS.Type)
		for _, rec := range r.DNS.TXT() {
			b.WriteString("\n" + rec.Text())
		}
		return b.String(), "the DNS query and its TXT records"
	case render.ViewTags, render.ViewRaw:
		return r.Field, "the raw " + string(r.Kind) + " field"
	}
	return fmt.Sprintf("%s d=%s s=%s: %s (%s)", r.Kind, r.Domain, r.Selector, r.Verdict, render.DKIMReason(r)), "the verdict"
}

// messageFinding is about the message as a whole: what was tolerated while
// reading it, or the absence of anything to verify.
type messageFinding struct{ rep *analyze.Report }

func (f messageFinding) FilterValue() string { return "message " + f.label() }

// label is the row: the message-wide findings in the words of the
// report's notes (render.MessageLine).
func (f messageFinding) label() string { return render.MessageLine(f.rep) }

func (f messageFinding) result() verdict.Result {
	if len(f.rep.DKIM) == 0 {
		return verdict.None
	}
	return ""
}

func (f messageFinding) supports(v render.View) bool {
	return v == render.ViewOverview || v == render.ViewRaw
}

func (f messageFinding) detail(v render.View, st render.Styles, width int) string {
	rep := f.rep
	if v == render.ViewRaw {
		if rep.Message == nil {
			return ""
		}
		var b strings.Builder
		for _, fl := range rep.Message.Fields {
			// Clipped: a 20 MB field must not freeze the view (issue 12, B10).
			b.WriteString(render.Safe(render.Clip(fl.Text(), render.MaxShown)) + "\n")
		}
		return b.String()
	}
	// The notes as the report words them (render.MessageNotes).
	return render.Summary(rep, st, width) + "\n" + render.MessageNotesText(rep, st, width)
}

func (f messageFinding) copyValue(v render.View) (string, string) {
	if v == render.ViewRaw && f.rep.Message != nil {
		var b strings.Builder
		for _, fl := range f.rep.Message.Fields {
			b.Write(fl.Raw)
		}
		return b.String(), "the raw header block"
	}
	return f.label(), "the finding"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
