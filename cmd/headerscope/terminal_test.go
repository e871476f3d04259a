package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// terminalQuery matches the requests a program makes to learn about the
// terminal, each of which waits for an answer: OSC 10/11/12 colour
// queries, cursor position (DSR 6), device attributes (DA1, DA2, DA3),
// mode reports (DECRQM), XTGETTCAP, the kitty keyboard query and XTVERSION.
var terminalQuery = regexp.MustCompile(`\x1b\]1[0-2];\?|\x1b\[\??6n|\x1b\[[>=]?0?c|\x1b\[\??[0-9;]*\$p|\x1bP\+q|\x1b\[\?u|\x1b\[>0?q`)

// TestOnTerminal runs the built binary on a pseudo-terminal (util-linux
// script): colour when stdout is a terminal, none with NO_COLOR, and no
// terminal query for report and --version. One run has a pipe as stdin:
// report must not read it (the bytes put in it are still there after) and
// must ask the terminal nothing, so it cannot wait on an answer.
func TestOnTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	script := lookTool(t, "script", "apt-get install bsdutils")
	bin := filepath.Join(t.TempDir(), "headerscope")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := mailDir + "dkim-pass-ed25519.eml"
	report := bin + " report --dns-zone " + zone + " --now " + pinned + " " + file
	tests := []struct {
		name    string
		cmd     string
		noColor string
		color   bool
		pipe    bool   // stdin is a pipe holding bytes, not the terminal
		want    string // in the output
	}{
		{"report", report, "", true, false, "dkim-pass-ed25519.eml"},
		{"report NO_COLOR", report, "1", false, false, "dkim-pass-ed25519.eml"},
		{"report stdin pipe", report + " <&3", "", true, true, "dkim-pass-ed25519.eml"},
		{"version", bin + " --version", "", false, false, "headerscope "},
	}
	const sentinel = "headerscope must not read this"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := exec.Command(script, "-qec", tt.cmd, "/dev/null")
			c.Env = append(os.Environ(), "NO_COLOR="+tt.noColor, "TERM=xterm-256color", "COLORTERM=", "TMUX=")
			var r *os.File
			if tt.pipe {
				var w *os.File
				var err error
				r, w, err = os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				if _, err := io.WriteString(w, sentinel); err != nil {
					t.Fatal(err)
				}
				w.Close()
				c.ExtraFiles = []*os.File{r}
			}
			out, err := c.Output()
			if err != nil {
				t.Fatalf("%s: %v\n%q", tt.cmd, err, out)
			}
			s := string(out)
			if q := terminalQuery.FindString(s); q != "" {
				t.Errorf("%s queried the terminal with %q", tt.name, q)
			}
			if got := strings.Contains(s, "\x1b["); got != tt.color {
				t.Errorf("%s: colour = %v, want %v", tt.name, got, tt.color)
			}
			if !strings.Contains(s, tt.want) {
				t.Errorf("%s printed nothing recognisable: %q", tt.name, s[:min(len(s), 80)])
			}
			if tt.pipe {
				left, err := io.ReadAll(r)
				if err != nil {
					t.Fatal(err)
				}
				if string(left) != sentinel {
					t.Errorf("report read stdin: %q left of %q", left, sentinel)
				}
			}
		})
	}
}

// untouchable is a stdin that records any use.
type untouchable struct{ read bool }

func (u *untouchable) Read([]byte) (int, error) {
	u.read = true
	return 0, io.EOF
}

// TestReportLeavesStdinAlone runs report in-process on a file: stdin is
// read only for the input "-".
func TestReportLeavesStdinAlone(t *testing.T) {
	in := &untouchable{}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"report", "--dns-zone", zone, "--now", pinned, mailDir + "dkim-pass-ed25519.eml"}, in, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if in.read {
		t.Error("report read stdin although no input was -")
	}
}
