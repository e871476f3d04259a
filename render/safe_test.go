package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/arc"
	"github.com/headerscope/headerscope/analyze/dkim"
	"github.com/headerscope/headerscope/analyze/dmarc"
)

func TestSafe(t *testing.T) {
	tests := []struct{ in, safe, visible string }{
		{"plain text", "plain text", "plain·text"},
		{"", "", ""},
		{"a\x1b[2Jb", `a\x1b[2Jb`, `a\x1b[2Jb`},
		{"\x1b]52;c;ZXZpbA==\x07", `\x1b]52;c;ZXZpbA==\x07`, `\x1b]52;c;ZXZpbA==\x07`},
		{"\x1b]8;;https://evil.example/\x1b\\x", `\x1b]8;;https://evil.example/\x1b\x`, `\x1b]8;;https://evil.example/\x1b\x`},
		{"\u009b31m", "⟨U+009B⟩31m", "⟨U+009B⟩31m"},
		{"\u0085", "⟨U+0085⟩", "⟨U+0085⟩"},
		{"abc\u202Edef", "abc⟨U+202E⟩def", "abc⟨U+202E⟩def"},
		{"\u2066\u2067\u2068\u2069", "⟨U+2066⟩⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩", "⟨U+2066⟩⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩"},
		{"\u200e\u200f\u061c", "⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩", "⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩"},
		{"pay\u200bpal", "pay⟨U+200B⟩pal", "pay⟨U+200B⟩pal"},
		{"\u200c\u200d\u2060\ufeff\u00ad", "⟨U+200C⟩⟨U+200D⟩⟨U+2060⟩⟨U+FEFF⟩⟨U+00AD⟩", "⟨U+200C⟩⟨U+200D⟩⟨U+2060⟩⟨U+FEFF⟩⟨U+00AD⟩"},
		{"\U000E0041", "⟨U+E0041⟩", "⟨U+E0041⟩"},
		{"a\u2028b", "a⟨U+2028⟩b", "a⟨U+2028⟩b"},
		{"\xff\xfe ok", `\xff\xfe ok`, `\xff\xfe·ok`},
		{"\x00\x07\x08\x7f", `\x00\x07\x08\x7f`, `\x00\x07\x08\x7f`},
		{"a\tb\r\nc", `a\tb\r\nc`, "a→b␍␊c"},
		{"Grüße, 日本", "Grüße, 日本", "Grüße,·日本"},
	}
	for _, tt := range tests {
		if got := Safe(tt.in); got != tt.safe {
			t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.safe)
		}
		if got := Visible(tt.in); got != tt.visible {
			t.Errorf("Visible(%q) = %q, want %q", tt.in, got, tt.visible)
		}
	}
}

// hostile lists one input of each class that must never reach a terminal.
var hostile = []struct{ name, s string }{
	{"CSI clear screen", "\x1b[2J\x1b[H"},
	{"SGR colour", "\x1b[31mred"},
	{"OSC 52 clipboard", "\x1b]52;c;ZXZpbA==\x07"},
	{"OSC 8 link", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"},
	{"OSC window title", "\x1b]0;pwned\x07"},
	{"DCS", "\x1bP+q544e\x1b\\"},
	{"C1 CSI", "\u009b2J"},
	{"C1 NEL", "\u0085"},
	{"NUL BEL BS DEL", "\x00\x07\x08\x7f"},
	{"CR overwrite", "pass\rfail"},
	{"LF", "a\nb"},
	{"bidi override", "gpj.\u202eexe"},
	{"bidi isolates", "\u2066\u2067\u2068\u2069"},
	{"marks", "\u200e\u200f\u061c"},
	{"zero width", "pay\u200b\u200c\u200dpal"},
	{"invisible", "\u2060\ufeff\u00ad"},
	{"tag characters", "\U000E0041\U000E0042"},
	{"line separator", "\u2028\u2029"},
	{"invalid UTF-8", "\xff\xfe\xc0"},
}

// fields puts s into one displayed field of a sample report.
var fields = []struct {
	name string
	set  func(r *analyze.Report, s string)
}{
	{"summary from", func(r *analyze.Report, s string) { r.Summary.From += s }},
	{"summary subject", func(r *analyze.Report, s string) { r.Summary.Subject += s }},
	{"decoded from", func(r *analyze.Report, s string) { r.Summary.FromText = "Alice " + s }},
	{"decoded subject", func(r *analyze.Report, s string) { r.Summary.SubjectText = "Hi " + s }},
	{"summary date", func(r *analyze.Report, s string) { r.Summary.Date += s }},
	{"problem", func(r *analyze.Report, s string) { r.Problems[0].Text += s }},
	{"resolver", func(r *analyze.Report, s string) { r.Resolver += s }},
	{"reason", func(r *analyze.Report, s string) { r.DKIM[0].Reason += s }},
	{"domain", func(r *analyze.Report, s string) { r.DKIM[0].Domain += s }},
	{"selector", func(r *analyze.Report, s string) { r.DKIM[0].Selector += s }},
	{"algorithm", func(r *analyze.Report, s string) { r.DKIM[0].Algorithm += s }},
	{"identity", func(r *analyze.Report, s string) { r.DKIM[0].Identity += s }},
	{"signed headers", func(r *analyze.Report, s string) { r.DKIM[0].SignedHeaders[1] += s }},
	{"raw field", func(r *analyze.Report, s string) { r.DKIM[0].Field = "DKIM-Signature: s=" + s + "\r\n" }},
	{"tag name", func(r *analyze.Report, s string) { r.DKIM[0].Tags[2].Name += s }},
	{"tag value", func(r *analyze.Report, s string) { r.DKIM[0].Tags[1].Value += s }},
	{"tag problem", func(r *analyze.Report, s string) { r.DKIM[0].Tags[2].Problem += s }},
	{"note", func(r *analyze.Report, s string) { r.DKIM[0].Notes[0].Text += s }},
	{"body claimed", func(r *analyze.Report, s string) { r.DKIM[0].Body.Claimed += s }},
	{"body detail", func(r *analyze.Report, s string) {
		r.DKIM[0].Body.Status, r.DKIM[0].Body.Detail = dkim.NotChecked, r.DKIM[0].Body.Detail+s
	}},
	{"body raw line", func(r *analyze.Report, s string) { r.DKIM[0].Body.Lines[0].Raw = "x" + s + "\r\n" }},
	{"body canonical line", func(r *analyze.Report, s string) { r.DKIM[0].Body.Lines[0].Canonical = "x" + s + "\r\n" }},
	{"header field raw", func(r *analyze.Report, s string) { r.DKIM[0].Header.Fields[0].Raw = "From: " + s + "\r\n" }},
	{"header field canonical", func(r *analyze.Report, s string) { r.DKIM[0].Header.Fields[0].Canonical = "from:" + s + "\r\n" }},
	{"over-signed name", func(r *analyze.Report, s string) { r.DKIM[0].Header.Fields[1].Name += s }},
	{"signature raw", func(r *analyze.Report, s string) { r.DKIM[0].Header.Signature.Raw = "DKIM-Signature: s=" + s }},
	{"header detail", func(r *analyze.Report, s string) { r.DKIM[0].Header.Detail += s }},
	{"DNS query", func(r *analyze.Report, s string) { r.DKIM[0].DNS.Query += s }},
	{"DNS CNAME", func(r *analyze.Report, s string) { r.DKIM[0].DNS.CNAMEs[0].To += s }},
	{"DNS TXT string", func(r *analyze.Report, s string) { r.DKIM[0].DNS.Records[0].Strings[0] += s }},
	{"DNS detail", func(r *analyze.Report, s string) { r.DKIM[0].DNS.Detail += s }},
	{"key problem", func(r *analyze.Report, s string) { r.DKIM[0].Key.Problem += s }},
	{"key tag value", func(r *analyze.Report, s string) { r.DKIM[0].Key.Tags[0].Value = s }},
	{"ARC reason", func(r *analyze.Report, s string) { r.ARC.Reason += s }},
	{"ARC cv", func(r *analyze.Report, s string) { r.ARC.Sets[0].CV += arc.CVStatus(s) }},
	{"ARC seal domain", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Domain += s }},
	{"ARC seal reason", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Reason += s }},
	{"ARC AAR value", func(r *analyze.Report, s string) { r.ARC.Sets[0].AAR.Value += s; r.ARC.Sets[0].AAR.Parsed = nil }},
	{"ARC AAR authserv-id", func(r *analyze.Report, s string) { r.ARC.Sets[0].AAR.AuthServID += s }},
	{"ARC problem", func(r *analyze.Report, s string) { r.ARC.Problems[0].Text += s }},
	{"A-R field name", func(r *analyze.Report, s string) { r.Claims.AuthenticationResults[0].Field += s }},
	{"A-R authserv-id", func(r *analyze.Report, s string) { r.Claims.AuthenticationResults[0].AuthServID += s }},
	{"A-R trust reason", func(r *analyze.Report, s string) { r.Claims.AuthenticationResults[0].TrustReason += s }},
	{"A-R method", func(r *analyze.Report, s string) { r.Claims.AuthenticationResults[0].Results[0].Method += s }},
	{"A-R result", func(r *analyze.Report, s string) { r.Claims.AuthenticationResults[0].Results[0].Result += s }},
	{"A-R re-check reason", func(r *analyze.Report, s string) { r.Claims.AuthenticationResults[0].Results[0].Recheck.Reason += s }},
	{"DMARC reason", func(r *analyze.Report, s string) { r.DMARC.Reason += s }},
	{"DMARC disposition", func(r *analyze.Report, s string) { r.DMARC.Disposition += s }},
	{"DMARC policy", func(r *analyze.Report, s string) { r.DMARC.Policy += dmarc.Policy(s) }},
	{"SPF reason", func(r *analyze.Report, s string) { r.SPF.Reason += s }},
	{"A-R problem", func(r *analyze.Report, s string) { r.Claims.AuthenticationResults[0].Problems[0].Text += s }},
	{"A-R raw", func(r *analyze.Report, s string) {
		r.Claims.AuthenticationResults[0].Raw = "Authentication-Results: " + s + "\r\n"
	}},
	{"A-R claim raw", func(r *analyze.Report, s string) { r.Claims.AuthenticationResults[0].Results[0].Raw += s }},
	{"A-R claim reason=", func(r *analyze.Report, s string) { r.Claims.AuthenticationResults[0].Results[0].Reason += s }},
	{"A-R property value", func(r *analyze.Report, s string) {
		r.Claims.AuthenticationResults[0].Results[0].Properties["header.d"] += s
	}},
	{"A-R property name", func(r *analyze.Report, s string) {
		r.Claims.AuthenticationResults[0].Results[0].Properties["x."+s] = "v"
	}},
	{"ARC seal tag value", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Tags[0].Value += s }},
	{"ARC seal note", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Notes[0].Text += s }},
	{"ARC seal selector", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Selector += s }},
	{"ARC seal field raw", func(r *analyze.Report, s string) {
		r.ARC.Sets[0].Seal.Header.Fields[0].Raw = "ARC-Authentication-Results: " + s + "\r\n"
	}},
	{"ARC seal field canonical", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Header.Fields[0].Canonical = "x:" + s }},
	{"ARC seal signature raw", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Header.Signature.Raw = "ARC-Seal: " + s }},
	{"ARC seal hash claimed", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Header.Claimed += s }},
	{"ARC seal hash detail", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Header.Detail += s }},
	{"ARC seal DNS TXT", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.DNS.Records[0].Strings[0] += s }},
	{"ARC seal field", func(r *analyze.Report, s string) { r.ARC.Sets[0].Seal.Field = "ARC-Seal: " + s + "\r\n" }},
	{"ARC AAR raw", func(r *analyze.Report, s string) { r.ARC.Sets[0].AAR.Raw = "ARC-Authentication-Results: " + s + "\r\n" }},
	{"ARC AAR parsed property", func(r *analyze.Report, s string) { r.ARC.Sets[0].AAR.Parsed.Results[0].Properties[0].Value += s }},
	{"ARC AAR parsed method", func(r *analyze.Report, s string) { r.ARC.Sets[0].AAR.Parsed.Results[0].Method += s }},
	{"ARC AAR parsed result", func(r *analyze.Report, s string) { r.ARC.Sets[0].AAR.Parsed.Results[0].Value += s }},
	{"DMARC From domain", func(r *analyze.Report, s string) { r.DMARC.FromDomain += s }},
	{"DMARC record name", func(r *analyze.Report, s string) { r.DMARC.RecordName += s }},
	{"DMARC record tag", func(r *analyze.Report, s string) { r.DMARC.Record.Tags[1].Raw += s }},
	{"DMARC record problem", func(r *analyze.Report, s string) { r.DMARC.Record.Problems[0] += s }},
	{"DMARC record TXT", func(r *analyze.Report, s string) { r.DMARC.DNS[0].Records[0].Strings[0] += s }},
	{"DMARC alignment domain", func(r *analyze.Report, s string) { r.DMARC.Alignments[0].Domain += s }},
	{"DMARC note", func(r *analyze.Report, s string) { r.DMARC.Notes[0] += s }},
	{"SPF MAIL FROM", func(r *analyze.Report, s string) { r.SPF.Input.MailFrom += s }},
	{"SPF HELO", func(r *analyze.Report, s string) { r.SPF.Input.HELO += s }},
	{"SPF mechanism", func(r *analyze.Report, s string) { r.SPF.Mechanism += s }},
	{"SPF path", func(r *analyze.Report, s string) { r.SPF.Path[0] += s }},
	{"SPF record TXT", func(r *analyze.Report, s string) { r.SPF.DNS[0].Records[0].Strings[0] += s }},
	{"Received from", func(r *analyze.Report, s string) { r.Received.Hops[0].From += s }},
	{"Received by", func(r *analyze.Report, s string) { r.Received.Hops[0].By += s }},
	{"Received reverse name", func(r *analyze.Report, s string) { r.Received.Hops[0].ReverseName += s }},
	{"Received with", func(r *analyze.Report, s string) { r.Received.Hops[1].Via += s }},
	{"Received id", func(r *analyze.Report, s string) { r.Received.Hops[0].ID += s }},
	{"Received for", func(r *analyze.Report, s string) { r.Received.Hops[0].For += s }},
	{"Received problem", func(r *analyze.Report, s string) { r.Received.Hops[0].Problems[0].Text += s }},
	{"receiver", func(r *analyze.Report, s string) { r.Received.Receiving.Receiver += s }},
	{"receiving HELO", func(r *analyze.Report, s string) { r.Received.Receiving.HELO += s }},
}

// renderAll returns everything render shows for a report.
func renderAll(t *testing.T, rep *analyze.Report, st Styles, width int) string {
	t.Helper()
	var b strings.Builder
	if err := Text(&b, rep, "case.eml", st, width); err != nil {
		t.Fatal(err)
	}
	b.WriteString(Summary(rep, st, width))
	for _, v := range Views {
		b.WriteString(DKIM(rep.DKIM[0], v, st, width))
		for _, s := range rep.ARC.Sets {
			b.WriteString(ARCSet(s, rep.ARC, v, st, width))
		}
		for _, e := range rep.Claims.AuthenticationResults {
			b.WriteString(Claim(e, v, st, width))
		}
	}
	b.WriteString(ARCChain(rep.ARC, st, width))
	b.WriteString(DMARC(rep.DMARC, st, width))
	b.WriteString(SPF(rep.SPF, st, width))
	b.WriteString(ReceivedChain(rep.Received.Hops, rep.Received.Receiving, st, width))
	return b.String()
}

// unsafeAt returns the offset of the first byte or rune in out that could
// act on a terminal, or -1.
func unsafeAt(out string) int {
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		if (r == utf8.RuneError && size == 1) || (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && dangerous(r)) {
			return i
		}
		i += size
	}
	return -1
}

func TestHostileFields(t *testing.T) {
	for _, h := range hostile {
		for _, f := range fields {
			rep := sampleReport()
			mark := "Zq" + h.s + "qZ"
			f.set(rep, mark)
			out := renderAll(t, rep, NewStyles(false), 200)
			if i := unsafeAt(out); i >= 0 {
				t.Errorf("%s in %s: unsafe output at %d: %q", h.name, f.name, i, out[max(0, i-20):min(len(out), i+20)])
			}
			// Raw views keep one row per line, so an LF ends the row.
			head, _, cut := strings.Cut(mark, "\n")
			if !strings.Contains(out, Safe(mark)) && !strings.Contains(out, Visible(mark)) && !(cut && strings.Contains(out, Visible(head+"\n"))) {
				t.Errorf("%s in %s: field not displayed (want %q in output)", h.name, f.name, Safe(mark))
			}
			// With colour, the only escape sequences are render's own.
			col := renderAll(t, rep, NewStyles(true), 80)
			if i := unsafeAt(ansi.Strip(col)); i >= 0 {
				t.Errorf("%s in %s: unsafe coloured output at %d", h.name, f.name, i)
			}
			var js bytes.Buffer
			if err := JSON(&js, rep, "case.eml"); err != nil {
				t.Fatal(err)
			}
			if i := unsafeAt(strings.TrimSuffix(js.String(), "\n")); i >= 0 {
				t.Errorf("%s in %s: unsafe JSON at %d", h.name, f.name, i)
			}
			var v map[string]any
			if err := json.Unmarshal(js.Bytes(), &v); err != nil {
				t.Errorf("%s in %s: invalid JSON: %v", h.name, f.name, err)
			}
		}
	}
}

func TestJSONKeepsText(t *testing.T) {
	// Escaping for the terminal must not change what a JSON reader gets.
	for _, h := range hostile {
		if !utf8.ValidString(h.s) {
			continue // encoding/json replaces invalid bytes with U+FFFD
		}
		rep := sampleReport()
		rep.Summary.Subject = h.s
		var js bytes.Buffer
		if err := JSON(&js, rep, "x"); err != nil {
			t.Fatal(err)
		}
		var v struct {
			Summary struct{ Subject string }
		}
		if err := json.Unmarshal(js.Bytes(), &v); err != nil || v.Summary.Subject != h.s {
			t.Errorf("%s: JSON round trip = %q, %v; want %q", h.name, v.Summary.Subject, err, h.s)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"abcdefghijkl", 10, "abcdefghij… (2 more bytes)"},
		// Never inside a rune: é is 2 bytes, cut before it.
		{"abcdefghié", 10, "abcdefghi… (2 more bytes)"},
		// Clipping comes before escaping, so an escape is never cut.
		{"abcdefghi\u202exyz", 10, "abcdefghi… (6 more bytes)"},
	}
	for _, tt := range tests {
		if got := Clip(tt.in, tt.max); got != tt.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestClipboard(t *testing.T) {
	tests := []struct {
		in, want string
		escaped  int
	}{
		{"Subject: hello\r\n\tworld\r\n", "Subject: hello\r\n\tworld\r\n", 0},
		{"a\x1b[201~rm -rf ~\r", `a\x1b[201~rm -rf ~\r`, 2},
		{"\u202eevil\u202c", "⟨U+202E⟩evil⟨U+202C⟩", 2},
		{"c1 \u009b2J and bad \xff", `c1 ⟨U+009B⟩2J and bad \xff`, 2},
		{"del\x7f bell\x07", `del\x7f bell\x07`, 2},
		{"", "", 0},
	}
	for _, tt := range tests {
		got, n, err := Clipboard(tt.in)
		if err != nil || got != tt.want || n != tt.escaped {
			t.Errorf("Clipboard(%q) = %q, %d, %v; want %q, %d", tt.in, got, n, err, tt.want, tt.escaped)
		}
	}
	if _, _, err := Clipboard(strings.Repeat("x", MaxClipboard+1)); err == nil {
		t.Errorf("Clipboard of %d bytes: no error", MaxClipboard+1)
	}
}
