package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	mailDir = "../../testdata/mail/"
	zone    = "../../testdata/dns/fixtures.zone"
	pinned  = "2026-12-01T00:00:00Z"
)

// runCmd runs the program in-process.
func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(mailDir + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonLines decodes report --json output.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var reps []map[string]any
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON line: %v: %q", err, l)
		}
		reps = append(reps, m)
	}
	return reps
}

func dkimResults(rep map[string]any) []string {
	var out []string
	for _, d := range rep["dkim"].([]any) {
		out = append(out, d.(map[string]any)["result"].(string))
	}
	return out
}

func TestReportExitCodes(t *testing.T) {
	ok := mailDir + "dkim-pass-ed25519.eml"
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // substring
		stderr   string // substring
		noStdout bool
	}{
		{"pass", []string{"report", "--dns-zone", zone, "--now", pinned, ok}, 0, "✓ pass", "", false},
		{"fail verdict still exit 0", []string{"report", "--dns-zone", zone, "--now", pinned, mailDir + "dkim-fail-body-footer.eml"}, 0, "✗ fail", "", false},
		{"flags after files", []string{"report", ok, "--offline", "--json"}, 0, `"schema":1`, "", false},
		{"unknown flag", []string{"report", "--jsn", ok}, 2, "", "headerscope: unknown flag --jsn; see 'headerscope report --help'", true},
		{"unknown top-level flag", []string{"--bogus"}, 2, "", "unknown flag --bogus; see 'headerscope --help'", true},
		{"no input", []string{"report", "--offline"}, 2, "", "no input given", true},
		{"bad now", []string{"report", "--offline", "--now", "yesterday", ok}, 2, "", `--now "yesterday" is not a time`, true},
		{"flag without value", []string{"report", ok, "--now"}, 2, "", "flag --now needs a value", true},
		{"offline and zone", []string{"report", "--offline", "--dns-zone", zone, ok}, 2, "", "cannot be combined", true},
		{"zone and resolver", []string{"report", "--resolver", "192.0.2.53", "--dns-zone", zone, ok}, 2, "", "not both", true},
		{"bad resolver", []string{"report", "--resolver", "dns.example", ok}, 2, "", "--resolver", true},
		{"missing zone", []string{"report", "--dns-zone", "nope.zone", ok}, 2, "", "nope.zone", true},
		{"zero jobs", []string{"report", "--offline", "--jobs", "0", ok}, 2, "", "--jobs 0", true},
		{"stdin twice", []string{"report", "--offline", "-", "-"}, 2, "", "stdin (-) given 2 times", true},
		{"unreadable among readable", []string{"report", "--offline", "missing.eml", ok}, 1, "dkim-pass-ed25519.eml", `cannot read "missing.eml": no such file; check the path`, false},
		{"directory", []string{"report", "--offline", mailDir}, 1, "", "it is a directory", true},
		{"help", []string{"report", "--help"}, 0, "Usage: headerscope report", "", false},
		{"help command", []string{"help", "bench"}, 0, "Usage: headerscope bench", "", false},
		{"top help", []string{"-h"}, 0, "Usage: headerscope [flags]", "", false},
		{"version", []string{"--version"}, 0, "headerscope ", "", false},
		{"TUI with only unreadable input", []string{"--offline", "missing.eml"}, 1, "", `cannot read "missing.eml"`, true},
		{"TUI bad now", []string{"--now", "soon"}, 2, "", "or Unix seconds (1796083200); see 'headerscope --help'", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCmd(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("run(%q) = %d, want %d; stderr %q", tt.args, code, tt.code, errs)
			}
			if !strings.Contains(out, tt.stdout) {
				t.Errorf("run(%q) stdout = %q, want it to contain %q", tt.args, out, tt.stdout)
			}
			if tt.noStdout && out != "" {
				t.Errorf("run(%q) stdout = %q, want nothing", tt.args, out)
			}
			if !strings.Contains(errs, tt.stderr) {
				t.Errorf("run(%q) stderr = %q, want it to contain %q", tt.args, errs, tt.stderr)
			}
			if tt.stderr == "" && errs != "" {
				t.Errorf("run(%q) stderr = %q, want nothing", tt.args, errs)
			}
		})
	}
}

func TestReportStdin(t *testing.T) {
	raw := readFixture(t, "dkim-pass-relaxed-simple.eml")
	code, out, errs := runCmd(t, string(raw), "report", "--json", "--dns-zone", zone, "--now", pinned, "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	reps := jsonLines(t, out)
	if len(reps) != 1 || reps[0]["file"] != "stdin" {
		t.Fatalf("got %d reports, file %v; want 1 from stdin", len(reps), reps[0]["file"])
	}
	if got := dkimResults(reps[0]); len(got) != 1 || got[0] != "pass" {
		t.Errorf("dkim results = %v, want [pass]", got)
	}
}

func TestReportMbox(t *testing.T) {
	pass := readFixture(t, "dkim-pass-relaxed-relaxed.eml")
	fail := readFixture(t, "dkim-fail-body-footer.eml")
	var mbox bytes.Buffer
	for _, m := range [][]byte{pass, fail} {
		mbox.WriteString("From alice@example.com Fri Nov 20 12:00:00 2026\n")
		mbox.Write(m)
		mbox.WriteString("\n")
	}
	path := filepath.Join(t.TempDir(), "inbox.mbox")
	if err := os.WriteFile(path, mbox.Bytes(), 0o444); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "", "report", "--json", "--dns-zone", zone, "--now", pinned, path)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	reps := jsonLines(t, out)
	if len(reps) != 2 {
		t.Fatalf("got %d reports, want 2", len(reps))
	}
	for i, want := range []string{"pass", "fail"} {
		if reps[i]["file"] != path+"#"+string(rune('1'+i)) {
			t.Errorf("report %d file = %v, want %s#%d", i, reps[i]["file"], path, i+1)
		}
		if got := dkimResults(reps[i]); len(got) != 1 || got[0] != want {
			t.Errorf("report %d dkim = %v, want [%s]", i, got, want)
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, mbox.Bytes()) {
		t.Error("the input file was modified")
	}
}

func TestReportOrderWithJobs(t *testing.T) {
	names, err := filepath.Glob(mailDir + "dkim-*.eml")
	if err != nil || len(names) < 10 {
		t.Fatalf("want at least 10 fixtures, got %d (%v)", len(names), err)
	}
	args := append([]string{"report", "--json", "--jobs", "3", "--dns-zone", zone, "--now", pinned}, names...)
	code, out, errs := runCmd(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	reps := jsonLines(t, out)
	if len(reps) != len(names) {
		t.Fatalf("got %d reports, want %d", len(reps), len(names))
	}
	for i, r := range reps {
		if r["file"] != names[i] {
			t.Errorf("report %d is %v, want %s (input order)", i, r["file"], names[i])
		}
	}
}

func TestReportNow(t *testing.T) {
	// t= of this fixture is 1792584000 (2026-10-21T12:00:00Z) and x= is
	// 1793188800 (2026-10-28T12:00:00Z): judged between them it passes,
	// after x= it has expired.
	path := mailDir + "dkim-permerror-expired.eml"
	for _, tt := range []struct{ now, want string }{
		{"1792600000", "pass"},
		{"2026-10-25T12:00:00+02:00", "pass"},
		{pinned, "permerror"},
	} {
		code, out, errs := runCmd(t, "", "report", "--json", "--dns-zone", zone, "--now", tt.now, path)
		if code != 0 {
			t.Fatalf("--now %s: exit %d, stderr %q", tt.now, code, errs)
		}
		rep := jsonLines(t, out)[0]
		if got := dkimResults(rep); len(got) != 1 || got[0] != tt.want {
			t.Errorf("--now %s: dkim = %v, want [%s]", tt.now, got, tt.want)
		}
	}
}

func TestParseNow(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"1796083200", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), true},
		{"0", time.Unix(0, 0).UTC(), true},
		{"2026-12-01T00:00:00Z", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), true},
		{"2026-12-01T01:00:00+01:00", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), true},
		{"2026-12-01", time.Time{}, false},
		{"", time.Time{}, false},
		{"12.5", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := parseNow(tt.in)
		if (err == nil) != tt.ok || (tt.ok && !got.Equal(tt.want)) {
			t.Errorf("parseNow(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestReportText(t *testing.T) {
	// Two messages as text: separated by a blank line, no colour when
	// stdout is not a terminal, even with NO_COLOR unset.
	t.Setenv("NO_COLOR", "")
	a, b := mailDir+"dkim-pass-ed25519.eml", mailDir+"dkim-permerror-no-key.eml"
	code, out, errs := runCmd(t, "", "report", "--dns-zone", zone, "--now", pinned, a, b)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if strings.Contains(out, "\x1b") {
		t.Error("colour escape in output that is not a terminal")
	}
	ia, ib := strings.Index(out, "━━ "+a), strings.Index(out, "━━ "+b)
	if ia != 0 || ib < 0 || out[ib-2:ib] != "\n\n" {
		t.Errorf("want both reports in order separated by a blank line; got indexes %d, %d", ia, ib)
	}
	if !strings.Contains(out, "! permerror") || !strings.Contains(out, "NXDOMAIN") {
		t.Error("missing the no-key explanation")
	}
}
