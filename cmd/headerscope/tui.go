package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/tui"
)

const tuiHelp = `Usage: headerscope [flags] [FILE... | -]
       headerscope report [flags] FILE... | -
       headerscope bench [flags] FILE|DIR...

headerscope re-verifies, itself, every DKIM signature, the ARC chain and
every Authentication-Results claim of a message (with DMARC and SPF), and
explains it: tags with their RFC sections, canonicalization on the real
bytes, claimed vs computed hashes, and the DNS path to each key.

With no FILE it opens a gallery of bundled sample messages that verify
offline. With FILEs (.eml, mbox, or - for stdin) it opens those, offline
unless a DNS flag says otherwise: press L inside to look keys up live (a
lookup can tell the signer that the message was opened).

Commands:
  report    print the analysis as text or JSON (see 'headerscope report --help')
  bench     time the analysis of a set of messages (see 'headerscope bench --help')

Flags:
  --dns-zone FILE   answer DNS from an RFC 1035 zone file (repeatable); no network
  --resolver ADDR   look keys up live from this resolver (IP or IP:port)
  --offline         make no DNS lookup at all, and offer no L to go live
  --now TIME        judge t= and x= at TIME: RFC 3339 or Unix seconds
  --record-dns FILE write every DNS answer received to a zone file that
                    --dns-zone replays (written when the program ends)
  --version         print the version and exit

Examples:
  headerscope                       # the gallery, offline
  headerscope suspicious.eml        # offline until you press L
  headerscope --resolver 192.0.2.53 suspicious.eml
  headerscope --offline inbox.mbox
  pbpaste | headerscope -

Set NO_COLOR to any value to turn colour off.
`

// runTUI opens the interactive program on the named inputs, or on the
// gallery when there are none.
func runTUI(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("headerscope", flag.ContinueOnError)
	var f dnsFlags
	f.register(fs)
	f.record.register(fs)
	showVersion := fs.Bool("version", false, "print the version")
	files, err := parseFlags(fs, "", args, tuiHelp, stdout)
	if err != nil {
		return err
	}
	if *showVersion {
		fmt.Fprintf(stdout, "headerscope %s\n", versionString())
		return nil
	}
	if err := checkInputs("", files); err != nil {
		return err
	}
	now, err := f.clock("")
	if err != nil {
		return err
	}
	if f.record.path != "" && len(files) == 0 {
		return usagef("", "--record-dns records the answers for the files opened, and the gallery answers from its own zone; name a file to open")
	}
	if err := f.record.check("", &f, files); err != nil {
		return err
	}
	// Keys come from stdin when it is the terminal; otherwise (a message
	// was piped in) the TUI opens the controlling terminal.
	opts := tui.Options{Now: now, Keys: terminal(stdin), Color: colorWanted(), Version: versionString()}
	if err := tuiDNS(&f, &opts); err != nil {
		return err
	}
	failed := false
	err = readInputs(ctx, files, stdin, func(in input) {
		if in.err != nil {
			warn(stderr, in.err.Error())
			failed = true
			return
		}
		opts.Inputs = append(opts.Inputs, tui.Input{Name: in.name, Raw: in.raw})
	})
	if err != nil {
		return err
	}
	if failed && len(opts.Inputs) == 0 {
		return errInputs
	}
	err = tui.Run(ctx, opts)
	if werr := f.record.write(); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	if failed {
		return errInputs
	}
	return nil
}

// tuiDNS sets how the program answers DNS. A flag (--dns-zone,
// --resolver, --offline) decides it outright. Without one the program
// starts offline and offers live lookups (L): looking up a signer's key can
// tell the signer that the message was opened, so the first live lookup
// is the user's choice, not a side effect of opening a file. The system
// resolver is set up only when L is pressed.
func tuiDNS(f *dnsFlags, opts *tui.Options) error {
	if f.offline || len(f.zones) > 0 || f.resolver != "" {
		res, err := f.dnsResolver("")
		if err != nil {
			return err
		}
		opts.Resolver, opts.ResolverLive = res, f.resolver != ""
		return nil
	}
	opts.GoLive = func() (dns.Resolver, error) { return f.dnsResolver("") }
	return nil
}
