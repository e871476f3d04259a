package main

import (
	"bytes"
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
// one input with err set. It stops when fn returns false.
func eachInput(names []string, stdin io.Reader, fn func(input) bool) {
	for fi, name := range names {
		raw, err := readInput(name, stdin)
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
		if !message.IsMbox(raw) {
			if !fn(input{file: fi, name: display, raw: raw}) {
				return
			}
			continue
		}
		for i, m := range message.SplitMbox(raw) {
			if !fn(input{file: fi, name: fmt.Sprintf("%s#%d", display, i+1), raw: m}) {
				return
			}
		}
	}
}

// readInput reads one named input whole, never writing to it.
func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		raw, err := readAll(stdin, 0)
		if err != nil {
			return nil, fmt.Errorf("cannot read stdin: %w", err)
		}
		if len(raw) == 0 {
			return nil, fmt.Errorf("cannot read stdin: it is empty; pipe or paste a message or its header into it")
		}
		return raw, nil
	}
	f, err := os.Open(name) // read-only: the input is evidence
	if err != nil {
		return nil, explainOpen(name, err)
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("cannot read %q: it is a directory; give the messages in it (%s/*.eml)", name, name)
	} else if err == nil && st.Mode().IsRegular() {
		if size = st.Size(); size > maxInputBytes {
			// Known before reading: say so without reading a gigabyte.
			return nil, fmt.Errorf("cannot read %q: %s", name, tooLarge())
		}
	}
	raw, err := readAll(f, size)
	if err != nil {
		return nil, fmt.Errorf("cannot read %q: %w", name, err)
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("cannot read %q: the file is empty; check that it is the saved message (.eml) you meant", name)
	}
	return raw, nil
}

// readAll reads r up to maxInputBytes. size, when known, sizes the buffer
// at once, so that a large file is not copied again and again as the
// buffer grows.
func readAll(r io.Reader, size int64) ([]byte, error) {
	var b bytes.Buffer
	if size > 0 {
		b.Grow(int(size) + bytes.MinRead)
	}
	if _, err := b.ReadFrom(io.LimitReader(r, maxInputBytes+1)); err != nil {
		return nil, err
	}
	if int64(b.Len()) > maxInputBytes {
		return nil, errors.New(tooLarge())
	}
	return b.Bytes(), nil
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
