package tui

import (
	"bytes"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
)

// Bracketed paste markers (xterm "Bracketed Paste Mode"): the terminal
// sends a paste between them.
const (
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
)

// maxPaste bounds one paste, as maxFileSize bounds a file opened with o;
// a larger paste is dropped with an error that says to open it as a file.
const maxPaste = maxFileSize

// pasteReader sits between the terminal and bubbletea's input decoder and
// takes each bracketed paste out of the byte stream whole, delivering it as
// a tea.PasteMsg whose Content holds the pasted bytes exactly.
//
// bubbletea v2 (like v1) decodes a paste as text and drops every byte that
// is not valid UTF-8, and some escape sequences. A header block in Latin-1
// or with 8-bit bytes then loses them, and its DKIM signature, computed over
// the real bytes, no longer verifies: headerscope would explain a failure
// that the paste made. A Go string holds any bytes, so the native message
// type can carry them.
//
// pasteReader is a term.File (and a cancelreader.File) when it wraps one,
// so that bubbletea still puts the terminal in raw mode and can cancel a
// pending read.
type pasteReader struct {
	r     io.Reader
	send  func(tea.Msg) // tea.Program.Send; set before the program runs
	limit int           // the largest paste kept: maxPaste

	tmp     []byte // read buffer
	buf     []byte // the bytes read, not yet passed on
	out     []byte // bytes for bubbletea that did not fit in its buffer
	pasting bool   // inside a paste: buf holds its content so far
	scanned int    // how much of buf was searched for the end marker
	tooBig  bool   // the current paste passed maxPaste and is dropped
}

// Read reads from the terminal and returns what is not part of a paste.
// It delivers each complete paste before returning. Keys typed in the same
// read as a paste (rare: a terminal writes a paste on its own) come after
// it.
func (p *pasteReader) Read(b []byte) (int, error) {
	if len(p.out) > 0 {
		// Only when b is shorter than a marker: bubbletea reads 4096.
		n := copy(b, p.out)
		p.out = p.out[n:]
		return n, nil
	}
	// Outside a paste, buf holds at most a partial start marker: read no
	// more than b can take with it.
	size := len(b)
	if !p.pasting {
		size = max(size-len(p.buf), 1)
	}
	if cap(p.tmp) < size {
		p.tmp = make([]byte, size)
	}
	n, err := p.r.Read(p.tmp[:size])
	p.buf = append(p.buf, p.tmp[:n]...)
	var out []byte
	for {
		if !p.pasting {
			i := bytes.Index(p.buf, []byte(pasteStart))
			if i < 0 {
				// Keep back a partial start marker only when the read
				// filled the buffer (more is pending); a lone ESC key
				// must reach bubbletea at once. If a marker is split
				// anyway, bubbletea decodes that paste itself.
				keep := 0
				if n == size {
					keep = partialSuffix(p.buf, pasteStart)
				}
				out = append(out, p.buf[:len(p.buf)-keep]...)
				p.buf = append(p.buf[:0], p.buf[len(p.buf)-keep:]...)
				break
			}
			out = append(out, p.buf[:i]...)
			p.buf = append(p.buf[:0], p.buf[i+len(pasteStart):]...)
			p.pasting, p.tooBig, p.scanned = true, false, 0
			continue
		}
		// Search only the bytes not searched before, and the end of
		// those that were (a marker may straddle two reads).
		from := max(p.scanned-len(pasteEnd)+1, 0)
		i := bytes.Index(p.buf[from:], []byte(pasteEnd))
		if i < 0 {
			p.scanned = len(p.buf)
			if len(p.buf) > p.limit+len(pasteEnd) {
				// Drop the content but keep a possible partial end marker.
				keep := partialSuffix(p.buf, pasteEnd)
				p.buf = append(p.buf[:0], p.buf[len(p.buf)-keep:]...)
				p.scanned = len(p.buf)
				p.tooBig = true
			}
			break
		}
		i += from
		content := string(p.buf[:i])
		p.buf = append([]byte(nil), p.buf[i+len(pasteEnd):]...) // let a large paste's buffer go
		p.pasting, p.scanned = false, 0
		if p.tooBig {
			p.send(pasteTooBigMsg{})
		} else {
			p.send(tea.PasteMsg{Content: content})
		}
	}
	k := copy(b, out)
	p.out = append(p.out, out[k:]...)
	return k, err
}

// partialSuffix is the length of the longest proper prefix of marker that
// ends b.
func partialSuffix(b []byte, marker string) int {
	for k := min(len(marker)-1, len(b)); k > 0; k-- {
		if bytes.HasSuffix(b, []byte(marker[:k])) {
			return k
		}
	}
	return 0
}

// pasteTooBigMsg says that a paste was larger than maxPaste and was
// dropped.
type pasteTooBigMsg struct{}

// pasteFile is a pasteReader over a terminal device.
type pasteFile struct {
	pasteReader
	f *os.File
}

func newPasteFile(f *os.File) *pasteFile {
	return &pasteFile{pasteReader: pasteReader{r: f, limit: maxPaste}, f: f}
}

func (p *pasteFile) Write(b []byte) (int, error) { return p.f.Write(b) }
func (p *pasteFile) Close() error                { return p.f.Close() }
func (p *pasteFile) Fd() uintptr                 { return p.f.Fd() }
func (p *pasteFile) Name() string                { return p.f.Name() }
