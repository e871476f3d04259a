package authres

import (
	"fmt"
	"strings"
	"testing"
)

// summarize renders the parsed structure one fact a line, without offsets,
// in the form the "--- want" part of testdata/samples/*.txt is written.
func summarize(instance int, arc bool, h *Header) string {
	var b strings.Builder
	if arc {
		fmt.Fprintf(&b, "instance %d\n", instance)
	}
	if h.AuthServIDOffset >= 0 {
		fmt.Fprintf(&b, "id %q\n", h.AuthServID)
	}
	if h.Version != "" {
		fmt.Fprintf(&b, "version %q\n", h.Version)
	}
	for _, c := range h.Comments {
		fmt.Fprintf(&b, "comment %q\n", c)
	}
	if h.None {
		b.WriteString("none\n")
	}
	for _, r := range h.Results {
		m := r.Method
		if r.MethodVersion != "" {
			m += "/" + r.MethodVersion
		}
		fmt.Fprintf(&b, "result %s=%s\n", m, r.Value)
		if r.Reason != "" {
			fmt.Fprintf(&b, "  reason %q\n", r.Reason)
		}
		for _, c := range r.Comments {
			fmt.Fprintf(&b, "  comment %q\n", c)
		}
		for _, p := range r.Properties {
			fmt.Fprintf(&b, "  prop %s %q", p.Key(), p.Value)
			if p.Comment != "" {
				fmt.Fprintf(&b, " (%q)", p.Comment)
			}
			b.WriteString("\n")
		}
	}
	for _, p := range h.Problems {
		fmt.Fprintf(&b, "problem %d %s\n", p.Offset, p.Text)
	}
	return b.String()
}

func summarizeSPF(r *ReceivedSPF) string {
	var b strings.Builder
	if r.ResultOffset >= 0 {
		fmt.Fprintf(&b, "result %s\n", r.Result)
	}
	if r.Comment != "" {
		fmt.Fprintf(&b, "comment %q\n", r.Comment)
	}
	for _, c := range r.Comments {
		fmt.Fprintf(&b, "comment %q\n", c)
	}
	for _, p := range r.Pairs {
		fmt.Fprintf(&b, "pair %s %q\n", p.Key, p.Value)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "problem %d %s\n", p.Offset, p.Text)
	}
	return b.String()
}

// checkHeader asserts the invariants every parse must keep, whatever the
// input: offsets within bounds and each Raw equal to the input slice at
// its Offset.
func checkHeader(t *testing.T, in string, h *Header) {
	t.Helper()
	if h == nil {
		t.Fatalf("Parse(%q) = nil", in)
	}
	if h.Decoded {
		// offsets count in the decoded text
		in, _ = decodeWords(in)
	}
	if h.Raw != in {
		t.Errorf("Header.Raw = %q, want the input %q", h.Raw, in)
	}
	if h.AuthServIDOffset < -1 || h.AuthServIDOffset > len(in) {
		t.Errorf("Parse(%q): AuthServIDOffset %d out of bounds", in, h.AuthServIDOffset)
	}
	for _, r := range h.Results {
		checkSlice(t, in, "Result", r.Raw, r.Offset)
		if !strings.HasPrefix(strings.ToLower(r.Raw), r.Method) {
			t.Errorf("Parse(%q): Result.Raw %q does not start with method %q", in, r.Raw, r.Method)
		}
		for _, p := range r.Properties {
			checkSlice(t, in, "Property", p.Raw, p.Offset)
			// Yahoo's "from=" precedes the result it belongs to.
			yahoo := p.Type == "header" && p.Name == "from" && p.Offset < r.Offset && strings.HasPrefix(strings.ToLower(p.Raw), "from")
			if !yahoo && (p.Offset < r.Offset || p.Offset+len(p.Raw) > r.Offset+len(r.Raw)) {
				t.Errorf("Parse(%q): Property %q at %d lies outside its Result %q at %d", in, p.Raw, p.Offset, r.Raw, r.Offset)
			}
		}
	}
	checkProblems(t, in, h.Problems)
}

func checkSPF(t *testing.T, in string, r *ReceivedSPF) {
	t.Helper()
	if r == nil || r.Raw != in {
		t.Fatalf("ParseReceivedSPF(%q): Raw differs from the input", in)
	}
	if r.ResultOffset >= 0 {
		checkSlice(t, in, "Result", r.Result, r.ResultOffset)
	}
	for _, p := range r.Pairs {
		checkSlice(t, in, "Pair", p.Raw, p.Offset)
	}
	checkProblems(t, in, r.Problems)
}

func checkSlice(t *testing.T, in, what, raw string, off int) {
	t.Helper()
	if off < 0 || off+len(raw) > len(in) {
		t.Errorf("%s %q at offset %d out of bounds of %q", what, raw, off, in)
		return
	}
	// Result words are lowered, so compare without case.
	if got := in[off : off+len(raw)]; !strings.EqualFold(got, raw) {
		t.Errorf("%s.Raw = %q, but the input at %d is %q", what, raw, off, got)
	}
}

func checkProblems(t *testing.T, in string, ps []Problem) {
	t.Helper()
	for _, p := range ps {
		if p.Offset < 0 || p.Offset > len(in) {
			t.Errorf("problem %q at offset %d out of bounds of %q", p.Text, p.Offset, in)
		}
	}
}
