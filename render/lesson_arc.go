package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// ARCLesson walks through the ARC chain of rep as a receiver validates it
// (RFC 8617 section 5.2): the chain's sets, then each hop from the oldest
// (its ARC-Authentication-Results, ARC-Message-Signature and ARC-Seal and
// the cv= it wrote), then the chain's verdict. Step i is hop i=i.
func ARCLesson(rep *analyze.Report, st Styles, width int) Lesson {
	chain := rep.ARC
	l := Lesson{Title: "ARC chain", Stages: []string{"chain"}}
	if chain == nil {
		l.Steps = []LessonStep{{Title: "No ARC chain", Text: "The message has no ARC field: there is no chain to validate.\n"}}
		return l
	}
	l.Title = ARCChainTitle(chain)
	l.Steps = append(l.Steps, LessonStep{Title: "The sets of the chain", Text: lessonChain(chain, st, width)})
	for _, s := range chain.Sets {
		if s == nil {
			continue
		}
		l.Stages = append(l.Stages, fmt.Sprintf("i=%d", s.Instance))
		l.Steps = append(l.Steps, LessonStep{
			Title: fmt.Sprintf("Hop i=%d: AAR, AMS, AS", s.Instance),
			Stage: len(l.Stages) - 1,
			Text:  lessonHop(s, chain, st, width),
		})
	}
	l.Stages = append(l.Stages, "verdict")
	l.Steps = append(l.Steps, LessonStep{Title: "The chain's verdict", Stage: len(l.Stages) - 1, Text: lessonChainVerdict(chain, st, width)})
	return l
}

func lessonChain(chain *arc.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "Each hop that handles the message (a mailing list, a forwarder) adds one ARC set: three fields sharing an instance i=, from 1 at the first hop. The ARC-Authentication-Results (AAR) records what the hop found, the ARC-Message-Signature (AMS) signs the message as it left the hop, and the ARC-Seal (AS) signs the sets so far (RFC 8617 section 4.1). The receiver collects the sets by i= and checks that they run 1, 2, … with no gap (section 5.2 steps 1 and 2).")
	d.kv("  ", 6, "sets", fmt.Sprintf("%d, %s", len(chain.Sets), hops(chain)), false)
	d.blank()
	if len(chain.Sets) > 0 {
		hopTable(d, chain)
	}
	for _, p := range chain.Problems {
		d.para("  "+st.Warn.Render("! problem")+" ", "      ", problemText(p))
	}
	return d.String()
}

// lessonHop is one hop: what it saw, what it signed, what it sealed, and
// whether its cv= is the one the chain needs at its place.
func lessonHop(s *arc.Set, chain *arc.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, fmt.Sprintf("Hop i=%d added three fields. The receiver verifies the AMS as a DKIM signature and the AS over every ARC field of sets 1 to %d (RFC 8617 section 5.2 steps 3 to 6).", s.Instance, s.Instance))
	d.para("", "", st.Subheading.Render("ARC-Authentication-Results")+" "+st.Muted.Render("(RFC 8617 section 4.1.1)"))
	aarLines(d, s.AAR, 4)
	d.blank()
	d.para("", "", st.Subheading.Render("ARC-Message-Signature")+" "+st.Muted.Render("the message as it left this hop (section 4.1.2)"))
	if m := s.MessageSignature; m != nil {
		d.para("  "+st.Verdict(m.Verdict)+" ", "    ", fmt.Sprintf("d=%s s=%s (line %d): %s", Safe(m.Domain), Safe(m.Selector), m.Line, Safe(m.Reason)))
		d.kv("    ", 9, "body", checkLine(st, m.Body.Status, BodyDetail(m.Body)), false)
		d.kv("    ", 9, "header", checkLine(st, m.Header.Status, m.Header.Detail), false)
	} else {
		d.paraStyled("  ", "  ", "missing", st.Error)
	}
	d.blank()
	d.para("", "", st.Subheading.Render("ARC-Seal")+" "+st.Muted.Render("the seal over the chain so far, relaxed canonicalization (section 4.1.3, 5.1.1)"))
	if se := s.Seal; se != nil {
		d.para("  "+st.Verdict(se.Verdict)+" ", "    ", fmt.Sprintf("d=%s s=%s (line %d): %s", Safe(se.Domain), Safe(se.Selector), se.Line, Safe(se.Reason)))
		var in []string
		for _, f := range se.Header.Fields {
			if f.Instance > 0 {
				in = append(in, fmt.Sprintf("%s i=%d", Safe(f.Name), f.Instance))
			}
		}
		in = append(in, "this seal with b= emptied")
		d.kv("    ", 9, "hashes", strings.Join(in, ", "), false)
		d.kv("    ", 9, "b=", checkLine(st, se.Header.Status, se.Header.Detail), false)
	} else {
		d.paraStyled("  ", "  ", "missing", st.Error)
	}
	d.blank()
	want := arc.CVPass
	if s.Instance == 1 {
		want = arc.CVNone
	}
	d.para("", "", st.Subheading.Render("cv=")+" "+st.Muted.Render("what this hop says of the chain before it (section 4.1.3)"))
	mark := st.Pass.Render(st.Glyph(verdict.Pass))
	if s.CV != want {
		mark = st.Fail.Render(st.Glyph(verdict.Fail))
	}
	d.para("  "+mark+" ", "    ", fmt.Sprintf("cv=%s, and at i=%d the chain needs cv=%s (the first hop has no chain before it; every later hop must have found it valid, section 5.2 step 4): %s", orDash(Safe(string(s.CV))), s.Instance, want, cvMeaning(s.CV)))
	if h := hopChange(s, chain); h != "" {
		d.kv("  ", 4, "hop", h, false)
	}
	for _, p := range chain.Problems {
		if p.Instance == s.Instance {
			d.para("  "+st.Warn.Render("! problem")+" ", "      ", problemText(p))
		}
	}
	return d.String()
}

func lessonChainVerdict(chain *arc.Result, st Styles, width int) string {
	d := lessonDoc(st, width)
	lead(d, "The chain passes when the sets are complete and numbered without gap, the first cv= is none and every later one pass, every AS verifies and the newest AMS verifies (RFC 8617 section 5.2). Older AMSs may fail: each hop may change the message, and oldest-pass says from which hop on it did not.")
	d.para(st.Verdict(chain.Verdict)+"  ", "   ", Safe(chain.Reason))
	if chain.FailedInstance > 0 {
		d.kv("  ", 12, "at fault", fmt.Sprintf("the set i=%d", chain.FailedInstance), false)
	}
	if chain.Verdict == verdict.Pass {
		d.kv("  ", 12, "oldest-pass", oldestPass(chain), false)
	}
	return d.String()
}
