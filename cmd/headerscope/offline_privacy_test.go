package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// privacyInputs are signed messages that would make every kind of lookup:
// DKIM keys (one through a CNAME), ARC seal keys, DMARC policies and SPF.
var privacyInputs = []string{
	mailDir + "dkim-pass-relaxed-relaxed.eml",
	mailDir + "dkim-pass-cname-o365.eml",
	mailDir + "arc-pass-3-hops.eml",
}

// TestOfflineVerdicts checks what --offline tells the user: every lookup
// is reported as not made, and each verdict that needed one says it was
// not checked because of --offline, in text and in JSON.
func TestOfflineVerdicts(t *testing.T) {
	args := append([]string{"report", "--json", "--offline", "--now", pinned}, privacyInputs...)
	code, out, errs := runCmd(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, rep := range jsonLines(t, out) {
		if rep["resolver"] != "offline (no DNS lookups)" {
			t.Errorf("%v: resolver %v, want offline", rep["file"], rep["resolver"])
		}
		dkim := rep["dkim"].([]any)
		if len(dkim) == 0 {
			t.Errorf("%v: no DKIM result", rep["file"])
		}
		for _, d := range dkim {
			d := d.(map[string]any)
			if d["result"] != "temperror" || !strings.Contains(d["reason"].(string), "not checked: offline") {
				t.Errorf("%v: DKIM %v %q, want temperror saying not checked: offline", rep["file"], d["result"], d["reason"])
			}
			if tr, _ := d["dns"].(map[string]any); tr == nil || tr["outcome"] != "not-made" || tr["server"] != "offline" {
				t.Errorf("%v: DKIM lookup trace %v, want outcome not-made at server offline", rep["file"], d["dns"])
			}
		}
	}
	code, out, errs = runCmd(t, "", "report", "--offline", "--now", pinned, privacyInputs[0])
	if code != 0 {
		t.Fatalf("text: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(out, "offline (no DNS lookups)") || !strings.Contains(out, "not checked: offline") {
		t.Errorf("text report does not say the checks were offline:\n%s", out)
	}
}

// socketCall matches a system call that opens or uses an Internet socket,
// as strace prints it.
var socketCall = regexp.MustCompile(`(socket|connect|sendto|sendmsg|bind)\([^)]*AF_INET6?\b`)

// TestOfflineOpensNoSocket runs the built binary under strace and checks,
// at the system-call level, that `report --offline` opens no Internet
// socket at all: looking up a selector would tell the sender's DNS
// operator that someone is reading the message. A control run with
// --resolver shows that the check sees a lookup when one is made.
func TestOfflineOpensNoSocket(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	strace := lookTool(t, "strace", "apt-get install strace")
	gobin := lookTool(t, "go", "install Go")
	dir := t.TempDir()
	bin := filepath.Join(dir, "headerscope")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	traced := func(t *testing.T, args ...string) string {
		t.Helper()
		log := filepath.Join(dir, "strace.log")
		cmd := exec.Command(strace, append([]string{"-f", "-qq", "-e", "trace=network", "-o", log, bin}, args...)...)
		out, err := cmd.CombinedOutput()
		b, rerr := os.ReadFile(log)
		if rerr != nil || strings.Contains(string(out), "ptrace") {
			cantRun(t, "strace cannot trace here (%v): %s", rerr, out)
		}
		if err != nil {
			t.Fatalf("%s %q: %v\n%s", bin, args, err, out)
		}
		return string(b)
	}

	// The control: a closed local UDP port stands in for a resolver, so
	// the lookup is made and fails at once (port unreachable).
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := pc.LocalAddr().String()
	pc.Close()
	control := traced(t, append([]string{"report", "--resolver", closed, "--now", pinned}, privacyInputs[0])...)
	if !socketCall.MatchString(control) {
		t.Fatalf("the control run with --resolver shows no socket call; the check cannot see lookups:\n%s", control)
	}

	for _, args := range [][]string{
		append([]string{"report", "--offline", "--now", pinned}, privacyInputs...),
		append([]string{"report", "--offline", "--json", "--now", pinned}, privacyInputs...),
	} {
		if calls := socketCall.FindAllString(traced(t, args...), -1); len(calls) > 0 {
			t.Errorf("%q opened Internet sockets: %q", args, calls)
		}
	}
}
