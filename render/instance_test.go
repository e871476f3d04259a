package render

import (
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/dkim"
)

func TestSignedFieldInstances(t *testing.T) {
	r := &dkim.Result{Header: dkim.HeaderCheck{Canonicalization: "relaxed", Fields: []dkim.SignedField{
		{Name: "from", Instance: 1, Count: 2, Line: 9, Raw: "From: b@example.com\r\n"},
		{Name: "from", Instance: 2, Count: 2, Line: 3, Raw: "From: a@example.com\r\n"},
		{Name: "from", Count: 2},
		{Name: "reply-to"},
	}}}
	out := DKIM(r, ViewCanonicalization, NewStyles(false), 100)
	for _, want := range []string{
		"instance 1 of 2, counted from the bottom, line 9",
		"instance 2 of 2, counted from the bottom, line 3",
		"over-signed: all 2 from fields already taken above",
		"reply-to not present: contributes nothing",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("canonicalization view lacks %q:\n%s", want, out)
		}
	}
}
