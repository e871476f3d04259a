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
offline. With FILEs (.eml, mbox, or - for stdin) it opens those.

Commands:
  report    print the analysis as text or JSON (see 'headerscope report --help')
  bench     time the analysis of a set of messages (see 'headerscope bench --help')

Flags:
  --dns-zone FILE   answer DNS from an RFC 1035 zone file (repeatable); no network
  --resolver ADDR   ask this resolver (IP or IP:port) instead of /etc/resolv.conf
  --offline         make no DNS lookup at all
  --now TIME        judge t= and x= at TIME: RFC 3339 or Unix seconds
  --record-dns FILE write every DNS answer received to a zone file that
                    --dns-zone replays (written when the program ends)
  --version         print the version and exit

Examples:
  headerscope                       # the gallery, offline
  headerscope suspicious.eml
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
	res, err := tuiResolver(&f, len(files) > 0, stderr)
	if err != nil {
		return err
	}
	if f.record.path != "" && res == nil {
		return usagef("", "--record-dns needs a resolver, and the system one cannot be used; give --resolver ADDR")
	}
	// Keys come from stdin when it is the terminal; otherwise (a message
	// was piped in) the TUI opens the controlling terminal.
	opts := tui.Options{Resolver: res, Now: now, Keys: terminal(stdin), Color: colorWanted()}
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

// tuiResolver is the resolver the flags ask for. Without flags the system
// resolver answers; if it cannot be set up the program still opens, with
// lookups off, and says so (the gallery needs no network).
func tuiResolver(f *dnsFlags, haveFiles bool, stderr io.Writer) (dns.Resolver, error) {
	if f.offline || len(f.zones) > 0 || f.resolver != "" {
		return f.dnsResolver("")
	}
	res, err := f.dnsResolver("")
	if err != nil {
		if haveFiles {
			warn(stderr, err.Error()+"; opening with DNS lookups off")
		}
		return nil, nil
	}
	return res, nil
}
