package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/render"
)

// sbSavedMsg says where W wrote the copy, or why it could not.
type sbSavedMsg struct {
	path string
	err  error
}

// saveCmd writes raw to <name>-sandbox.eml in dir ("" is the current
// directory), or -2, -3… when that exists: a file is never overwritten
// (O_EXCL, so that two saves at once cannot take the same name either).
func saveCmd(dir, name string, raw []byte) tea.Cmd {
	return func() tea.Msg {
		if strings.HasPrefix(dir, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				dir = filepath.Join(home, dir[2:])
			}
		}
		if dir == "" {
			dir = "."
		}
		base := saveBase(name)
		for i := 1; i < 1000; i++ {
			p := filepath.Join(dir, base+"-sandbox.eml")
			if i > 1 {
				p = filepath.Join(dir, fmt.Sprintf("%s-sandbox-%d.eml", base, i))
			}
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			if err != nil {
				return sbSavedMsg{path: p, err: err}
			}
			_, err = f.Write(raw)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			return sbSavedMsg{path: p, err: err}
		}
		return sbSavedMsg{path: dir, err: errors.New("999 sandbox copies of this message exist there already")}
	}
}

// saveBase is the file name a copy is saved under, from the message's
// display name: its base name without .eml, and nothing but letters,
// digits, '.', '-' and '_' ("pasted #1" becomes "pasted-1").
func saveBase(name string) string {
	name = strings.TrimSuffix(name, " (sandbox)")
	name = filepath.Base(name)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".eml", ".txt", ".msg", ".mbox":
		name = strings.TrimSuffix(name, filepath.Ext(name))
	}
	var b strings.Builder
	dash := false
	for _, r := range name {
		ok := r < 0x80 && (r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		if !ok {
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		b.WriteRune(r)
		dash = false
	}
	s := strings.Trim(b.String(), "-.")
	if s == "" {
		s = "message"
	}
	return s
}

// saved reports a save on the status line.
func (m *model) saved(msg sbSavedMsg) {
	if msg.err != nil {
		m.setError(render.Safe(fmt.Sprintf("cannot save the copy as %q: %v; press W and give another directory", msg.path, unwrapPathErr(msg.err))))
		return
	}
	m.setStatus("saved the copy as " + render.Safe(msg.path) + " (the original file is unchanged)")
}
