package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
)

// exitInterrupted is the exit status after a second Ctrl-C: 128 + SIGINT,
// as shells report a process killed by it.
const exitInterrupted = 130

// interruptContext returns a context cancelled by the first Ctrl-C
// (SIGINT), so that the current command stops as soon as it can and says
// "interrupted". A second Ctrl-C calls exit at once, whatever the program
// is doing: blocked reading a terminal, in open(2) on a FIFO that nobody
// writes, or in a long analysis (issue 12, B4). signal.NotifyContext
// alone would swallow the second one.
func interruptContext(parent context.Context, stderr io.Writer, exit func()) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-done:
			return
		}
		select {
		case <-sigs:
			warn(stderr, "interrupted again: exiting at once")
			exit()
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}

// errInterrupted ends a command stopped by Ctrl-C.
var errInterrupted = errors.New("interrupted")

// readInputs calls fn with every input, as eachInput does, but returns
// errInterrupted as soon as ctx is cancelled, even while reading blocks
// (a terminal given as "-", a FIFO nobody writes): the reading goroutine
// is abandoned, and ends with the process.
func readInputs(ctx context.Context, names []string, stdin io.Reader, fn func(input)) error {
	ins := make(chan input)
	go func() {
		defer close(ins)
		eachInput(names, stdin, func(in input) bool {
			select {
			case ins <- in:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	for {
		select {
		case in, ok := <-ins:
			if !ok {
				return nil
			}
			fn(in)
		case <-ctx.Done():
			return errInterrupted
		}
	}
}
