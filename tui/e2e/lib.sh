# Set-up shared by the tmux end-to-end scripts (run.sh, sandbox.sh). Source
# it after setting label (the words a skip or failure starts with) and
# sessions (the tmux sessions to kill on exit). It sets root and tmp,
# builds the program into $tmp/headerscope, and defines screen, fail and
# wait_for, which act on the tmux session $session names when called.
# Without tmux or go it skips (exit 0), except under CI (CI set), where
# .ci/run has installed them and a skip would hide a check that must run.
# A binary that does not build is a failure.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
skip() {
	if [ -n "${CI:-}" ]; then
		echo "$label: FAIL: cannot run under CI: $*"
		exit 1
	fi
	echo "$label: skipped: $*"
	exit 0
}
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
command -v go >/dev/null 2>&1 || skip "go is not installed"

tmp=$(mktemp -d)
cleanup() {
	for s in "${sessions[@]}"; do
		tmux kill-session -t "$s" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

if ! (cd "$root" && go build -o "$tmp/headerscope" ./cmd/headerscope) 2>"$tmp/build.log"; then
	echo "$label: FAIL: the binary does not build:"
	cat "$tmp/build.log"
	exit 1
fi

# screen prints what the session's terminal shows.
screen() { tmux capture-pane -p -t "$session"; }
# fail ends the test with a reason and the screen.
fail() {
	echo "$label: FAIL: $*"
	echo "----- screen -----"
	screen || true
	exit 1
}
# wait_for TEXT: poll the screen until it shows TEXT (at most ~20 s).
wait_for() {
	for _ in $(seq 1 100); do
		if screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.2
	done
	fail "the screen never showed \"$1\""
}
