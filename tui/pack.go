package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/render"
)

// maxPackNames bounds the search for a free file name (-2, -3…).
const maxPackNames = 1000

// packMsg says where the evidence pack of key P went, or why it did not.
type packMsg struct {
	path string
	err  error
}

// writePack writes the Markdown evidence pack of the selected message, as
// `headerscope report --format markdown` does, to a new file in the pack
// directory (the current one unless Options.PackDir says otherwise).
func (m *model) writePack() tea.Cmd {
	d := m.current()
	if d == nil || d.state != docDone || d.report == nil {
		m.setError("no checked message to write an evidence pack for; wait for the check to finish")
		return nil
	}
	m.setStatus("writing the evidence pack of " + render.Safe(d.name) + "…")
	return packCmd(m.ctx, packJob{
		name: d.name, raw: d.raw, resolver: d.resolver, now: d.now,
		live: d.live, dir: m.packDir, version: m.version,
		gallery: m.index(d) < m.gallery,
	})
}

// packJob is what a pack is made from, captured by value.
type packJob struct {
	name     string
	raw      []byte
	resolver dns.Resolver
	now      func() time.Time
	live     bool
	dir      string
	version  string
	// gallery is true for a message of the gallery, whose clock the
	// gallery pins.
	gallery bool
}

// packCmd analyses the message again with a recorder in front of its
// resolver, as report does, so that the zone the pack embeds holds
// exactly the answers its analysis used, and writes the pack.
func packCmd(ctx context.Context, j packJob) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if p := recover(); p != nil {
				msg = packMsg{err: fmt.Errorf("the analysis stopped with an internal error: %v", p)}
			}
		}()
		res := j.resolver
		if res == nil {
			res = dns.Offline{}
		}
		rec := dns.NewRecorder(res)
		started := time.Now()
		rep := analyze.Analyze(ctx, j.raw, analyze.Options{Resolver: rec, Now: j.now})
		_, offline := res.(dns.Offline)
		setup := render.PackSetup{Raw: j.raw, Version: j.version, ClockPinned: j.now != nil,
			Traces: rec.Traces(), Resolver: rec.Describe(), Offline: offline}
		if j.live {
			setup.Asked = started // a zone file's answers do not depend on when
		}
		ev := render.NewEvidence(setup)
		if j.gallery {
			ev.PinnedBy = "the gallery (headerscope with no file)"
		}
		ev.MessageFile, ev.Origin = "message.eml", j.name
		if sameFile(j.name, j.raw) {
			ev.MessageFile, ev.Source, ev.Origin = j.name, j.name, ""
		}
		ev.SetCommand(rep)
		var b bytes.Buffer
		if err := render.Markdown(&b, rep, j.name, ev); err != nil {
			return packMsg{err: err}
		}
		path, err := createNew(j.dir, "headerscope-pack-"+ev.SHA256[:12], ".md", b.Bytes())
		return packMsg{path: path, err: err}
	}
}

// sameFile reports whether name is a regular file holding exactly raw:
// the message was opened from it, and the pack can name it.
func sameFile(name string, raw []byte) bool {
	fi, err := os.Stat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(raw)) {
		return false
	}
	b, err := os.ReadFile(name)
	return err == nil && bytes.Equal(b, raw)
}

// createNew writes data to dir/base+ext, or base-2, base-3… when that
// exists: an earlier pack is never overwritten (O_EXCL).
func createNew(dir, base, ext string, data []byte) (string, error) {
	for n := 1; n <= maxPackNames; n++ {
		name := base + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", base, n, ext)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("%s%s and %d numbered copies exist already", filepath.Join(dir, base), ext, maxPackNames-1)
}

// packed reports where the pack went.
func (m *model) packed(msg packMsg) {
	if msg.err != nil {
		m.setError(fmt.Sprintf("evidence pack not written: %v; check that the directory is writable and press P again", msg.err))
		return
	}
	m.setStatus("evidence pack written to " + render.Safe(msg.path))
}
