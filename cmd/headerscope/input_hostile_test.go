package main

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReportBadInput gives report inputs that are not messages, or that
// cannot be read, and checks that each ends with a clear error naming the
// file and saying what to do (exit 1), or with a report of what could be
// read (exit 0); never a panic, and never a change to the input.
func TestReportBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		// Writable on purpose: the program must not use the chance.
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	garbage := make([]byte, 64<<10)
	rand.New(rand.NewSource(6)).Read(garbage)
	// Without a colon, no line of it can pass for a header field.
	noColon := bytes.ReplaceAll(garbage, []byte(":"), []byte("\x00"))
	old := maxInputBytes
	maxInputBytes = 1 << 20
	t.Cleanup(func() { maxInputBytes = old })

	var (
		subdir  = filepath.Join(dir, "inbox")
		missing = filepath.Join(dir, "missing.eml")
		empty   = write("empty.eml", nil)
		random  = write("random.bin", garbage)
		binary  = write("garbage.bin", noColon)
		nul     = write("nul.eml", []byte("From: a@example.com\r\nSubject: a\x00b\r\n\r\nbody \x00 here\r\n"))
		huge    = write("huge.eml", bytes.Repeat([]byte("X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"), (2<<20)/48))
		prose   = write("notes.txt", []byte("Dear customer,\nyour account is locked.\n"))
	)
	if err := os.Mkdir(subdir, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		file   string
		code   int
		stdout []string // substrings; none means no stdout at all
		stderr string   // substring; "" means no stderr at all
	}{
		{"directory", subdir, exitInput, nil, `cannot read "` + subdir + `": it is a directory; give the messages in it (` + subdir + `/*.eml)`},
		{"missing", missing, exitInput, nil, `cannot read "` + missing + `": no such file; check the path`},
		{"empty", empty, exitInput, nil, `cannot read "` + empty + `": the file is empty; check that it is the saved message`},
		{"too large", huge, exitInput, nil, `cannot read "` + huge + `": larger than 1 MiB, the most headerscope reads from one input; split it`},
		{"binary garbage", binary, exitOK, []string{"━━ " + binary, "no header field found: this does not look like an Internet message"}, ""},
		{"random bytes", random, exitOK, []string{"━━ " + random, "header line without a colon ignored"}, ""},
		{"prose", prose, exitOK, []string{"no header field found", "header line without a colon ignored"}, ""},
		{"NUL bytes", nul, exitOK, []string{`Subject: a\x00b`}, ""},
	}
	before := map[string][]byte{}
	mtimes := map[string]time.Time{}
	for _, tt := range tests {
		if st, err := os.Stat(tt.file); err == nil && st.Mode().IsRegular() {
			before[tt.file], _ = os.ReadFile(tt.file)
			mtimes[tt.file] = st.ModTime()
		}
	}
	for _, tt := range tests {
		for _, format := range []string{"text", "json"} {
			args := []string{"report", "--offline", "--now", pinned, tt.file}
			if format == "json" {
				args = append(args, "--json")
			}
			code, out, errs := runCmd(t, "", args...)
			if code != tt.code {
				t.Errorf("%s (%s): exit %d, want %d; stderr %q", tt.name, format, code, tt.code, errs)
			}
			if tt.stderr == "" && errs != "" || !strings.Contains(errs, tt.stderr) {
				t.Errorf("%s (%s): stderr %q, want %q", tt.name, format, errs, tt.stderr)
			}
			if strings.Contains(out, "\x00") {
				t.Errorf("%s (%s): a raw NUL byte reached the output", tt.name, format)
			}
			if len(tt.stdout) == 0 && out != "" {
				t.Errorf("%s (%s): stdout %q, want nothing", tt.name, format, out)
			}
			if format == "json" {
				if len(tt.stdout) > 0 {
					jsonLines(t, out) // one valid JSON object
				}
				continue
			}
			// The text report wraps long lines; compare words.
			words := strings.Join(strings.Fields(out), " ")
			for _, s := range tt.stdout {
				if !strings.Contains(words, s) {
					t.Errorf("%s (text): stdout does not say %q:\n%s", tt.name, s, out)
				}
			}
		}
	}
	for name, b := range before {
		after, err := os.ReadFile(name)
		st, serr := os.Stat(name)
		if err != nil || serr != nil || !bytes.Equal(after, b) || !st.ModTime().Equal(mtimes[name]) {
			t.Errorf("%s was modified (or removed): %v %v", name, err, serr)
		}
	}
}

// TestReportUnreadableFile checks the error for a file without read
// permission. root reads any file, so the test is skipped as root.
func TestReportUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores file permissions")
	}
	p := filepath.Join(t.TempDir(), "secret.eml")
	if err := os.WriteFile(p, readFixture(t, "dkim-pass-ed25519.eml"), 0o000); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "", "report", "--offline", p)
	want := `cannot read "` + p + `": permission denied; check the file's permissions`
	if code != exitInput || out != "" || !strings.Contains(errs, want) {
		t.Errorf("report %s = %d, stdout %q, stderr %q; want %d and %q", p, code, out, errs, exitInput, want)
	}
}

// TestReportBadStdin checks empty and oversized input on stdin.
func TestReportBadStdin(t *testing.T) {
	old := maxInputBytes
	maxInputBytes = 1 << 20
	t.Cleanup(func() { maxInputBytes = old })
	for _, tt := range []struct{ name, in, want string }{
		{"empty", "", "cannot read stdin: it is empty; pipe or paste a message"},
		{"too large", strings.Repeat("X-Pad: a\r\n", 110<<10), "cannot read stdin: larger than 1 MiB"},
	} {
		code, out, errs := runCmd(t, tt.in, "report", "--offline", "-")
		if code != exitInput || out != "" || !strings.Contains(errs, tt.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d and %q", tt.name, code, out, errs, exitInput, tt.want)
		}
	}
}
