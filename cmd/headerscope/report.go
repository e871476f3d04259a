package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/render"
)

const reportHelp = `Usage: headerscope report [flags] FILE... | -

Re-verify every DKIM signature, the ARC chain and every
Authentication-Results claim (with DMARC and SPF) of each message and
explain the result as text, as JSON (one object per message, JSON Lines)
or as a Markdown evidence pack per message, ready for a ticket. FILE is
an .eml file, an mbox file (each message is reported as FILE#N) or - for
stdin. Input files are only read, never written.

Flags:
  --format FORMAT        text (default), json (one object per message, schema
                         in README.md) or markdown (an evidence pack per message)
  --json                 the same as --format json
  --record-dns FILE      write every DNS answer received to a zone file that
                         --dns-zone replays
  --dns-zone FILE        answer DNS from an RFC 1035 zone file (repeatable); no network
  --resolver ADDR        ask this resolver (IP or IP:port) instead of /etc/resolv.conf
  --offline              make no DNS lookup at all
  --now TIME             judge t= and x= at TIME: RFC 3339 or Unix seconds
  --max-signatures N     verify at most N DKIM signatures per message (default 32)
  --max-lookups N        make at most N distinct DNS lookups per message (default 64)
  --timeout DURATION     bound the DNS time of one message, such as 10s (default 30s)
  --jobs N               analyse N messages at once (default: the number of CPUs)

Exit status: 0 every input analysed (whatever the verdicts), 1 an input
could not be read (the others are still analysed), 2 usage error.

Examples:
  headerscope report message.eml
  headerscope report --json inbox.mbox > reports.jsonl
  pbpaste | headerscope report -
  headerscope report --dns-zone testdata/dns/fixtures.zone --now 2026-12-01T00:00:00Z testdata/mail/*.eml
  headerscope report --resolver 192.0.2.53 --json suspicious.eml
  headerscope report --record-dns incident.zone --format markdown suspicious.eml > ticket.md
`

type reportFlags struct {
	dnsFlags
	json       bool
	format     string
	maxSigs    int
	maxLookups int
	timeout    time.Duration
	jobs       int
}

// outputFormat checks --format and its alias --json.
func (f *reportFlags) outputFormat() (string, error) {
	switch {
	case f.json && f.format != "" && f.format != "json":
		return "", usagef("report", "--json is --format json; it cannot be combined with --format %s", f.format)
	case f.json:
		return "json", nil
	}
	switch f.format {
	case "", "text":
		return "text", nil
	case "json", "markdown":
		return f.format, nil
	}
	return "", usagef("report", "--format %q: give text, json or markdown", f.format)
}

// runReport is `headerscope report`.
func runReport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	var f reportFlags
	f.register(fs)
	fs.BoolVar(&f.json, "json", false, "print JSON Lines")
	fs.StringVar(&f.format, "format", "", "text, json or markdown")
	f.record.register(fs)
	fs.IntVar(&f.maxSigs, "max-signatures", analyze.DefaultMaxSignatures, "signatures verified per message")
	fs.IntVar(&f.maxLookups, "max-lookups", analyze.DefaultMaxLookups, "distinct DNS lookups per message")
	fs.DurationVar(&f.timeout, "timeout", analyze.DefaultTimeout, "DNS time per message")
	fs.IntVar(&f.jobs, "jobs", runtime.GOMAXPROCS(0), "messages analysed at once")
	files, err := parseFlags(fs, "report", args, reportHelp, stdout)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("report", "no input given; name .eml or mbox files, or - for stdin")
	}
	if err := checkInputs("report", files); err != nil {
		return err
	}
	if err := positiveInt("report", "max-signatures", f.maxSigs); err != nil {
		return err
	}
	if err := positiveInt("report", "max-lookups", f.maxLookups); err != nil {
		return err
	}
	if err := positiveInt("report", "jobs", f.jobs); err != nil {
		return err
	}
	if f.timeout <= 0 {
		return usagef("report", "--timeout %s: give a positive duration, such as 10s", f.timeout)
	}
	format, err := f.outputFormat()
	if err != nil {
		return err
	}
	if err := f.record.check("report", &f.dnsFlags, files); err != nil {
		return err
	}
	now, err := f.clock("report")
	if err != nil {
		return err
	}
	res, err := f.dnsResolver("report")
	if err != nil {
		return err
	}
	opts := analyze.Options{Resolver: res, Now: now, MaxSignatures: f.maxSigs, MaxLookups: f.maxLookups, Timeout: f.timeout}
	st, width := textStyle(stdout)
	renderOne := func(ctx context.Context, in input) []byte {
		var b bytes.Buffer
		switch format {
		case "json":
			render.JSON(&b, analyze.Analyze(ctx, in.raw, opts), in.name) // writing to a buffer cannot fail
		case "markdown":
			evidencePack(ctx, &b, in, opts, &f, files)
		default:
			render.Text(&b, analyze.Analyze(ctx, in.raw, opts), in.name, st, width)
		}
		return b.Bytes()
	}
	p := newProgress(stdout, stderr, len(files))
	failed := false
	first := true
	err = pipeline(ctx, files, stdin, f.jobs, renderOne, func(in input, out []byte) error {
		p.done(in.file)
		if in.err != nil {
			p.clear()
			warn(stderr, in.err.Error())
			failed = true
			return nil
		}
		switch {
		case first || format == "json":
		case format == "markdown":
			out = append([]byte("\n---\n\n"), out...)
		default:
			out = append([]byte("\n"), out...)
		}
		first = false
		p.clear()
		if _, err := stdout.Write(out); err != nil {
			return fmt.Errorf("cannot write the report: %w; the remaining inputs were not analysed", err)
		}
		return nil
	})
	p.clear()
	if err != nil {
		return err
	}
	// What was recorded is written even when the run was interrupted.
	if err := f.record.write(); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return errInterrupted
	}
	if failed {
		return errInputs
	}
	return nil
}

// pipeline analyses the inputs with jobs workers and hands each result to
// emit in input order. At most a few results per worker are held at once,
// so memory stays bounded however many messages there are.
//
// It stops at the first error from emit (stdout is full or closed: there
// is no point analysing the rest, issue 12 B9) and as soon as ctx is
// cancelled (Ctrl-C), without waiting for an analysis in progress or for
// an input that blocks: a terminal read by "-", or a FIFO nobody writes,
// whose open(2) does not return (issue 12 B4). The goroutines left behind
// end with the process.
func pipeline(ctx context.Context, names []string, stdin io.Reader, jobs int,
	work func(context.Context, input) []byte, emit func(input, []byte) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		in  input
		out chan []byte
	}
	queue := make(chan *job)
	order := make(chan *job, 2*jobs)
	for range jobs {
		go func() {
			for j := range queue {
				j.out <- work(ctx, j.in)
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(queue)
		eachInput(names, stdin, func(in input) bool {
			j := &job{in: in, out: make(chan []byte, 1)}
			select {
			case order <- j:
			case <-ctx.Done():
				return false
			}
			if in.err != nil {
				j.out <- nil
				return true
			}
			select {
			case queue <- j:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	for {
		var j *job
		select {
		case j = <-order:
		case <-ctx.Done():
			return nil
		}
		if j == nil {
			return nil
		}
		var out []byte
		select {
		case out = <-j.out:
		case <-ctx.Done():
			return nil
		}
		j.in.raw = nil
		if err := emit(j.in, out); err != nil {
			return err
		}
	}
}

// progress shows "analysed 120 messages (3/40 inputs)" on stderr while a
// long run's output goes elsewhere: only when stderr is a terminal and
// stdout is not (the report would tear the line), and only past 20
// messages. It is used from the goroutine that emits results.
type progress struct {
	w       io.Writer
	on      bool
	n, m    int
	last    time.Time
	showing bool
}

func newProgress(stdout, stderr io.Writer, inputs int) *progress {
	return &progress{w: stderr, on: isTerminal(stderr) && !isTerminal(stdout), m: inputs}
}

// done counts one message of the file-th input (from 0).
func (p *progress) done(file int) {
	p.n++
	if !p.on || p.n <= 20 || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\ranalysed %d messages (%d/%d inputs)", p.n, file+1, p.m)
	p.showing = true
}

// clear removes the progress line before other output and at the end.
func (p *progress) clear() {
	if p.showing {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.showing = false
	}
}
