package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOnTerminal runs the built binary on a pseudo-terminal (util-linux
// script): colour when stdout is a terminal, none with NO_COLOR, and no
// terminal query (bubbletea's init asks for the background colour; see
// internal/quietterm) for report and --version.
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
	tests := []struct {
		name    string
		cmd     string
		noColor string
		color   bool
	}{
		{"report", bin + " report --dns-zone " + zone + " --now " + pinned + " " + file, "", true},
		{"report NO_COLOR", bin + " report --dns-zone " + zone + " --now " + pinned + " " + file, "1", false},
		{"version", bin + " --version", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := exec.Command(script, "-qec", tt.cmd, "/dev/null")
			c.Env = append(os.Environ(), "NO_COLOR="+tt.noColor, "TERM=xterm-256color", "CI=")
			out, err := c.Output()
			if err != nil {
				t.Fatalf("%s: %v\n%q", tt.cmd, err, out)
			}
			s := string(out)
			if strings.Contains(s, "\x1b]11;?") || strings.Contains(s, "\x1b[6n") {
				t.Errorf("%s queried the terminal: %q", tt.name, s[:min(len(s), 40)])
			}
			if got := strings.Contains(s, "\x1b["); got != tt.color {
				t.Errorf("%s: colour = %v, want %v", tt.name, got, tt.color)
			}
		})
	}
}
