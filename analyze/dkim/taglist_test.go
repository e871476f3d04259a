package dkim

import (
	"strings"
	"testing"
)

func TestParseTagList(t *testing.T) {
	tests := []struct {
		in       string
		names    []string
		values   []string
		problems int
		problem  string
	}{
		{"v=1; a=rsa-sha256", []string{"v", "a"}, []string{"1", "rsa-sha256"}, 0, ""},
		{" v = 1 ;\r\n\ta=rsa-sha256;", []string{"v", "a"}, []string{"1", "rsa-sha256"}, 0, ""},
		{"b=abc\r\n def ghi", []string{"b"}, []string{"abcdefghi"}, 0, ""},
		{"v=1; v=2", []string{"v", "v"}, []string{"1", "2"}, 1, "duplicate tag"},
		{"v=1; novalue", []string{"v", "novalue"}, []string{"1", ""}, 1, "has no \"=\""},
		{"1x=3", []string{"1x"}, []string{"3"}, 1, "invalid tag name"},
		{"a=1;;b=2", []string{"a", "b"}, []string{"1", "2"}, 1, "empty tag"},
		{"", nil, nil, 0, ""},
	}
	for _, tt := range tests {
		tags, problems := parseTagList(tt.in)
		var names, values []string
		for _, tg := range tags {
			names = append(names, tg.Name)
			values = append(values, tg.Value)
			if got := tt.in[tg.Offset : tg.Offset+len(tg.Raw)]; got != tg.Raw {
				t.Errorf("parseTagList(%q): tag %q raw %q is not at offset %d (%q)", tt.in, tg.Name, tg.Raw, tg.Offset, got)
			}
		}
		if strings.Join(names, ",") != strings.Join(tt.names, ",") || strings.Join(values, ",") != strings.Join(tt.values, ",") {
			t.Errorf("parseTagList(%q) = %v %v, want %v %v", tt.in, names, values, tt.names, tt.values)
		}
		if len(problems) != tt.problems || (tt.problem != "" && !strings.Contains(strings.Join(problems, "|"), tt.problem)) {
			t.Errorf("parseTagList(%q) problems = %q, want %d containing %q", tt.in, problems, tt.problems, tt.problem)
		}
	}
}

func TestStripB(t *testing.T) {
	raw := []byte("DKIM-Signature: v=1; bh=abc=; b=XYZ\r\n  123 ;d=example.com\r\n")
	s := parseSig(string(raw[len("DKIM-Signature:"):len(raw)-2]), KindDKIM)
	got, ok := StripB(raw, s.Tags)
	want := "DKIM-Signature: v=1; bh=abc=; b=;d=example.com\r\n"
	if !ok || string(got) != want {
		t.Errorf("StripB = %q, want %q", got, want)
	}
	raw = []byte("DKIM-Signature: v=1; b=XYZ\r\n 123\r\n")
	s = parseSig(string(raw[len("DKIM-Signature:"):len(raw)-2]), KindDKIM)
	got, _ = StripB(raw, s.Tags)
	if want := "DKIM-Signature: v=1; b=\r\n"; string(got) != want {
		t.Errorf("StripB at end = %q, want %q", got, want)
	}
}
