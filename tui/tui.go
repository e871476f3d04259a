// Package tui is headerscope's interactive terminal program (bubbletea):
// a message list, a findings list and a detail pane that explains each
// DKIM signature, ARC set and Authentication-Results claim.
package tui

import (
	"context"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
)

// Input is one message to open: a display name (file path, "stdin",
// "mbox.mbox #3") and its raw bytes, never modified.
type Input struct {
	Name string
	Raw  []byte
}

// Options configure the program; cmd/headerscope maps flags onto them.
type Options struct {
	// Inputs are the messages to open. With none, the bundled gallery of
	// sample messages opens, verified against its own zone file.
	Inputs []Input
	// Resolver answers DNS questions for Inputs; nil means offline.
	Resolver dns.Resolver
	// Now pins the clock; nil means time.Now.
	Now func() time.Time
	// StdinUsed is true when a message was read from stdin, so keys must
	// be read from the terminal device instead.
	StdinUsed bool
}

// Run starts the program and returns when the user quits.
func Run(ctx context.Context, opts Options) error {
	panic("tui: not yet written")
}
