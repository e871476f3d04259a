package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// manySelectors writes a message with n DKIM-Signature fields, each with
// its own selector, so that each needs its own key lookup.
func manySelectors(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s%d; h=from; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==\r\n", i)
	}
	b.WriteString("From: a@example.com\r\nSubject: many selectors\r\n\r\n")
	path := filepath.Join(t.TempDir(), "many-selectors.eml")
	if err := os.WriteFile(path, []byte(b.String()), 0o444); err != nil {
		t.Fatal(err)
	}
	return path
}

// dkimField returns field of every DKIM result of a JSON report.
func dkimField(rep map[string]any, field string) []string {
	var out []string
	for _, d := range rep["dkim"].([]any) {
		v, _ := d.(map[string]any)[field].(string)
		out = append(out, v)
	}
	return out
}

// TestReportLimits checks that each per-message limit is told to the user,
// in text and in JSON, rather than applied silently: signatures beyond
// --max-signatures, lookups beyond --max-lookups, and DNS time beyond
// --timeout.
func TestReportLimits(t *testing.T) {
	thousand := mailDir + "dkim-pass-1000-signatures.eml"
	many := manySelectors(t, 40)
	// A resolver that never answers: a UDP socket nobody reads.
	silent, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()

	tests := []struct {
		name string
		args []string
		// text holds substrings of the text report; check looks at the
		// JSON report.
		text  []string
		check func(t *testing.T, rep map[string]any)
	}{
		{"signatures beyond the limit", []string{"--dns-zone", zone, thousand},
			[]string{"968 not evaluated", "968 more DKIM-Signature fields not evaluated", "only the first 32"},
			func(t *testing.T, rep map[string]any) {
				if n := rep["dkim_not_evaluated"]; n != 968.0 {
					t.Errorf("dkim_not_evaluated = %v, want 968", n)
				}
				if got := dkimField(rep, "result"); len(got) != 32 {
					t.Errorf("%d signatures evaluated, want 32", len(got))
				}
			}},
		{"a lower --max-signatures", []string{"--dns-zone", zone, "--max-signatures", "3", thousand},
			[]string{"997 more DKIM-Signature fields not evaluated"},
			func(t *testing.T, rep map[string]any) {
				if n := rep["dkim_not_evaluated"]; n != 997.0 {
					t.Errorf("dkim_not_evaluated = %v, want 997", n)
				}
			}},
		{"lookups beyond the limit", []string{"--dns-zone", zone, "--max-signatures", "40", "--max-lookups", "10", many},
			[]string{"not looked up: this message already used its 10 DNS lookups"},
			func(t *testing.T, rep map[string]any) {
				// 40 keys and a DMARC record: the keys of the first 10
				// signatures, in field order, are asked; every later
				// one is refused, whatever order the lookups ran in.
				for i, reason := range dkimField(rep, "reason") {
					refused := strings.Contains(reason, "already used its 10 DNS lookups")
					if refused != (i >= 10) {
						t.Errorf("signature %d: refused = %v, want %v (%s)", i, refused, i >= 10, reason)
					}
					if v := dkimField(rep, "result")[i]; refused && v != "temperror" {
						t.Errorf("signature %d refused a lookup but is %s, want temperror", i, v)
					}
				}
			}},
		{"DNS time beyond --timeout", []string{"--resolver", silent.LocalAddr().String(), "--timeout", "300ms", mailDir + "dkim-pass-relaxed-relaxed.eml"},
			[]string{"the time allowed for this message's DNS lookups (300ms) ran out"},
			func(t *testing.T, rep map[string]any) {
				if got := dkimField(rep, "result"); len(got) != 1 || got[0] != "temperror" {
					t.Errorf("results %v, want [temperror]", got)
				}
				if got := dkimField(rep, "reason"); len(got) != 1 || !strings.Contains(got[0], "time allowed") {
					t.Errorf("reason %q does not say the time ran out", got)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"report", "--now", pinned}, tt.args...)
			code, out, errs := runCmd(t, "", args...)
			if code != 0 {
				t.Fatalf("run(%q) = %d, stderr %q", args, code, errs)
			}
			// The text report wraps long reasons; compare words.
			words := strings.Join(strings.Fields(out), " ")
			for _, s := range tt.text {
				if !strings.Contains(words, s) {
					t.Errorf("text report does not say %q", s)
				}
			}
			args = append([]string{"report", "--json", "--now", pinned}, tt.args...)
			code, out, errs = runCmd(t, "", args...)
			if code != 0 {
				t.Fatalf("run(%q) = %d, stderr %q", args, code, errs)
			}
			tt.check(t, jsonLines(t, out)[0])
		})
	}
}

// TestReportLimitFlags checks the flags that set the limits.
func TestReportLimitFlags(t *testing.T) {
	ok := mailDir + "dkim-pass-ed25519.eml"
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"--max-lookups", "0"}, "--max-lookups 0: give a number of at least 1"},
		{[]string{"--timeout", "0s"}, "--timeout 0s: give a positive duration, such as 10s"},
		{[]string{"--timeout", "-1s"}, "--timeout -1s: give a positive duration"},
		{[]string{"--timeout", "soon"}, `--timeout "soon": not a valid value`},
		{[]string{"--jobs", "two"}, `--jobs "two": not a valid value`},
		{[]string{"--max-signatures", "99999999999999999999"}, "the number is too large"},
	}
	for _, tt := range tests {
		args := append(append([]string{"report", "--offline"}, tt.args...), ok)
		code, out, errs := runCmd(t, "", args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, tt.stderr) || !strings.Contains(errs, "see 'headerscope report --help'") {
			t.Errorf("run(%q) = %d, stdout %q, stderr %q; want %d and %q", args, code, out, errs, exitUsage, tt.stderr)
		}
	}
}
