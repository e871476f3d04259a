package authres

import (
	"strings"
	"testing"
)

// at returns the offset of the first occurrence of mark in s, so that the
// tables below say where a problem is rather than count bytes.
func at(s, mark string) int {
	i := strings.Index(s, mark)
	if i < 0 {
		panic("mark " + mark + " not in " + s)
	}
	return i
}

func TestParseMalformed(t *testing.T) {
	tests := []struct {
		name string
		in   string
		mark string // the problem is at the first occurrence of mark
		text string
		want string // summary of the results that must still parse
	}{
		{
			name: "missing equals after method",
			in:   "mx.example.net; dkim pass header.d=example.com; spf=pass smtp.mailfrom=example.com",
			mark: "pass header.d", text: `expected "=" after method "dkim", found "p"`,
			want: "result spf=pass\n  prop smtp.mailfrom \"example.com\"\n",
		},
		{
			name: "missing result",
			in:   "mx.example.net; dkim= ; arc=none",
			mark: "; arc", text: `expected a result after "dkim=", found ";"`,
			want: "result arc=none\n",
		},
		{
			name: "property without equals",
			in:   "mx.example.net; spf=pass smtp.mailfrom example.com; dmarc=pass header.from=example.com",
			mark: "example.com; dmarc", text: `expected "=" after property "smtp.mailfrom", found "e"`,
			want: "result dmarc=pass\n  prop header.from \"example.com\"\n",
		},
		{
			name: "property name missing after dot",
			in:   "mx.example.net; dkim=pass header.=x; arc=pass",
			mark: "=x", text: `expected a property name after "header.", found "="`,
			want: "result arc=pass\n",
		},
		{
			name: "semicolon in a comment does not end the resinfo",
			in:   "mx.example.net; dkim=pass (a; b=c (nested; d=e) \\) f) header.d=example.com; xyz",
			mark: "", text: `expected "=" after method "xyz", found end of field`,
			want: "result dkim=pass\n  comment \"a; b=c (nested; d=e) \\\\) f\"\n  prop header.d \"example.com\"\n",
		},
		{
			name: "unterminated comment",
			in:   "mx.example.net; spf=pass smtp.helo=mail.example.com (no end; dkim=pass",
			mark: "(no end", text: "unterminated comment",
			want: "result spf=pass\n  prop smtp.helo \"mail.example.com\" (\"no end; dkim=pass\")\n",
		},
		{
			name: "unterminated quoted string",
			in:   "mx.example.net; dkim=fail reason=\"bad; spf=pass",
			mark: "\"bad", text: "unterminated quoted string",
			want: "result dkim=fail\n  reason \"bad; spf=pass\"\n",
		},
		{
			name: "garbage where a method belongs",
			in:   "mx.example.net; @@@; dkim=pass",
			mark: "@@@", text: `expected a method name, found "@"`,
			want: "result dkim=pass\n",
		},
		{
			name: "no semicolon after authserv-id",
			in:   "mx.example.net 1 2; dkim=pass",
			mark: "2;", text: `expected ";" after authserv-id "mx.example.net", found "2"`,
			want: "version \"1\"\nresult dkim=pass\n",
		},
		{
			name: "bad method version",
			in:   "mx.example.net; dkim/x=pass; spf=pass",
			mark: "x=pass", text: `expected a version after "dkim/", found "x"`,
			want: "result spf=pass\n",
		},
		{
			name: "authserv-id only",
			in:   "mx.example.net",
			mark: "", text: `expected a result or "none" after the authserv-id`,
		},
		{
			name: "empty",
			in:   "",
			mark: "", text: "expected an authserv-id",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Parse(tt.in)
			checkHeader(t, tt.in, h)
			off := len(tt.in)
			if tt.mark != "" {
				off = at(tt.in, tt.mark)
			}
			if len(h.Problems) != 1 || h.Problems[0].Offset != off || h.Problems[0].Text != tt.text {
				t.Errorf("Parse(%q).Problems = %+v, want [{%d %s}]", tt.in, h.Problems, off, tt.text)
			}
			h.Problems = nil
			h.AuthServIDOffset = -1
			if got := summarize(0, false, h); got != tt.want {
				t.Errorf("Parse(%q) results:\n%s\nwant\n%s", tt.in, got, tt.want)
			}
		})
	}
}

func TestProblemError(t *testing.T) {
	h := Parse("mx.example.net; dkim pass")
	if len(h.Problems) != 1 {
		t.Fatalf("Problems = %+v, want one", h.Problems)
	}
	want := `authres: offset 21: expected "=" after method "dkim", found "p"`
	if got := h.Problems[0].Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestParseAuthServID(t *testing.T) {
	tests := []struct {
		in, id, version string
		offset          int
		method          string
	}{
		{"mx.example.net; spf=pass", "mx.example.net", "", 0, "spf"},
		{"  (comment) mx.example.net (x) 2 ; spf=pass", "mx.example.net", "2", 12, "spf"},
		{"\"mx example\"; spf=pass", "mx example", "", 0, "spf"},
		{"spf=pass smtp.mailfrom=example.com", "", "", -1, "spf"},
		{"spf = pass", "", "", -1, "spf"},
		{"dkim/1=pass", "", "", -1, "dkim"},
		{"\r\n mx.example.net;\r\n\tarc=none", "mx.example.net", "", 3, "arc"},
	}
	for _, tt := range tests {
		h := Parse(tt.in)
		checkHeader(t, tt.in, h)
		if h.AuthServID != tt.id || h.Version != tt.version || h.AuthServIDOffset != tt.offset {
			t.Errorf("Parse(%q) = id %q version %q offset %d, want %q %q %d", tt.in, h.AuthServID, h.Version, h.AuthServIDOffset, tt.id, tt.version, tt.offset)
		}
		if len(h.Results) != 1 || h.Results[0].Method != tt.method || len(h.Problems) != 0 {
			t.Errorf("Parse(%q) = results %+v problems %+v, want one %q", tt.in, h.Results, h.Problems, tt.method)
		}
	}
}

func TestParseOffsets(t *testing.T) {
	in := "mx.example.net; dkim=pass (2048-bit key; unprotected key)\r\n header.d=example.com header.i=\"@example.com\"; spf=pass smtp.mailfrom=a@example.com"
	h := Parse(in)
	checkHeader(t, in, h)
	if len(h.Results) != 2 {
		t.Fatalf("Parse(%q) = %d results, want 2", in, len(h.Results))
	}
	d := h.Results[0]
	if d.Offset != at(in, "dkim=") || d.Raw != in[at(in, "dkim="):at(in, "; spf")] {
		t.Errorf("dkim Raw/Offset = %q/%d", d.Raw, d.Offset)
	}
	if p, ok := d.Lookup("HEADER.I"); !ok || p.Value != "@example.com" || p.Raw != `header.i="@example.com"` || p.Offset != at(in, "header.i") {
		t.Errorf("Lookup(header.i) = %+v, %v", p, ok)
	}
	if got := d.Prop("header.d"); got != "example.com" {
		t.Errorf("Prop(header.d) = %q", got)
	}
	if got := d.Prop("header.s"); got != "" {
		t.Errorf("Prop(header.s) = %q, want empty", got)
	}
	if got := h.ResultsFor("SPF"); len(got) != 1 || got[0].Prop("smtp.mailfrom") != "a@example.com" {
		t.Errorf("ResultsFor(SPF) = %+v", got)
	}
}

func TestParseARC(t *testing.T) {
	tests := []struct {
		in       string
		instance int
		problem  string // "" for none
		results  int
	}{
		{"i=1; mx.example.net; arc=none", 1, "", 1},
		{" i = 50 ; mx.example.net; arc=none", 50, "", 1},
		{"i=51; mx.example.net; arc=none", 0, `i="51" is beyond the limit of 50 ARC sets (RFC 8617 section 4.2.1 and 5.2 step 1)`, 1},
		{"i=0; mx.example.net; arc=none", 0, `i="0" is not an instance number from 1 to 50 (RFC 8617 section 4.2.1)`, 1},
		{"i=001; mx.example.net; arc=none", 0, `i="001" is not an instance number from 1 to 50 (RFC 8617 section 4.2.1)`, 1},
		{"i=99999999999999999999999; mx.example.net; arc=none", 0, `i="99999999999999999999999" is not an instance number from 1 to 50 (RFC 8617 section 4.2.1)`, 1},
		{"i=; mx.example.net; arc=none", 0, `i= is empty: the instance must be a number from 1 to 50 (RFC 8617 section 4.2.1)`, 1},
		{"i=1 mx.example.net; arc=none", 1, `i=1 is not followed by ";" (RFC 8617 section 4.1.1)`, 1},
		{"i=x mx.example.net; arc=none", 0, `i="x" is not an instance number from 1 to 50 (RFC 8617 section 4.2.1)`, 1},
		{"mx.example.net; arc=none", 0, `the value does not start with the instance tag "i=N;" (RFC 8617 section 4.1.1)`, 1},
		{"I=1; mx.example.net; arc=none", 1, `the instance tag is written "I": tag names are case-sensitive, "i=N;" (RFC 8617 section 4.1.1)`, 1},
		{"i; mx.example.net; arc=none", 0, `the value does not start with the instance tag "i=N;" (RFC 8617 section 4.1.1)`, 1},
	}
	for _, tt := range tests {
		n, h := ParseARC(tt.in)
		checkHeader(t, tt.in, h)
		var got string
		if len(h.Problems) > 0 {
			got = h.Problems[0].Text
		}
		if n != tt.instance || got != tt.problem || len(h.Results) != tt.results {
			t.Errorf("ParseARC(%q) = %d, problems %+v, %d results; want %d, %q, %d", tt.in, n, h.Problems, len(h.Results), tt.instance, tt.problem, tt.results)
		}
	}
}

// TestARCInstance: the ARC validator reads the instance tag as ParseARC
// does, but any problem in it leaves the field without an instance.
func TestARCInstance(t *testing.T) {
	tests := []struct {
		in  string
		n   int
		why string // "" for none
	}{
		{"i=1; mx.example.net; arc=none", 1, ""},
		{" (c) i (c) = (c) 50 (c) ; mx.example.net", 50, ""},
		{"i=1 mx.example.net; arc=none", 0, `i=1 is not followed by ";"`},
		{"I=1; mx.example.net; arc=none", 0, `the instance tag is written "I"`},
		{"i=051; mx.example.net", 0, `i="051" is not an instance number`},
		{"i=51; mx.example.net", 0, `beyond the limit of 50 ARC sets`},
		{"mx.example.net; i=1", 0, `does not start with the instance tag`},
		{"(unterminated i=1;", 0, `does not start with the instance tag`},
	}
	for _, tt := range tests {
		n, why := ARCInstance(tt.in)
		if n != tt.n || (tt.why == "") != (why == "") || !strings.Contains(why, tt.why) {
			t.Errorf("ARCInstance(%q) = %d, %q; want %d, %q", tt.in, n, why, tt.n, tt.why)
		}
	}
}

// TestParseFolded: comments and quoted-strings are unfolded with
// message.Unfold (RFC 5322 section 2.2.3): a line end before white space
// goes, the white space stays, and a bare CR is data, as Parse reads it.
func TestParseFolded(t *testing.T) {
	tests := []struct{ in, reason, comment string }{
		{"mx.example.net; dkim=pass reason=\"good\r\n sig\" (a\r\n\tb) header.d=example.com", "good sig", "a\tb"},
		{"mx.example.net; dkim=pass reason=\"good\n sig\" (a\n b) header.d=example.com", "good sig", "a b"},
		{"mx.example.net; dkim=pass reason=\"go\rod\" (a\rb) header.d=example.com", "go\rod", "a\rb"},
	}
	for _, tt := range tests {
		h := Parse(tt.in)
		if len(h.Results) != 1 {
			t.Fatalf("Parse(%q): %d results, want 1", tt.in, len(h.Results))
		}
		r := h.Results[0]
		if r.Reason != tt.reason || len(r.Comments) != 1 || r.Comments[0] != tt.comment {
			t.Errorf("Parse(%q): reason %q, comments %q; want %q, [%q]", tt.in, r.Reason, r.Comments, tt.reason, tt.comment)
		}
	}
}
