// Package tui is headerscope's interactive terminal program (bubbletea):
// a message list, a findings list and a detail pane that explains each
// DKIM signature (RFC 6376, RFC 8301, RFC 8463), ARC set (RFC 8617) and
// Authentication-Results claim (RFC 8601).
//
// The model never touches the terminal itself: analysis, file reads and
// clipboard writes run in tea.Cmds that capture their inputs by value, and
// all text comes from package render, which makes message bytes safe.
package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/tui/gallery"
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
	m, err := build(ctx, opts, os.Getenv("NO_COLOR") == "")
	if err != nil {
		return err
	}
	po := []tea.ProgramOption{tea.WithContext(ctx), tea.WithAltScreen(), tea.WithMouseCellMotion()}
	if opts.StdinUsed {
		// stdin held the message, so keys come from the controlling
		// terminal.
		po = append(po, tea.WithInputTTY())
	}
	_, err = tea.NewProgram(m, po...).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("tui: %w", err)
	}
	return nil
}

// build makes the model for opts: the given messages, or the gallery.
func build(ctx context.Context, opts Options, color bool) (*model, error) {
	userDoc := func(name string, raw []byte, note string) *document {
		clock := "now (the real time)"
		if opts.Now != nil {
			clock = "pinned to " + opts.Now().UTC().Format(time.RFC3339)
		}
		return &document{name: name, raw: raw, resolver: opts.Resolver, now: opts.Now, clock: clock, note: note}
	}
	var docs []*document
	var title string
	if len(opts.Inputs) == 0 {
		g, err := galleryDocs()
		if err != nil {
			return nil, err
		}
		docs = g
		title = fmt.Sprintf("· gallery: %d teaching messages, offline, clock pinned to %s", len(docs), gallery.Now.Format(time.RFC3339))
	} else {
		for _, in := range opts.Inputs {
			docs = append(docs, userDoc(in.Name, in.Raw, ""))
		}
		title = "· " + plural(len(docs), "message")
	}
	return newModel(ctx, title, docs, userDoc, color, os.Stdout), nil
}

// galleryDocs opens the embedded teaching messages with their zone and
// their pinned clock, so that they verify the same way forever.
func galleryDocs() ([]*document, error) {
	res, err := gallery.Resolver()
	if err != nil {
		return nil, fmt.Errorf("tui: gallery zone: %w", err)
	}
	now := func() time.Time { return gallery.Now }
	var docs []*document
	for _, s := range gallery.Messages() {
		docs = append(docs, &document{
			name: s.Name, raw: s.Raw, resolver: res, now: now,
			clock: "pinned to " + gallery.Now.Format(time.RFC3339) + " (gallery)",
		})
	}
	return docs, nil
}
