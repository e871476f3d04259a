package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/headerscope/headerscope/render"
)

// Exit codes, documented in README.md.
const (
	exitOK    = 0 // every input analysed, whatever the verdicts
	exitInput = 1 // an input could not be read (the others were analysed)
	exitUsage = 2 // bad command line, or the DNS set-up asked for cannot be used
)

// usageError is a command-line mistake: it is printed with a pointer to
// the command's help and ends the run with exitUsage.
type usageError struct {
	msg, cmd string
}

func (e *usageError) Error() string { return e.msg }

func usagef(cmd, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), cmd: cmd}
}

// run is the whole program, in-process for tests: it reads stdin only for
// the input "-" and writes only to stdout and stderr.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd, rest := "", args
	if len(args) > 0 {
		switch args[0] {
		case "report", "bench", "help":
			cmd, rest = args[0], args[1:]
		}
	}
	var err error
	switch cmd {
	case "report":
		err = runReport(ctx, rest, stdin, stdout, stderr)
	case "bench":
		err = runBench(ctx, rest, stdout, stderr)
	case "help":
		err = runHelp(rest, stdout)
	default:
		err = runTUI(ctx, rest, stdin, stdout, stderr)
	}
	return exitCode(err, stderr)
}

// errInputs says that some inputs could not be read; each was already
// reported on stderr.
var errInputs = errors.New("some inputs could not be read")

func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &ue):
		see := "headerscope --help"
		if ue.cmd != "" {
			see = "headerscope " + ue.cmd + " --help"
		}
		warn(stderr, fmt.Sprintf("%s; see '%s'", ue.msg, see))
		return exitUsage
	case errors.Is(err, errInputs):
		return exitInput
	}
	warn(stderr, err.Error())
	return exitInput
}

// warn writes one message to stderr, escaped as the report is: file
// names, flag names and OS errors come from the command line or the file
// system and may hold escape sequences, line ends or bidi controls
// (issue 12, B6). Every message to stderr goes through it.
func warn(stderr io.Writer, msg string) {
	fmt.Fprintf(stderr, "headerscope: %s\n", render.Safe(msg))
}

func runHelp(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, tuiHelp)
		return nil
	}
	switch args[0] {
	case "report":
		fmt.Fprint(stdout, reportHelp)
	case "bench":
		fmt.Fprint(stdout, benchHelp)
	default:
		return usagef("", "no help for %q; commands are report and bench", args[0])
	}
	return nil
}
