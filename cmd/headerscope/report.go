package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
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
                         in README.md), markdown (an evidence pack per message)
                         or lesson (every verification walked through step by
                         step, as the TUI's w shows it: a handout for a class)
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
	case "json", "markdown", "lesson":
		return f.format, nil
	}
	return "", usagef("report", "--format %q: give text, json, markdown or lesson", f.format)
}

// runReport is `headerscope report`.
func runReport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	var f reportFlags
	f.register(fs)
	fs.BoolVar(&f.json, "json", false, "print JSON Lines")
	fs.StringVar(&f.format, "format", "", "text, json, markdown or lesson")
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
	// The report prints no body-line trace, so none is computed; keys are
	// parsed once per run.
	opts := analyze.Options{Resolver: res, Now: now, MaxSignatures: f.maxSigs, MaxLookups: f.maxLookups, Timeout: f.timeout,
		NoBodyLines: true, Keys: &dkim.KeyCache{}}
	if len(files) > 1 {
		defer tuneGCForBatch()()
	}
	st, width := textStyle(stdout)
	// Output buffers go back to a pool once printed, so that a batch
	// does not grow a fresh one for every message.
	var outs sync.Pool
	renderOne := func(ctx context.Context, in input) []byte {
		b, _ := outs.Get().(*bytes.Buffer)
		if b == nil {
			b = new(bytes.Buffer)
		}
		b.Reset()
		switch format {
		case "json":
			render.JSON(b, analyze.Analyze(ctx, in.raw, opts), in.name) // writing to a buffer cannot fail
		case "markdown":
			evidencePack(ctx, b, in, opts, &f, files)
		case "lesson":
			render.LessonsText(b, analyze.Analyze(ctx, in.raw, opts), in.name, st, width)
		default:
			render.Text(b, analyze.Analyze(ctx, in.raw, opts), in.name, st, width)
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
		sep := ""
		switch {
		case first || format == "json":
		case format == "markdown":
			sep = "\n---\n\n"
		default:
			sep = "\n"
		}
		first = false
		p.clear()
		_, err := io.WriteString(stdout, sep)
		if err == nil {
			_, err = stdout.Write(out)
		}
		outs.Put(bytes.NewBuffer(out[:0]))
		if err != nil {
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

// windowBytes bounds the bytes a batch run holds ahead of its output:
// input read but not yet analysed (in a ring of this size, reused from file
// to file), and results waiting for an earlier message to be printed. One
// input is always let in, however large, so that any file up to
// maxInputBytes can be analysed.
var windowBytes = 48 << 20

// maxPending bounds the number of inputs in the window, whatever their
// size, so that a run over many tiny files holds a bounded number of
// results.
const maxPending = 4096

// pipeline analyses the inputs with jobs workers and hands each result to
// emit in input order. One goroutine reads ahead while the workers
// analyse; the reorder window is bounded in bytes, not in messages, so
// that a 20 MB message being analysed does not hold up the reader, and
// with it the other workers. work must not keep in.raw.
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
		in   input
		size int64
		out  chan []byte
	}
	rg := newRing(ringSize(names, windowBytes))
	win := newByteWindow(int64(windowBytes))
	queue := make(chan *job, maxPending)
	order := make(chan *job, maxPending)
	for range jobs {
		go func() {
			for j := range queue {
				out := work(ctx, j.in)
				j.in.done()
				// The result now stands for the input in the window.
				win.resize(j.size, int64(len(out)))
				j.size = int64(len(out))
				j.out <- out
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(queue)
		eachInputIn(names, stdin, rg, func(in input) bool {
			if ctx.Err() != nil {
				in.done()
				return false
			}
			j := &job{in: in, size: int64(len(in.raw)), out: make(chan []byte, 1)}
			if !win.acquire(j.size) {
				in.done()
				return false
			}
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
	stop := func() {
		// Read no more: the reader may be waiting for room.
		win.stop()
		rg.stop()
	}
	for {
		var j *job
		select {
		case j = <-order:
		case <-ctx.Done():
			stop()
			return nil
		}
		if j == nil {
			return nil
		}
		var out []byte
		select {
		case out = <-j.out:
		case <-ctx.Done():
			stop()
			return nil
		}
		if err := emit(j.in, out); err != nil {
			stop()
			return err
		}
		win.release(j.size)
	}
}

// byteWindow counts the bytes in flight and makes the reader wait while
// they would exceed max.
type byteWindow struct {
	mu      sync.Mutex
	cond    *sync.Cond
	used    int64
	max     int64
	stopped bool
}

func newByteWindow(max int64) *byteWindow {
	w := &byteWindow{max: max}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// acquire waits until n bytes fit (or nothing is in flight), and takes
// them. It returns false, taking nothing, once stop was called.
func (w *byteWindow) acquire(n int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for !w.stopped && w.used > 0 && w.used+n > w.max {
		w.cond.Wait()
	}
	if w.stopped {
		return false
	}
	w.used += n
	return true
}

// resize replaces n bytes in flight by m, without waiting.
func (w *byteWindow) resize(n, m int64) {
	w.mu.Lock()
	w.used += m - n
	w.mu.Unlock()
	w.cond.Broadcast()
}

// release gives n bytes back.
func (w *byteWindow) release(n int64) { w.resize(n, 0) }

// stop makes acquire return false from now on.
func (w *byteWindow) stop() {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
	w.cond.Broadcast()
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
