package main

import (
	"os"
	"os/exec"
	"testing"
)

// lookTool returns the path of an outside program a test needs. Without
// it the test cannot run: under CI (CI set, as .ci/run is run), which
// installs every such tool, that is a failure, so that a check that must
// run can never turn into a silent skip; elsewhere the test is skipped
// with the command that installs the tool.
func lookTool(t *testing.T, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	cantRun(t, "%s is not installed (%s)", name, install)
	return ""
}

// cantRun fails the test under CI and skips it elsewhere.
func cantRun(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("cannot run under CI: "+format, args...)
	}
	t.Skipf(format, args...)
}
