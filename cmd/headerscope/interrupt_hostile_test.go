package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// blockingReader is a stdin that never yields a byte, as a terminal whose
// user types nothing; started is closed when the program first reads it.
type blockingReader struct {
	started chan struct{}
	block   chan struct{}
}

func (r *blockingReader) Read([]byte) (int, error) {
	select {
	case <-r.started:
	default:
		close(r.started)
	}
	<-r.block
	return 0, errors.New("unblocked")
}

// TestInterruptWhileReading checks that Ctrl-C (a cancelled context) ends
// `report -` and `headerscope -` while they wait on a stdin that never
// ends, instead of being ignored until EOF (issue 12, B4).
func TestInterruptWhileReading(t *testing.T) {
	for _, args := range [][]string{{"report", "--offline", "-"}, {"--offline", "-"}} {
		in := &blockingReader{started: make(chan struct{}), block: make(chan struct{})}
		defer close(in.block)
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb bytes.Buffer
		done := make(chan int)
		go func() { done <- run(ctx, args, in, &out, &errb) }()
		<-in.started
		cancel()
		if code := <-done; code != exitInput || !strings.Contains(errb.String(), "interrupted") {
			t.Errorf("run(%q) after Ctrl-C = %d, stderr %q; want %d and \"interrupted\"", args, code, errb.String(), exitInput)
		}
	}
}

// TestSecondInterruptExits checks that a first SIGINT cancels the context
// and a second one exits at once.
func TestSecondInterruptExits(t *testing.T) {
	exited := make(chan struct{})
	var errb bytes.Buffer
	ctx, stop := interruptContext(context.Background(), &errb, func() { close(exited) })
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	<-exited
	if !strings.Contains(errb.String(), "exiting at once") {
		t.Errorf("stderr %q does not say why it exits", errb.String())
	}
}

// failingWriter is a stdout that refuses every write, as /dev/full does.
type failingWriter struct{ writes int }

func (w *failingWriter) Write([]byte) (int, error) {
	w.writes++
	return 0, syscall.ENOSPC
}

// TestReportStopsOnWriteError checks that a batch stops at the first
// write error instead of analysing every remaining input (issue 12, B9).
func TestReportStopsOnWriteError(t *testing.T) {
	files := make([]string, 200)
	for i := range files {
		files[i] = mailDir + "dkim-pass-ed25519.eml"
	}
	var w failingWriter
	var errb bytes.Buffer
	args := append([]string{"report", "--offline", "--jobs", "2"}, files...)
	code := run(context.Background(), args, strings.NewReader(""), &w, &errb)
	if code != exitInput || w.writes != 1 || strings.Count(errb.String(), "cannot write the report") != 1 {
		t.Errorf("run = %d after %d writes, stderr %q; want %d after 1 write and one error", code, w.writes, errb.String(), exitInput)
	}
}

// TestStderrEscaped checks that what reaches stderr from the command line
// and the file system (file names, flag names, OS errors, --dns-zone
// paths) is escaped as the report is (issue 12, B6).
func TestStderrEscaped(t *testing.T) {
	const evil = "x\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202eevil\r"
	dir := filepath.Join(t.TempDir(), "dir"+evil)
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ok := mailDir + "dkim-pass-ed25519.eml"
	tests := [][]string{
		{"report", "--offline", filepath.Join(t.TempDir(), "missing"+evil+".eml")},
		{"report", "--offline", dir},
		{"report", "--offline", "--" + evil, ok},
		{"report", "--dns-zone", "missing" + evil + ".zone", ok},
		{"report", "--offline", "--timeout", evil, ok},
		{"--offline", "--" + evil},
		{"help", evil},
	}
	for _, args := range tests {
		code, _, errs := runCmd(t, "", args...)
		if code == exitOK || errs == "" {
			t.Errorf("run(%q) = %d, stderr %q: want an error", args, code, errs)
			continue
		}
		msg := strings.TrimSuffix(errs, "\n")
		if strings.ContainsAny(msg, "\x1b\x07\r\n\u202e") {
			t.Errorf("run(%q): stderr %q holds a raw control or bidi character", args, errs)
		}
		if !strings.Contains(errs, `\x1b`) {
			t.Errorf("run(%q): stderr %q does not show the escape escaped", args, errs)
		}
	}
}

// TestHostileOutputBounded checks that the report of each hostile shape
// stays a bounded size: 32 signatures over a 2 MB Subject do not print it
// 64 times, and a field of 200,000 claims prints 100 of them and a count
// (issue 12, B1 and B2).
func TestHostileOutputBounded(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o444); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const sig = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=rsa2048; h=from:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA=="
	subject := write("subject.eml", strings.Repeat(sig+"\r\n", 32)+"From: a@example.com\r\nSubject: "+
		strings.Repeat("lorem  ipsum ", 2<<20/13)+"\r\n\r\nbody\r\n")
	claims := write("claims.eml", "Authentication-Results: mx.example.com"+strings.Repeat(";\r\n dkim=pass header.d=example.com", 200000)+
		"\r\nFrom: a@example.com\r\n\r\nbody\r\n")
	tags := write("tags.eml", sig+";"+strings.Repeat(" z=1;", 400000)+"\r\nFrom: a@example.com\r\nSubject: t\r\n\r\nbody\r\n")
	tests := []struct {
		file     string
		maxBytes int // of the JSON report
		check    func(t *testing.T, rep map[string]any)
	}{
		{subject, 8 << 20, func(t *testing.T, rep map[string]any) {
			if n := len(rep["dkim"].([]any)); n != 32 {
				t.Errorf("%d signatures reported, want 32", n)
			}
		}},
		{claims, 1 << 20, func(t *testing.T, rep map[string]any) {
			ar := rep["authentication_results"].([]any)[0].(map[string]any)
			if n, o := len(ar["results"].([]any)), ar["omitted"]; n != 100 || o != 199900.0 {
				t.Errorf("%d claims reported and %v omitted, want 100 and 199900", n, o)
			}
		}},
		{tags, 1 << 20, func(t *testing.T, rep map[string]any) {
			if n := len(rep["dkim"].([]any)[0].(map[string]any)["tags"].([]any)); n > 120 {
				t.Errorf("%d tags reported, want about 100", n)
			}
		}},
	}
	for _, tt := range tests {
		code, out, errs := runCmd(t, "", "report", "--offline", "--json", "--now", pinned, tt.file)
		if code != exitOK {
			t.Fatalf("report %s = %d, stderr %q", tt.file, code, errs)
		}
		if len(out) > tt.maxBytes {
			t.Errorf("report %s: %d bytes of JSON, want at most %d", filepath.Base(tt.file), len(out), tt.maxBytes)
		}
		tt.check(t, jsonLines(t, out)[0])
		code, out, _ = runCmd(t, "", "report", "--offline", "--now", pinned, tt.file)
		if code != exitOK || len(out) > tt.maxBytes {
			t.Errorf("text report %s = %d, %d bytes; want at most %d", filepath.Base(tt.file), code, len(out), tt.maxBytes)
		}
	}
}
