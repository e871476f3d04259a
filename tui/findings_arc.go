package tui

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/verdict"
	"github.com/headerscope/headerscope/render"
)

// arcChainFinding is the ARC chain as a whole (RFC 8617 section 5.2): its
// overview is the chain summary, its other views those of every set.
type arcChainFinding struct{ chain *arc.Result }

func (f arcChainFinding) FilterValue() string {
	return "arc chain " + string(f.chain.Verdict) + " " + f.chain.Reason
}

func (f arcChainFinding) label() string {
	return render.ARCChainTitle(f.chain) + " " + render.Safe(f.chain.Reason)
}

func (f arcChainFinding) result() verdict.Result { return f.chain.Verdict }

func (f arcChainFinding) supports(render.View) bool { return len(f.chain.Sets) > 0 }

func (f arcChainFinding) detail(v render.View, st render.Styles, width int) string {
	if v == render.ViewOverview {
		return render.ARCChain(f.chain, st, width)
	}
	var b strings.Builder
	for _, s := range f.chain.Sets {
		if s == nil {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(st.Heading.Render("━━ "+render.ARCSetTitle(s)+" ━━") + "\n")
		b.WriteString(render.ARCSet(s, f.chain, v, st, width))
	}
	return b.String()
}

func (f arcChainFinding) copyValue(v render.View) (string, string) {
	if v == render.ViewOverview {
		return fmt.Sprintf("ARC chain: %s (%s)", f.chain.Verdict, f.chain.Reason), "the chain verdict"
	}
	var b strings.Builder
	for _, s := range f.chain.Sets {
		if s != nil {
			b.WriteString(setFields(s))
		}
	}
	return b.String(), "every ARC field"
}

// arcSetFinding is one ARC set: seal, message signature and AAR.
type arcSetFinding struct {
	set   *arc.Set
	chain *arc.Result
}

func (f arcSetFinding) FilterValue() string {
	s := f.set
	parts := []string{"arc set", fmt.Sprintf("i=%d", s.Instance), "cv=" + s.CV.String()}
	if s.Seal != nil {
		parts = append(parts, s.Seal.Domain, string(s.Seal.Verdict), s.Seal.Reason)
	}
	if s.AAR != nil {
		parts = append(parts, s.AAR.AuthServID)
	}
	return strings.Join(parts, " ")
}

func (f arcSetFinding) label() string {
	s := f.set
	t := render.ARCSetTitle(s) + " cv=" + render.Safe(s.CV.String())
	if m := s.MessageSignature; m != nil {
		t += " AMS " + string(m.Verdict)
	}
	if s.Seal != nil {
		t += ": " + render.Safe(s.Seal.Reason)
	}
	return t
}

// result is the seal's verdict: the seal is what vouches for the set.
func (f arcSetFinding) result() verdict.Result {
	if f.set.Seal == nil {
		return verdict.PermError
	}
	return f.set.Seal.Verdict
}

func (f arcSetFinding) supports(render.View) bool { return true }

func (f arcSetFinding) detail(v render.View, st render.Styles, width int) string {
	return render.ARCSet(f.set, f.chain, v, st, width)
}

func (f arcSetFinding) copyValue(v render.View) (string, string) {
	s := f.set
	se := s.Seal
	switch v {
	case render.ViewCanonicalization:
		if se == nil {
			break
		}
		var b strings.Builder
		for _, sf := range se.Header.Fields {
			b.WriteString(sf.Canonical)
		}
		b.WriteString(se.Header.Signature.Canonical)
		return b.String(), "the canonical seal input"
	case render.ViewHashes:
		if se == nil {
			break
		}
		out := fmt.Sprintf("seal %s signed %s\nseal %s computed %s\n", se.Header.Algorithm, se.Header.Claimed, se.Header.Algorithm, se.Header.Computed)
		if m := s.MessageSignature; m != nil {
			out += fmt.Sprintf("AMS bh claimed %s\nAMS bh computed %s\n", m.Body.Claimed, m.Body.Computed)
		}
		return out, "the hashes"
	case render.ViewDNS:
		if se == nil || se.DNS == nil {
			break
		}
		var b strings.Builder
		b.WriteString(se.DNS.Query + " " + se.DNS.Type)
		for _, rec := range se.DNS.TXT() {
			b.WriteString("\n" + rec.Text())
		}
		return b.String(), "the seal's DNS query and its TXT records"
	case render.ViewOverview:
		return fmt.Sprintf("ARC set i=%d cv=%s", s.Instance, s.CV), "the set"
	}
	return setFields(s), "the set's three raw fields"
}

// setFields is the raw text of a set's fields, seal first.
func setFields(s *arc.Set) string {
	var b strings.Builder
	if s.Seal != nil {
		b.WriteString(s.Seal.Field)
	}
	if s.MessageSignature != nil {
		b.WriteString(s.MessageSignature.Field)
	}
	if s.AAR != nil {
		b.WriteString(s.AAR.Raw)
	}
	return b.String()
}
