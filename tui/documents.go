package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
)

// maxFileSize bounds a file opened from inside the program, so that a
// mistyped path to a disk image does not exhaust memory.
const maxFileSize = 64 << 20

// docState says where a message is in its analysis.
type docState int

const (
	docPending docState = iota // not analysed yet
	docRunning                 // a tea.Cmd is analysing it
	docDone                    // report (or err) is set
)

// document is one message open in the program, with what answers its DNS
// questions and its latest report.
type document struct {
	name     string
	raw      []byte // never modified
	resolver dns.Resolver
	now      func() time.Time
	// clock describes the clock for display: "pinned to ..." or "now".
	clock string
	// note is shown under the summary: how the message was obtained and
	// what was done to it (line ends normalised after a paste).
	note string
	// live is true when resolver asks DNS servers on the network; a
	// lookup can tell the signer's DNS that the message was opened.
	live bool
	// canGoLive is true for a message opened offline only because no DNS
	// flag was given: L re-checks it live.
	canGoLive bool

	// rowWidth caches the width of the message's row, measured for
	// rowWidthOf in rowWidthState (see rowDelegate.width).
	rowWidth      int
	rowWidthOf    *analyze.Report
	rowWidthState docState

	state  docState
	gen    int // bumped by each re-run; stale results are dropped
	report *analyze.Report
	err    string
}

// dnsSource says who answers this message's DNS questions.
func (d *document) dnsSource() string {
	if d.report != nil && d.report.Resolver != "" {
		return d.report.Resolver
	}
	if d.resolver == nil {
		return dns.Offline{}.Describe()
	}
	return d.resolver.Describe()
}

// analyzedMsg carries a finished analysis back to Update.
type analyzedMsg struct {
	id, gen int
	report  *analyze.Report
	err     string
}

// analyzeCmd analyses raw in the background. Everything it needs is
// captured by value; a panic in the engine (attacker-controlled bytes) is
// turned into an error on screen instead of taking the terminal down.
func analyzeCmd(ctx context.Context, id, gen int, raw []byte, res dns.Resolver, now func() time.Time) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if p := recover(); p != nil {
				msg = analyzedMsg{id: id, gen: gen, err: fmt.Sprintf("the analysis stopped with an internal error: %v; press r to retry, and please report it", p)}
			}
		}()
		rep := analyze.Analyze(ctx, raw, analyze.Options{Resolver: res, Now: now})
		return analyzedMsg{id: id, gen: gen, report: rep}
	}
}

// fileMsg carries the messages read from a file opened with o.
type fileMsg struct {
	path string
	msgs [][]byte
	err  error
}

// readFileCmd reads path (an mbox becomes several messages).
func readFileCmd(path string) tea.Cmd {
	return func() tea.Msg {
		p := path
		if strings.HasPrefix(p, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				p = filepath.Join(home, p[2:])
			}
		}
		f, err := os.Open(p)
		if err != nil {
			return fileMsg{path: path, err: err}
		}
		defer f.Close()
		raw, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
		if err != nil {
			return fileMsg{path: path, err: err}
		}
		if len(raw) > maxFileSize {
			return fileMsg{path: path, err: fmt.Errorf("larger than %d MiB", maxFileSize>>20)}
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			return fileMsg{path: path, err: errors.New("the file is empty")}
		}
		if message.IsMbox(raw) {
			return fileMsg{path: path, msgs: message.SplitMbox(raw)}
		}
		return fileMsg{path: path, msgs: [][]byte{raw}}
	}
}

// normalizePaste turns the line ends of pasted text into CRLF. Terminals
// send a paste's line ends as CR (tmux and xterm replace LF with CR), so
// the original ones are lost; CRLF is what RFC 5322 and the signer used.
// Every other byte is kept, tabs included.
func normalizePaste(s string) []byte {
	out := make([]byte, 0, len(s)+len(s)/32)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\r':
			out = append(out, '\r', '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
			out = append(out, '\r', '\n')
		default:
			out = append(out, c)
		}
	}
	return out
}
