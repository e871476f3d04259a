// Package quietterm stops the terminal query that bubbletea v1 makes in
// its init function (OSC 11 "what is your background colour" followed by
// a cursor position request, through termenv) when headerscope is not
// going to open the TUI. The query is written to a terminal stdout and
// waited for up to five seconds: on a terminal that does not answer (a
// pseudo-terminal in CI, some serial consoles) every `headerscope report`
// would pause for five seconds and leave the query in the output.
//
// termenv treats the output as not a terminal, and so asks nothing, while
// the CI environment variable is set. This package sets it in its init and
// Restore, called first thing in main, puts the environment back. Go
// initialises packages in dependency order and, among those ready, by
// import path: this package needs only os, so it is ready long before
// termenv ("github.com/muesli/termenv" sorts after this path), and so before
// lipgloss and bubbletea. cmd/headerscope's tests check that the query is
// gone.
package quietterm

import "os"

var (
	set   bool   // CI was set by this package
	saved string // its value before, if any
	had   bool
)

func init() {
	if interactive(os.Args[1:]) {
		return
	}
	saved, had = os.LookupEnv("CI")
	if had && saved != "" {
		return // already quiet
	}
	os.Setenv("CI", "headerscope-quiet")
	set = true
}

// Restore puts the CI variable back as it was, so that nothing after
// package initialisation sees the change.
func Restore() {
	if !set {
		return
	}
	if had {
		os.Setenv("CI", saved)
	} else {
		os.Unsetenv("CI")
	}
	set = false
}

// interactive reports whether args will open the TUI: not a subcommand,
// not --help, not --version.
func interactive(args []string) bool {
	if len(args) > 0 {
		switch args[0] {
		case "report", "bench", "help":
			return false
		}
	}
	for _, a := range args {
		switch a {
		case "--":
			return true
		case "-h", "-help", "--help", "-version", "--version":
			return false
		}
	}
	return true
}
