package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/render"
)

// maxCandidates bounds the names a completion lists in the status line.
const maxCandidates = 8

// completionMsg carries the completions of a path typed after o.
type completionMsg struct {
	typed string   // the value completed, to drop an answer to an old one
	names []string // matching entries, full paths as typed, directories with a trailing /
}

// completeCmd lists the directory entries that complete typed (reading a
// directory is I/O, so in a tea.Cmd). "~/" stands for the home directory
// and is kept as typed.
func completeCmd(typed string) tea.Cmd {
	return func() tea.Msg {
		dir, base := filepath.Split(typed)
		real := dir
		if strings.HasPrefix(dir, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				real = filepath.Join(home, dir[2:]) + "/"
			}
		}
		if real == "" {
			real = "."
		}
		entries, err := os.ReadDir(real)
		if err != nil {
			return completionMsg{typed: typed}
		}
		var names []string
		for _, e := range entries {
			n := e.Name()
			if !strings.HasPrefix(n, base) || (strings.HasPrefix(n, ".") && !strings.HasPrefix(base, ".")) {
				continue
			}
			if e.IsDir() {
				n += "/"
			}
			names = append(names, dir+n)
		}
		slices.Sort(names)
		return completionMsg{typed: typed, names: names}
	}
}

// completed extends the prompt to the longest common prefix of the
// matches and lists them when there is more than one.
func (m *model) completed(msg completionMsg) {
	if m.prompt != promptOpen || m.input.Value() != msg.typed {
		return
	}
	switch len(msg.names) {
	case 0:
		m.setStatus("no file name starts with " + render.Safe(filepath.Base(msg.typed)))
		return
	case 1:
		m.input.SetValue(msg.names[0])
		m.input.CursorEnd()
		return
	}
	p := msg.names[0]
	for _, n := range msg.names[1:] {
		for !strings.HasPrefix(n, p) {
			p = p[:len(p)-1]
		}
	}
	if len(p) > len(msg.typed) {
		m.input.SetValue(p)
		m.input.CursorEnd()
	}
	shown := msg.names
	more := ""
	if len(shown) > maxCandidates {
		shown, more = shown[:maxCandidates], " …"
	}
	var bases []string
	for _, n := range shown {
		bases = append(bases, render.Safe(filepath.Base(strings.TrimSuffix(n, "/")))+map[bool]string{true: "/"}[strings.HasSuffix(n, "/")])
	}
	m.setStatus(strings.Join(bases, "  ") + more)
}
