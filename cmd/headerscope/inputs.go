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
// have grown since, and what does not fit is read as a stream. A stream
// (stdin, a pipe, a device) is read in chunks that are never copied as
// they fill, and the limit is applied as they come: /dev/zero fails once
// past maxInputBytes, having held at most that much.
func readAll(r io.Reader, size int64, rg *ring) ([]byte, *lease, error) {
	if size <= 0 {
		raw, err := readStream(r, nil)
		return raw, nil, err
	}
	// +1: see EOF without growing.
	b, l := rg.get(int(size) + 1)
	if b == nil {
		return nil, nil, errStopped
	}
	for len(b) < cap(b) {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, l, nil
		}
		if err != nil {
			l.release()
			return nil, nil, err
		}
	}
	// The file grew since it was measured.
	raw, err := readStream(r, b)
	l.release()
	return raw, nil, err
}

// readStream reads r to its end after the bytes of first, in chunks that
// double up to maxChunk, and returns it all in one buffer; it stops with
// an error as soon as the total passes maxInputBytes.
func readStream(r io.Reader, first []byte) ([]byte, error) {
	const maxChunk = 16 << 20
	var chunks [][]byte
	total := int64(len(first))
	if len(first) > 0 {
		chunks = append(chunks, first)
	}
	next := 64 << 10
	for {
		c := make([]byte, 0, min(int64(next), maxInputBytes+1-total+1))
		adviseHuge(c[:cap(c)]) // a fault per 2 MB, not per 4 KB page
		for len(c) < cap(c) {
			n, err := r.Read(c[len(c):cap(c)])
			c = c[:len(c)+n]
			total += int64(n)
			if total > maxInputBytes {
				return nil, errors.New(tooLarge())
			}
			if err == io.EOF {
				return join(append(chunks, c), total), nil
			}
			if err != nil {
				return nil, err
			}
		}
		chunks = append(chunks, c)
		next = min(2*next, maxChunk)
	}
}

// join returns the chunks as one buffer of n bytes.
func join(chunks [][]byte, n int64) []byte {
	if len(chunks) == 1 {
		return chunks[0]
	}
	out := make([]byte, 0, n)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out
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
