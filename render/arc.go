package render

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// arcBadge is "ARC ✓ pass 2 hops"; ok is false when the report has no
// ARC validation.
func arcBadge(rep *analyze.Report) (Badge, bool) {
	a := rep.ARC
	if a == nil {
		return Badge{}, false
	}
	b := Badge{Mechanism: "ARC", Single: true}
	if a.Verdict != verdict.None && a.Verdict != "" {
		b.Counts = []Count{{a.Verdict, 1}}
		b.Note = hops(a)
		if a.Verdict == verdict.TempError {
			// A chain whose keys were not looked up was not checked:
			// the badge says so, not just "temperror".
			b.Note += ", not checked"
		}
	}
	return b, true
}

// hops is "1 hop" or "3 hops": the number of ARC sets read.
func hops(a *arc.Result) string {
	n := 0
	for _, s := range a.Sets {
		if s != nil {
			n++
		}
	}
	if n == 1 {
		return "1 hop"
	}
	return fmt.Sprintf("%d hops", n)
}

// ARCChainTitle is the one-line name of a chain: "ARC chain 2 hops".
func ARCChainTitle(chain *arc.Result) string {
	return "ARC chain " + hops(chain)
}

// ARCChain summarizes a chain validation (RFC 8617 section 5.2): the
// result and why, the instance at fault, the oldest-pass value, one line
// per hop (instance, cv, sealer, seal and AMS verdicts, authserv-id) and
// every structural problem.
func ARCChain(chain *arc.Result, st Styles, width int) string {
	d := newDoc(st, width)
	if chain == nil {
		d.paraStyled("", "", "The ARC chain was not validated.", st.Muted)
		return d.String()
	}
	d.para(st.Verdict(chain.Verdict)+"  ", "   ", Safe(chain.Reason))
	// The table first: on a small screen it is what must show.
	if len(chain.Sets) > 0 {
		hopTable(d, chain)
	}
	const lw = 12
	if chain.FailedInstance > 0 {
		d.kv("  ", lw, "at fault", fmt.Sprintf("the set i=%d", chain.FailedInstance), false)
	}
	if chain.Verdict == verdict.Pass {
		d.kv("  ", lw, "oldest-pass", oldestPass(chain), false)
	}
	for _, p := range chain.Problems {
		d.para("  "+st.Warn.Render("! problem")+" ", "      ", problemText(p))
	}
	return d.String()
}

// oldestPass explains the oldest-pass value (RFC 8617 section 5.2 step 5).
func oldestPass(chain *arc.Result) string {
	if chain.OldestPass == 0 {
		return "0: every ARC-Message-Signature still verifies, so no hop changed the message (RFC 8617 section 5.2)"
	}
	return fmt.Sprintf("%d: the ARC-Message-Signatures from i=%d up verify and older ones do not, so hop i=%d changed the message (RFC 8617 section 5.2)", chain.OldestPass, chain.OldestPass, chain.OldestPass)
}

// hopTable writes one line per set: i, cv, sealer d=, seal and AMS
// verdicts as glyphs, and the AAR's authserv-id (on a line of its own when
// the width leaves no room for it).
func hopTable(d *doc, chain *arc.Result) {
	st := d.st
	dw := len("sealer d=")
	for _, s := range chain.Sets {
		if s != nil && s.Seal != nil {
			dw = max(dw, ansi.StringWidth(Safe(s.Seal.Domain)))
		}
	}
	dw = min(dw, 28, max(d.width-40, len("sealer d=")))
	const fixed = 26 // the columns other than d= and authserv-id
	below := fixed+dw+12 > d.width
	head := fmt.Sprintf("  %3s  %-4s  %s  seal  AMS", "i", "cv", pad("sealer d=", dw))
	if !below {
		head += "  authserv-id"
	}
	d.line(st.Label.Render(head))
	mark := func(v verdict.Result, ok bool) string {
		if !ok {
			return st.Error.Render("!") + " "
		}
		return st.Style(v).Render(st.Glyph(v)) + strings.Repeat(" ", max(2-ansi.StringWidth(st.Glyph(v)), 0))
	}
	for _, s := range chain.Sets {
		if s == nil {
			continue
		}
		dom, sv, sok := "-", verdict.Result(""), s.Seal != nil
		if sok {
			dom, sv = orDash(Safe(s.Seal.Domain)), s.Seal.Verdict
		}
		av, aok := verdict.Result(""), s.MessageSignature != nil
		if aok {
			av = s.MessageSignature.Verdict
		}
		id := st.Error.Render("no AAR")
		if s.AAR != nil {
			id = orDash(Safe(s.AAR.AuthServID))
		}
		row := fmt.Sprintf("  %3d  %-4s  %s  %s    %s   ", s.Instance, orDash(ansi.Truncate(Safe(s.CV.String()), 4, "…")), pad(ansi.Truncate(dom, dw, "…"), dw), mark(sv, sok), mark(av, aok))
		if below {
			d.line(row)
			d.para("       by ", "          ", id)
			continue
		}
		d.para(row, strings.Repeat(" ", ansi.StringWidth(row)), id)
	}
}

// arcText is the report's ARC section: the chain summary, then the
// overview of each set.
func arcText(rep *analyze.Report, st Styles, width int) string {
	a := rep.ARC
	if a == nil {
		n := countFields(rep, "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results")
		if n == 0 {
			return ""
		}
		d := newDoc(st, width)
		d.blank()
		d.para("", "", st.Subheading.Render("ARC")+" "+fmt.Sprintf("%d ARC header fields; the chain was not validated.", n))
		return d.String()
	}
	if a.Verdict == verdict.None && len(a.Sets) == 0 {
		return ""
	}
	var b strings.Builder
	d := newDoc(st, width)
	d.blank()
	d.para("", "", st.Subheading.Render(ARCChainTitle(a)))
	b.WriteString(d.String())
	b.WriteString(ARCChain(a, st, width))
	for _, s := range a.Sets {
		if s == nil {
			continue
		}
		h := newDoc(st, width)
		h.blank()
		h.para("", "", st.Subheading.Render(ARCSetTitle(s)))
		b.WriteString(h.String())
		b.WriteString(arcSetOverview(s, a, st, width, false))
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
