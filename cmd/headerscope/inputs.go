package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/headerscope/headerscope/analyze/message"
)

// maxInputBytes bounds one input file, so that a mistaken argument (a
// disk image, /dev/zero) fails with a clear message instead of eating
// memory. A variable so that tests can lower it.
var maxInputBytes int64 = 1 << 30

// input is one message to analyse, or an input that could not be read.
type input struct {
	file int // index of the named input it came from
	name string
	raw  []byte
	err  error
	// lease, when not nil, holds the stretch of the run's ring that raw
	// lies in: done frees it once nothing uses raw any more.
	lease *lease
}

// done says that raw is no longer used, so that its memory can be reused.
func (in *input) done() {
	in.lease.release()
	in.lease, in.raw = nil, nil
}

// checkInputs rejects what no run can use: "-" twice.
func checkInputs(cmd string, names []string) error {
	n := 0
	for _, a := range names {
		if a == "-" {
			n++
		}
	}
	if n > 1 {
		return usagef(cmd, "stdin (-) given %d times; it can be read only once", n)
	}
	return nil
}

// eachInput calls fn with every message of the named inputs, in order:
// files are opened read-only, "-" is stdin, an mbox file yields one
// message per entry named "file#N". An input that cannot be read yields
// one input with err set. It stops when fn returns false. Each raw is the
// caller's to keep.
func eachInput(names []string, stdin io.Reader, fn func(input) bool) {
	eachInputIn(names, stdin, nil, fn)
}

// eachInputIn is eachInput reading files into the ring rg: fn must call
// done on each input once it no longer uses raw.
func eachInputIn(names []string, stdin io.Reader, rg *ring, fn func(input) bool) {
	for fi, name := range names {
		buf, l, err := readInputInto(name, stdin, rg)
		display := name
		if name == "-" {
			display = "stdin"
		}
		if err != nil {
			if !fn(input{file: fi, name: display, err: err}) {
				return
			}
			continue
		}
		if !message.IsMbox(buf) {
			if !fn(input{file: fi, name: display, raw: buf, lease: l}) {
				return
			}
			continue
		}
		// SplitMbox copies each message out, so the file's buffer can
		// go back at once.
		msgs := message.SplitMbox(buf)
		l.release()
		for i, m := range msgs {
			if !fn(input{file: fi, name: fmt.Sprintf("%s#%d", display, i+1), raw: m}) {
				return
			}
		}
	}
}

// readInput reads one named input whole, never writing to it.
func readInput(name string, stdin io.Reader) ([]byte, error) {
	raw, _, err := readInputInto(name, stdin, nil)
	return raw, err
}

// readInputInto reads one named input whole, never writing to the file: a
// regular file into the ring rg (nil: a heap buffer), with the lease to
// release, a stream into a heap buffer.
func readInputInto(name string, stdin io.Reader, rg *ring) ([]byte, *lease, error) {
	if name == "-" {
		raw, l, err := readAll(stdin, 0, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot read stdin: %w", err)
		}
		if len(raw) == 0 {
			l.release()
			return nil, nil, fmt.Errorf("cannot read stdin: it is empty; pipe or paste a message or its header into it")
		}
		return raw, l, nil
	}
	f, err := os.Open(name) // read-only: the input is evidence
	if err != nil {
		return nil, nil, explainOpen(name, err)
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, nil, fmt.Errorf("cannot read %q: it is a directory; give the messages in it (%s/*.eml)", name, name)
	} else if err == nil && st.Mode().IsRegular() {
		if size = st.Size(); size > maxInputBytes {
			// Known before reading: say so without reading a gigabyte.
			return nil, nil, fmt.Errorf("cannot read %q: %s", name, tooLarge())
		}
	} else {
		rg = nil // a stream: its size is not known
	}
	raw, l, err := readAll(f, size, rg)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %q: %w", name, err)
	}
	if len(raw) == 0 {
		l.release()
		return nil, nil, fmt.Errorf("cannot read %q: the file is empty; check that it is the saved message (.eml) you meant", name)
	}
	return raw, l, nil
}

// errStopped is returned when the run stopped while a read waited for
// room in the ring.
var errStopped = errors.New("the run was stopped")

// readAll reads r up to maxInputBytes. size, when known (a regular file),
// sizes the buffer at once, taken from rg when not nil; the file may still
// have grown or shrunk since. Streams (stdin, pipes, devices) are read
// into a heap buffer that doubles as it fills, and the limit is applied as
// they are read: /dev/zero fails once past maxInputBytes, not when memory
// runs out.
func readAll(r io.Reader, size int64, rg *ring) ([]byte, *lease, error) {
	var b []byte
	var l *lease
	if size > 0 {
		// +1: see EOF without growing.
		if b, l = rg.get(int(size) + 1); b == nil {
			return nil, nil, errStopped
		}
	} else {
		b = make([]byte, 0, 64<<10)
	}
	for {
		if len(b) == cap(b) {
			if int64(len(b)) > maxInputBytes {
				l.release()
				return nil, nil, errors.New(tooLarge())
			}
			// Grown since stat, or a stream: move to a larger heap buffer.
			next := min(int64(2*cap(b)), maxInputBytes+1)
			nb := append(make([]byte, 0, next), b...)
			l.release()
			b, l = nb, nil
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > maxInputBytes {
			l.release()
			return nil, nil, errors.New(tooLarge())
		}
		if err == io.EOF {
			return b, l, nil
		}
		if err != nil {
			l.release()
			return nil, nil, err
		}
	}
}

func tooLarge() string {
	return fmt.Sprintf("larger than %d MiB, the most headerscope reads from one input; split it (an mbox can be split into files) and give the parts", maxInputBytes>>20)
}

// explainOpen says why a file could not be opened and what to do.
func explainOpen(name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot read %q: no such file; check the path", name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot read %q: permission denied; check the file's permissions or run as a user who may read it", name)
	}
	return fmt.Errorf("cannot read %q: %w", name, err)
}
