package dmarc

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseRecord(t *testing.T) {
	tests := []struct {
		in       string
		p, sp    Policy
		pct      int
		adkim    string
		aspf     string
		rua      []string
		problems int
	}{
		{"v=DMARC1; p=reject", "reject", "reject", 100, "r", "r", nil, 0},
		{"v=DMARC1;p=none;sp=reject;pct=20;adkim=s;aspf=s", "none", "reject", 20, "s", "s", nil, 0},
		{" v = DMARC1 ; p = Quarantine ; rua=mailto:a@example.com, mailto:b@example.net ;", "quarantine", "quarantine", 100, "r", "r",
			[]string{"mailto:a@example.com", "mailto:b@example.net"}, 0},
		{"v=DMARC1; p=reject; pct=200; adkim=x; ri=soon", "reject", "reject", 100, "r", "r", nil, 3},
		{"v=DMARC1; p=reject; p=none; future=yes; np=reject", "reject", "reject", 100, "r", "r", nil, 1},
		{"v=DMARC1; sp=none", "", "none", 100, "r", "r", nil, 1},
		{"v=dmarc1; p=none; junk", "none", "none", 100, "r", "r", nil, 1},
	}
	for _, tt := range tests {
		r, err := ParseRecord(tt.in)
		if err != nil {
			t.Errorf("ParseRecord(%q) error %v", tt.in, err)
			continue
		}
		got := []any{r.Policy, r.SubdomainPolicy, r.Percent, r.DKIMAlignment, r.SPFAlignment, r.AggregateURIs, len(r.Problems)}
		want := []any{tt.p, tt.sp, tt.pct, tt.adkim, tt.aspf, tt.rua, tt.problems}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseRecord(%q) = %v (problems %q), want %v", tt.in, got, r.Problems, want)
		}
	}
}

func TestParseRecordNotDMARC(t *testing.T) {
	for _, in := range []string{"", "p=reject; v=DMARC1", "v=DMARC10; p=none", "v=spf1 -all", "v DMARC1"} {
		if _, err := ParseRecord(in); err == nil || !strings.HasPrefix(err.Error(), "dmarc: record ") {
			t.Errorf("ParseRecord(%q) error = %v, want a dmarc: record error", in, err)
		}
	}
}

func TestParseRecordTags(t *testing.T) {
	r, _ := ParseRecord("v=DMARC1; p=reject; x-foo=1; np=none")
	var names []string
	for _, tg := range r.Tags {
		if !tg.Known {
			names = append(names, tg.Name)
		}
	}
	if !reflect.DeepEqual(names, []string{"x-foo", "np"}) || r.NonexistentPolicy != "none" {
		t.Errorf("unknown tags %v np %q", names, r.NonexistentPolicy)
	}
	if tg := r.Tag("p"); tg == nil || tg.Offset != 10 || tg.Raw != "p=reject" {
		t.Errorf("tag p = %+v", tg)
	}
}

func FuzzParseRecord(f *testing.F) {
	for _, s := range []string{"v=DMARC1; p=reject", "v=DMARC1;p=none;sp=reject;pct=20", "v=DMARC1; p=;;=;pct=-1", "v = dmarc1 ; rua=mailto:a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRecord(s)
		if (err == nil) != IsDMARC(s) {
			t.Fatalf("ParseRecord(%q) error %v but IsDMARC %v", s, err, IsDMARC(s))
		}
		if err != nil {
			return
		}
		if r.Percent < 0 || r.Percent > 100 {
			t.Fatalf("ParseRecord(%q).Percent = %d", s, r.Percent)
		}
		for _, tg := range r.Tags {
			if tg.Offset < 0 || tg.Offset+len(tg.Raw) > len(s) || s[tg.Offset:tg.Offset+len(tg.Raw)] != tg.Raw {
				t.Fatalf("ParseRecord(%q): tag %+v does not point at its raw text", s, tg)
			}
		}
	})
}
