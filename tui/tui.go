// Package tui is headerscope's interactive terminal program (Bubble Tea
// v2): a message list, a findings list and a detail pane that explains each
// DKIM signature (RFC 6376, RFC 8301, RFC 8463), ARC set (RFC 8617) and
// Authentication-Results claim (RFC 8601).
//
// Data flows one way. Run builds a document per input and starts the
// program; Init schedules analyze.Analyze for the selected message (and
// one other at a time) as tea.Cmds that capture their inputs by value, and
// each report comes back to Update as a message. Update turns reports into
// rows (findings*.go) and the selected row into text through package
// render, which makes message bytes safe; View only lays out that text.
// The model never touches the terminal itself: file reads run in tea.Cmds,
// a copy is a tea.SetClipboard the runtime writes as OSC 52, and a
// bracketed paste arrives as a tea.PasteMsg with every byte the terminal
// sent (paste.go takes it out of the input stream before bubbletea's
// decoder, which drops bytes that are not UTF-8).
package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

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
	// ResolverLive is true when Resolver asks DNS servers on the network
	// (--resolver); the status line then says "DNS: live".
	ResolverLive bool
	// GoLive, when not nil, builds the live resolver (the system's). The
	// program then starts offline, says so, and goes live only when the
	// user presses L: a lookup of a signer's key can tell the signer that
	// the message was opened, so the first one is the user's choice.
	// cmd/headerscope sets it when no DNS flag was given.
	GoLive func() (dns.Resolver, error)
	// Now pins the clock; nil means time.Now.
	Now func() time.Time
	// Keys is the terminal to read keys from; nil opens the controlling
	// terminal (stdin held a message). cmd/headerscope decides.
	Keys *os.File
	// Color is false when the user asked for no colour (NO_COLOR): the
	// frame then uses only bold, reverse and underline.
	Color bool
	// PackDir is where P writes evidence packs; "" is the current
	// directory. Version is headerscope's version, which a pack states.
	PackDir string
	Version string
}

// Run starts the program and returns when the user quits.
func Run(ctx context.Context, opts Options) error {
	m, err := build(ctx, opts)
	if err != nil {
		return err
	}
	keys := opts.Keys
	if keys == nil {
		in, _, err := tea.OpenTTY()
		if err != nil {
			return fmt.Errorf("tui: no terminal to read keys from: %w", err)
		}
		defer in.Close()
		keys = in
	}
	in := newPasteFile(keys)
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in))
	in.send = p.Send
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("tui: %w", err)
	}
	return nil
}

// build makes the model for opts: the given messages, or the gallery.
func build(ctx context.Context, opts Options) (*model, error) {
	var m *model // set below; userDoc reads m.live when it runs later
	userDoc := func(name string, raw []byte, note string) *document {
		clock := "now (the real time)"
		if opts.Now != nil {
			clock = "pinned to " + opts.Now().UTC().Format(time.RFC3339)
		}
		d := &document{name: name, raw: raw, resolver: opts.Resolver, now: opts.Now, clock: clock, note: note, live: opts.ResolverLive}
		if opts.Resolver == nil && opts.GoLive != nil {
			d.canGoLive = true
			if m != nil && m.live != nil {
				d.resolver, d.live = m.live, true
			}
		}
		return d
	}
	var docs []*document
	galleryN := 0
	if len(opts.Inputs) == 0 {
		g, err := galleryDocs()
		if err != nil {
			return nil, err
		}
		docs, galleryN = g, len(g)
	} else {
		for _, in := range opts.Inputs {
			docs = append(docs, userDoc(in.Name, in.Raw, ""))
		}
	}
	m = newModel(ctx, docs, userDoc, opts.Color)
	m.gallery = galleryN
	m.liveBuilder = opts.GoLive
	m.packDir, m.version = opts.PackDir, opts.Version
	if opts.GoLive != nil && galleryN == 0 {
		m.setStatus(offlineNotice)
	}
	return m, nil
}

// offlineNotice is the first status of a session started without a DNS
// flag: the choice to go live is the user's.
const offlineNotice = "offline: keys not looked up. L looks them up live (the signer's DNS can then see the message was opened)"

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
