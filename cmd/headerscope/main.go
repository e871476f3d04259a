// Command headerscope re-verifies, itself, every DKIM-Signature (RFC 6376,
// RFC 8301, RFC 8463), ARC set (RFC 8617) and Authentication-Results claim
// (RFC 8601) of a message and explains all of it: interactively (the TUI),
// or as text or JSON with `headerscope report`.
//
// main maps flags to options; the commands live in report.go, bench.go and
// tui.go of this package.
package main

import (
	"context"
	"os"
)

func main() {
	ctx, stop := interruptContext(context.Background(), os.Stderr, func() { os.Exit(exitInterrupted) })
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
