package tui

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dns"
)

// chunks is a reader that returns its chunks as separate reads, each cut
// to the caller's buffer, as a terminal delivers what was written to it.
type chunks []string

func (c *chunks) Read(b []byte) (int, error) {
	for len(*c) > 0 && (*c)[0] == "" {
		*c = (*c)[1:]
	}
	if len(*c) == 0 {
		return 0, io.EOF
	}
	n := copy(b, (*c)[0])
	(*c)[0] = (*c)[0][n:]
	return n, nil
}

func TestPasteReader(t *testing.T) {
	tests := []struct {
		name   string
		reads  []string
		bufLen int // the size of each Read's buffer
		limit  int
		keys   string   // what bubbletea gets
		pastes []string // the pastes delivered; "too big" for pasteTooBigMsg
	}{
		{name: "keys only, a lone ESC at once", reads: []string{"jk", "\x1b"}, keys: "jk\x1b"},
		{name: "every byte of a paste", reads: []string{"\x1b[200~Caf\xe9\r\tb\x1b[2Jc\x00\xff\xfe\u202e\x1b[201~"},
			pastes: []string{"Caf\xe9\r\tb\x1b[2Jc\x00\xff\xfe\u202e"}},
		{name: "keys around a paste", reads: []string{"x\x1b[200~p\x1b[201~y"}, keys: "xy", pastes: []string{"p"}},
		{name: "an empty paste", reads: []string{"\x1b[200~\x1b[201~"}, pastes: []string{""}},
		{name: "two pastes", reads: []string{"\x1b[200~a\x1b[201~\x1b[200~b\x1b[201~"}, pastes: []string{"a", "b"}},
		{name: "a paste over many reads, end marker split", reads: []string{"\x1b[200~ab", "c\x1b[2", "01", "~z"},
			keys: "z", pastes: []string{"abc"}},
		{name: "start marker split across full reads", reads: []string{"\x1b[20", "0~ab\x1b[201~"}, bufLen: 4,
			pastes: []string{"ab"}},
		{name: "a marker's look-alike is a key", reads: []string{"\x1b[20~"}, keys: "\x1b[20~"},
		{name: "a paste past the limit is dropped", reads: []string{"\x1b[200~0123456789", "abcdef\x1b[20", "1~k"}, limit: 8,
			keys: "k", pastes: []string{"too big"}},
		{name: "a paste at the limit is kept", reads: []string{"\x1b[200~01234567\x1b[201~"}, limit: 8,
			pastes: []string{"01234567"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := chunks(append([]string(nil), tt.reads...))
			var pastes []string
			p := &pasteReader{r: &src, limit: maxPaste, send: func(msg tea.Msg) {
				switch msg := msg.(type) {
				case tea.PasteMsg:
					pastes = append(pastes, msg.Content)
				case pasteTooBigMsg:
					pastes = append(pastes, "too big")
				default:
					t.Errorf("sent %T", msg)
				}
			}}
			if tt.limit > 0 {
				p.limit = tt.limit
			}
			n := tt.bufLen
			if n == 0 {
				n = 4096
			}
			var keys []byte
			for range 100 {
				b := make([]byte, n)
				k, err := p.Read(b)
				keys = append(keys, b[:k]...)
				if err == io.EOF {
					break
				}
			}
			if string(keys) != tt.keys {
				t.Errorf("keys = %q, want %q", keys, tt.keys)
			}
			if strings.Join(pastes, "|") != strings.Join(tt.pastes, "|") || len(pastes) != len(tt.pastes) {
				t.Errorf("pastes = %q, want %q", pastes, tt.pastes)
			}
		})
	}
}

// TestBracketedPasteKeepsEveryByte pastes, through the real bubbletea
// input loop (a pipe stands for the terminal), the header block of a
// message whose Subject and From hold Latin-1 bytes that are not valid
// UTF-8. bubbletea alone drops them; the program must open the paste with
// every byte, so that its DKIM header signature verifies.
func TestBracketedPasteKeepsEveryByte(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "mail", "dkim-pass-8bit-subject.eml"))
	if err != nil {
		t.Fatal(err)
	}
	zone, err := dns.LoadZone(filepath.Join("..", "testdata", "dns", "fixtures.zone"))
	if err != nil {
		t.Fatal(err)
	}
	// Judged at its own t= (make-8bit.sh signs with the real clock).
	ts := regexp.MustCompile(`\bt=(\d+)`).FindSubmatch(raw)
	if ts == nil {
		t.Fatal("the fixture has no t=")
	}
	sec, _ := strconv.ParseInt(string(ts[1]), 10, 64)
	signed := time.Unix(sec, 0).UTC()

	m, err := build(t.Context(), Options{Inputs: []Input{{Name: "file.eml", Raw: raw}},
		Resolver: zone, Now: func() time.Time { return signed }})
	if err != nil {
		t.Fatal(err)
	}
	head := strings.SplitN(string(raw), "\r\n\r\n", 2)[0] + "\r\n"
	if !strings.Contains(head, "\xe9") {
		t.Fatal("the fixture lost its Latin-1 byte")
	}

	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	in := newPasteFile(pr)
	// The pasted message is the second document; its analysis ends the run.
	analysed := make(chan struct{})
	var once sync.Once
	p := tea.NewProgram(m, tea.WithContext(t.Context()), tea.WithInput(in), tea.WithOutput(io.Discard),
		tea.WithWindowSize(80, 24), tea.WithoutSignals(),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			if a, ok := msg.(analyzedMsg); ok && a.id == 1 {
				once.Do(func() { close(analysed) })
			}
			return msg
		}))
	in.send = p.Send
	type result struct {
		m   tea.Model
		err error
	}
	done := make(chan result, 1)
	go func() {
		fm, err := p.Run()
		done <- result{fm, err}
	}()
	// A terminal sends a paste's line ends as CR.
	if _, err := io.WriteString(pw, pasteStart+strings.ReplaceAll(head, "\r\n", "\r")+pasteEnd); err != nil {
		t.Fatal(err)
	}
	select {
	case <-analysed:
	case r := <-done:
		t.Fatalf("the program ended before the paste was analysed: %v", r.err)
	}
	p.Quit()
	r := <-done
	pw.Close()
	if r.err != nil {
		t.Fatal(r.err)
	}
	fm := r.m.(*model)
	if len(fm.docs) != 2 {
		t.Fatalf("%d documents, want the file and the paste", len(fm.docs))
	}
	d := fm.docs[1]
	if string(d.raw) != head {
		t.Errorf("pasted bytes = %q\nwant %q", d.raw, head)
	}
	if d.report == nil || len(d.report.DKIM) != 1 {
		t.Fatalf("paste not analysed: %+v", d.report)
	}
	if got := d.report.DKIM[0].Header.Status; got != dkim.Match {
		t.Errorf("pasted header signature = %q, want %q (%s)", got, dkim.Match, d.report.DKIM[0].Reason)
	}
}
