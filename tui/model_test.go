package tui

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/headerscope/headerscope/analyze/dns"
)

// -update rewrites testdata/*.golden. teatest's golden package registers
// a flag of that name too; both then read the same one.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite testdata/*.golden")
	}
}

func updating() bool { return flag.Lookup("update").Value.String() == "true" }

// testNow is the clock of every test; the fixtures were signed before it.
var testNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// newTestModel opens the named fixtures from testdata/mail with the
// fixture zone, a pinned clock, no colour, and a buffer as the terminal.
func newTestModel(t *testing.T, names ...string) (*model, *bytes.Buffer) {
	t.Helper()
	m, clip := buildTestModel(t, names...)
	run(t, m, m.Init())
	return m, clip
}

// buildTestModel is newTestModel without running Init.
func buildTestModel(t *testing.T, names ...string) (*model, *bytes.Buffer) {
	t.Helper()
	zone, err := dns.LoadZone(filepath.Join("testdata", "dns", "test.zone"))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Resolver: steadyClock{zone}, Now: func() time.Time { return testNow }}
	for _, n := range names {
		raw, err := os.ReadFile(filepath.Join("testdata", "mail", n))
		if err != nil {
			t.Fatal(err)
		}
		opts.Inputs = append(opts.Inputs, Input{Name: n, Raw: raw})
	}
	m, err := build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	m.wall = func() time.Time { return testNow.Add(10*time.Hour + 4*time.Minute + 5*time.Second) }
	return m, clipboard(m)
}

// clipboards hold what each test model copied, as the terminal would
// receive it: the OSC 52 sequences the runtime writes for tea.SetClipboard.
var clipboards sync.Map // *model -> *bytes.Buffer

func clipboard(m *model) *bytes.Buffer {
	b, _ := clipboards.LoadOrStore(m, &bytes.Buffer{})
	return b.(*bytes.Buffer)
}

// copied returns the value msg asks the runtime to put on the clipboard.
// tea.SetClipboard's message type is unexported; a message equal to the
// one SetClipboard makes for the same string is one.
func copied(msg tea.Msg) (string, bool) {
	if _, ok := msg.(fmt.Stringer); ok {
		return "", false
	}
	s := fmt.Sprint(msg)
	return s, msg == tea.SetClipboard(s)()
}

// run executes cmd and feeds what it returns back into Update until
// nothing is left, as the bubbletea runtime would, minus timers.
func run(t *testing.T, m *model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			t.Fatal("commands did not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case spinner.TickMsg, nil:
			// Timers would run forever; the spinner's frame is not
			// part of what the tests check.
		default:
			if _, ok := msg.(tea.QuitMsg); ok {
				continue
			}
			if v, ok := copied(msg); ok {
				clipboard(m).WriteString(ansi.SetSystemClipboard(v))
				continue
			}
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// send delivers one message to Update and runs the commands it returns.
func send(t *testing.T, m *model, msgs ...tea.Msg) {
	t.Helper()
	for _, msg := range msgs {
		_, cmd := m.Update(msg)
		run(t, m, cmd)
	}
}

// keys turns "tab", "j", "4" ... into key presses.
func keys(ks ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range ks {
		switch k {
		case "tab":
			out = append(out, tea.KeyPressMsg{Code: tea.KeyTab})
		case "shift+tab":
			out = append(out, tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
		case "enter":
			out = append(out, tea.KeyPressMsg{Code: tea.KeyEnter})
		case "esc":
			out = append(out, tea.KeyPressMsg{Code: tea.KeyEscape})
		case "down":
			out = append(out, tea.KeyPressMsg{Code: tea.KeyDown})
		case "right":
			out = append(out, tea.KeyPressMsg{Code: tea.KeyRight})
		default:
			out = append(out, typed(k)...)
		}
	}
	return out
}

// typed is s typed one key at a time.
func typed(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// golden compares the ANSI-stripped screen with testdata/name.golden.
func golden(t *testing.T, m *model, name string) {
	t.Helper()
	got := ansi.Strip(m.screen())
	// Trailing blanks depend on padding, not on what a person sees.
	lines := strings.Split(got, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	got = strings.Join(lines, "\n") + "\n"
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("screen %s differs from %s (go test ./tui -update rewrites it)\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// steadyClock reports every lookup as taking no time, so that the DNS
// view is the same on every run.
type steadyClock struct{ dns.Resolver }

func (s steadyClock) Lookup(ctx context.Context, name, qtype string) *dns.Trace {
	t := s.Resolver.Lookup(ctx, name, qtype)
	t.Duration = 0
	return t
}
