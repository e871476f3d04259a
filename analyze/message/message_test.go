package message

import (
	"bytes"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		fields   []string // names
		body     string
		hasBody  bool
		problems int
		ends     LineEnds
	}{
		{"crlf", "A: 1\r\nB: 2\r\n\r\nbody\r\n", []string{"A", "B"}, "body\r\n", true, 0, LineEnds{CRLF: 4}},
		{"lf", "A: 1\nB: 2\n\nbody\n", []string{"A", "B"}, "body\n", true, 0, LineEnds{BareLF: 4}},
		{"folded", "A: 1\r\n 2\r\n\tthree\r\nB: x\r\n\r\n", []string{"A", "B"}, "", true, 0, LineEnds{CRLF: 5}},
		{"headers only", "A: 1\r\nB: 2\r\n", []string{"A", "B"}, "", false, 0, LineEnds{CRLF: 2}},
		{"headers only no final eol", "A: 1\r\nB: 2", []string{"A", "B"}, "", false, 0, LineEnds{CRLF: 1}},
		{"empty body", "A: 1\r\n\r\n", []string{"A"}, "", true, 0, LineEnds{CRLF: 2}},
		{"no colon", "A: 1\r\ngarbage line\r\nB: 2\r\n\r\n", []string{"A", "B"}, "", true, 1, LineEnds{CRLF: 4}},
		{"leading continuation", " x\r\nA: 1\r\n\r\n", []string{"A"}, "", true, 1, LineEnds{CRLF: 3}},
		{"mbox from line", "From alice@example.com Mon Jan 1 00:00:00 2024\nA: 1\n\nb", []string{"A"}, "b", true, 1, LineEnds{BareLF: 3}},
		{"space before colon", "Subject : hi\r\n\r\n", []string{"Subject"}, "", true, 0, LineEnds{CRLF: 2}},
		{"bare cr", "A: 1\r2\r\n\r\n", []string{"A"}, "", true, 0, LineEnds{CRLF: 2, BareCR: 1}},
		{"empty", "", nil, "", false, 0, LineEnds{}},
	}
	for _, tt := range tests {
		m := Parse([]byte(tt.in))
		var names []string
		var joined []byte
		for _, f := range m.Fields {
			names = append(names, f.Name)
			joined = append(joined, f.Raw...)
			if !bytes.Equal(f.Raw, m.Raw[f.Offset:f.Offset+len(f.Raw)]) {
				t.Errorf("%s: field %q raw is not at its offset", tt.name, f.Name)
			}
		}
		// Without problems, the fields are the header block, byte for
		// byte: nothing before, between or inside them is lost.
		if tt.problems == 0 && !bytes.Equal(joined, m.Raw[:len(joined)]) {
			t.Errorf("%s: Parse(%q) fields joined = %q, not the start of the input", tt.name, tt.in, joined)
		}
		if strings.Join(names, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%s: Parse(%q) fields = %q, want %q", tt.name, tt.in, names, tt.fields)
		}
		if string(m.Body) != tt.body || m.HasBody != tt.hasBody {
			t.Errorf("%s: Parse(%q) body = %q (has %v), want %q (has %v)", tt.name, tt.in, m.Body, m.HasBody, tt.body, tt.hasBody)
		}
		if len(m.Problems) != tt.problems {
			t.Errorf("%s: Parse(%q) problems = %v, want %d", tt.name, tt.in, m.Problems, tt.problems)
		}
		if m.LineEnds != tt.ends {
			t.Errorf("%s: Parse(%q) line ends = %+v, want %+v", tt.name, tt.in, m.LineEnds, tt.ends)
		}
	}
}

func TestFieldValueAndLines(t *testing.T) {
	m := Parse([]byte("X: a\r\nSubject:  hello\r\n world\r\n\r\nline1\r\n"))
	if len(m.Fields) != 2 {
		t.Fatalf("fields = %d", len(m.Fields))
	}
	f := m.Fields[1]
	if got := string(f.Value()); got != "  hello\r\n world" {
		t.Errorf("Value() = %q", got)
	}
	if f.Line != 2 || m.BodyLine != 5 {
		t.Errorf("field line %d body line %d, want 2 and 5", f.Line, m.BodyLine)
	}
	if got := m.Header("subject"); len(got) != 1 {
		t.Errorf("Header(subject) = %v", got)
	}
}

func TestSplitMbox(t *testing.T) {
	in := "From a@example.com Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody one\n>From the start\n>>From quoted\n\n" +
		"From b@example.com Mon Jan  1 00:00:01 2024\nSubject: two\n\nbody two\n"
	msgs := SplitMbox([]byte(in))
	if len(msgs) != 2 {
		t.Fatalf("SplitMbox: %d messages, want 2", len(msgs))
	}
	if want := "Subject: one\n\nbody one\nFrom the start\n>From quoted\n"; string(msgs[0]) != want {
		t.Errorf("message 1 = %q, want %q", msgs[0], want)
	}
	if want := "Subject: two\n\nbody two\n"; string(msgs[1]) != want {
		t.Errorf("message 2 = %q, want %q", msgs[1], want)
	}
	if !IsMbox([]byte(in)) || IsMbox([]byte("Subject: x\n\n")) {
		t.Error("IsMbox wrong")
	}
	if got := SplitMbox([]byte("Subject: x\n\n")); len(got) != 1 {
		t.Errorf("SplitMbox of a plain message = %d messages", len(got))
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"A: 1\r\n\r\nb", "A: 1\n 2\n\nb\n", "From x\nA: b\n", " \r\n:\r\n\r\n", "a\rb: c\r\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := Parse(raw)
		end := 0
		for _, fl := range m.Fields {
			if fl.Offset < end || fl.Offset+len(fl.Raw) > len(raw) || !bytes.Equal(fl.Raw, raw[fl.Offset:fl.Offset+len(fl.Raw)]) {
				t.Fatalf("field %q out of place", fl.Name)
			}
			end = fl.Offset + len(fl.Raw)
		}
		if m.HasBody && !bytes.Equal(m.Body, raw[m.BodyOffset:]) {
			t.Fatalf("body is not the tail of the input")
		}
	})
}

func FuzzSplitMbox(f *testing.F) {
	f.Add([]byte("From a\nA: 1\n\n>From x\n\nFrom b\nB: 2\n\n"))
	f.Add([]byte("From \n\n\nFrom \r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		total := 0
		for _, m := range SplitMbox(raw) {
			total += len(m)
		}
		if total > len(raw) {
			t.Fatalf("split produced %d bytes from %d", total, len(raw))
		}
	})
}

func FuzzCountLineEnds(f *testing.F) {
	f.Add([]byte("a\r\nb\nc\rd\r\r\n\n"))
	f.Add([]byte("1234567\r\n1234567\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got LineEnds
		countLineEnds(b, &got)
		var want LineEnds
		for i, c := range b {
			switch {
			case c == '\n' && i > 0 && b[i-1] == '\r':
				want.CRLF++
			case c == '\n':
				want.BareLF++
			case c == '\r' && (i+1 >= len(b) || b[i+1] != '\n'):
				want.BareCR++
			}
		}
		if got != want {
			t.Fatalf("countLineEnds(%q) = %+v, want %+v", b, got, want)
		}
	})
}

// BenchmarkCountLineEnds counts the line ends of a 20 MB message with CRLF
// lines of mail-like length, as Parse does for every message.
func BenchmarkCountLineEnds(b *testing.B) {
	line := []byte("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\r\n")
	raw := bytes.Repeat(line, (20<<20)/len(line))
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		var le LineEnds
		countLineEnds(raw, &le)
		if le.CRLF != len(raw)/len(line) || le.BareLF != 0 {
			b.Fatalf("%+v", le)
		}
	}
}

// TestCountLineEndsBlocks puts a CRLF across the boundary of the blocks
// countLineEnds works in, with sparse and with dense CRs before it.
func TestCountLineEndsBlocks(t *testing.T) {
	for _, fill := range []byte{'a', '\r'} {
		b := bytes.Repeat([]byte{fill}, lineEndBlock-1)
		b = append(b, "\r\nx\n"...)
		var got LineEnds
		countLineEnds(b, &got)
		want := LineEnds{CRLF: 1, BareLF: 1}
		if fill == '\r' {
			want.BareCR = lineEndBlock - 1
		}
		if got != want {
			t.Errorf("fill %q: countLineEnds = %+v, want %+v", fill, got, want)
		}
	}
}
