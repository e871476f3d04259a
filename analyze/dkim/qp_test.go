package dkim

import (
	"strings"
	"testing"
)

func TestDecodeQP(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{"jlong@example.edu", "jlong@example.edu", false},
		{"jlong=40example.edu", "jlong@example.edu", false},
		{"jlong@example=2Eedu", "jlong@example.edu", false},
		{"a=3db", "a=b", false},
		{"From:=20a=40b.example", "From: a@b.example", false},
		{"x =40y", "x@y", false}, // FWS between octets is ignored (section 2.11)
		{"a=4", "", true},
		{"a=ZZ", "", true},
		{"=", "", true},
	}
	for _, tt := range tests {
		got, err := DecodeQP(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("DecodeQP(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

// TestIdentityQP: i= and z= are dkim-quoted-printable (RFC 6376 section
// 3.5), so "=40" is "@" and i= is checked against d= only once decoded.
func TestIdentityQP(t *testing.T) {
	tests := []struct {
		tags, identity, problem string
	}{
		{"i=jlong=40example.edu", "jlong@example.edu", ""},
		{"i=jlong@example=2Eedu", "jlong@example.edu", ""},
		{"i=jlong=40example.org", "jlong@example.org", "not within"},
		{"i=jlong=4", "", "not dkim-quoted-printable"},
	}
	for _, tt := range tests {
		s := parseSig("v=1; a=rsa-sha256; d=example.edu; s=s1; h=from; bh=AAAA; b=AAAA; "+tt.tags, KindDKIM)
		if tt.problem == "" && (len(s.Fatal) > 0 || s.identity != tt.identity) {
			t.Errorf("%s: identity %q, problems %q; want %q", tt.tags, s.identity, s.Fatal, tt.identity)
		}
		if tt.problem != "" && !strings.Contains(strings.Join(s.Fatal, "; "), tt.problem) {
			t.Errorf("%s: problems %q, want one with %q", tt.tags, s.Fatal, tt.problem)
		}
	}
	s := parseSig("v=1; a=rsa-sha256; d=example.edu; s=s1; h=from; bh=AAAA; b=AAAA; z=From:=20a=40example.edu|Subject:=20hi", KindDKIM)
	i := tagIndex(s.Tags, "z")
	if want := "From: a@example.edu\nSubject: hi"; s.Tags[i].Decoded != want {
		t.Errorf("z= decoded %q, want %q", s.Tags[i].Decoded, want)
	}
}

func FuzzDecodeQP(f *testing.F) {
	for _, s := range []string{"jlong=40example.edu", "a=4", "=", "x =40y", "=3D=3d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := DecodeQP(s)
		if err == nil && len(out) > len(s) {
			t.Errorf("DecodeQP(%q) = %q: decoding never lengthens", s, out)
		}
	})
}

// TestIDNDomain: a d= written with U-labels is looked up under its
// A-labels (RFC 8616 section 4), with both forms kept.
func TestIDNDomain(t *testing.T) {
	s := parseSig("v=1; a=rsa-sha256; d=bücher.example; s=s1; h=from; bh=AAAA; b=AAAA", KindDKIM)
	if s.domain != "xn--bcher-kva.example" || len(s.Fatal) > 0 {
		t.Errorf("d=bücher.example: domain %q, problems %q; want xn--bcher-kva.example", s.domain, s.Fatal)
	}
	if i := tagIndex(s.Tags, "d"); s.Tags[i].Value != "bücher.example" || s.Tags[i].Decoded != "xn--bcher-kva.example" {
		t.Errorf("d= tag %+v, want both forms", s.Tags[i])
	}
}
