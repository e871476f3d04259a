package render

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
)

// markdownCases are the fixtures with a golden evidence pack: one of each
// kind of finding, and the DNS faults a zone can record.
var markdownCases = []string{
	"dkim-pass-cname-o365",
	"dkim-fail-body-footer",
	"dkim-permerror-no-key",
	"dkim-temperror-servfail",
	"arc-pass-2-hops",
}

// pack analyses one fixture as report --format markdown does: with a
// recorder in front of the zone, whose answers the pack embeds.
func pack(t *testing.T, name string, raw []byte) []byte {
	t.Helper()
	root := filepath.Join("..", "testdata")
	zone := filepath.Join(root, "dns", name+".zone")
	if _, err := os.Stat(zone); err != nil {
		zone = filepath.Join(root, "dns", "fixtures.zone")
	}
	z, err := dns.LoadZone(zone)
	if err != nil {
		t.Fatal(err)
	}
	rec := dns.NewRecorder(z)
	rep := analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: rec, Now: func() time.Time { return goldenNow }})
	stabilize(rep)
	var zb bytes.Buffer
	if err := dns.WriteZone(&zb, rec.Traces(), dns.RecordInfo{Resolver: rec.Describe(), Version: "v0.test", Replay: "--dns-zone FILE"}); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	ev := Evidence{
		SHA256:      hex.EncodeToString(sum[:]),
		Version:     "v0.test",
		ClockPinned: true,
		Zone:        zb.Bytes(),
		ZoneFile:    name + ".zone",
		Command:     []string{"headerscope", "report", "--dns-zone", name + ".zone", "--now", "2026-12-01T00:00:00Z", name + ".eml"},
		MessageFile: name + ".eml",
		Source:      name + ".eml",
	}
	var b bytes.Buffer
	if err := Markdown(&b, rep, name+".eml", ev); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestMarkdownGolden compares the evidence packs of markdownCases with
// testdata/golden/<case>.md (go test ./render -update rewrites them), and
// checks that the zone each embeds reproduces the analysis: the same
// fixture analysed against the embedded zone alone gives the same JSON,
// apart from the resolver's name.
func TestMarkdownGolden(t *testing.T) {
	for _, name := range markdownCases {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "testdata", "mail", name+".eml"))
			if err != nil {
				t.Fatal(err)
			}
			md := pack(t, name, raw)
			checkMarkdownSafe(t, md)
			compareGolden(t, filepath.Join("..", "testdata", "golden", name+".md"), md)

			embedded := regexp.MustCompile("(?s)\n```dns\n(.*?)```\n").FindSubmatch(md)
			if embedded == nil {
				t.Fatal("the pack embeds no zone")
			}
			z, err := dns.ParseZone(bytes.NewReader(embedded[1]), "embedded.zone")
			if err != nil {
				t.Fatalf("the embedded zone does not load: %v", err)
			}
			replayed := func(res dns.Resolver) string {
				rep := analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: res, Now: func() time.Time { return goldenNow }})
				stabilize(rep)
				rep.Resolver = ""
				var b bytes.Buffer
				JSON(&b, rep, name)
				// A simulated fault's detail names the zone file it
				// came from.
				return strings.ReplaceAll(b.String(), "embedded.zone", "ZONE")
			}
			full, err := dns.LoadZone(filepath.Join("..", "testdata", "dns", "fixtures.zone"))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.ReplaceAll(replayed(full), "../testdata/dns/fixtures.zone", "ZONE")
			if got := replayed(z); got != want {
				t.Errorf("the analysis against the embedded zone differs:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// TestMarkdownHostile checks that message bytes cannot make Markdown: a
// subject and From with backticks, links, HTML, control characters and
// bidirectional overrides end up only inside code spans and blocks, made
// Safe.
func TestMarkdownHostile(t *testing.T) {
	raw := []byte("From: \"[click](https://evil.example/)\" <a@example.com>\r\n" +
		"Subject: ``` <script>alert(1)</script> `x` \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \u202e!gnp.exe\r\n" +
		"Message-ID: <`a`@example.com>\r\n" +
		"DKIM-Signature: v=1; a=rsa-sha256; d=ex`ample.com; s=`; h=from; bh=; b=\r\n" +
		"\r\n# not a heading\r\n<img src=x>\r\n")
	var b bytes.Buffer
	rep := analyze.Analyze(context.Background(), raw, analyze.Options{Resolver: dns.Offline{}, Now: func() time.Time { return goldenNow }})
	if err := Markdown(&b, rep, "name with `ticks` and [a](b).eml", Evidence{SHA256: "00", Version: "v0.test",
		Command: []string{"headerscope", "report", "--offline", "message.eml"}, MessageFile: "message.eml", Source: "it's [here](x).mbox", Entry: 2}); err != nil {
		t.Fatal(err)
	}
	md := b.Bytes()
	checkMarkdownSafe(t, md)
	if !bytes.Contains(md, []byte("2. Save message 2 of `it's [here](x).mbox` as `message.eml`.")) {
		t.Errorf("the pack does not say which message to save:\n%s", md)
	}
	for _, want := range []string{"\\x1b]8;;https://evil.example\\x07", "⟨U+202E⟩"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("pack lacks the escaped %q:\n%s", want, md)
		}
	}
}

// checkMarkdownSafe checks that md has no control character and that,
// outside fenced blocks and code spans, no character that could start
// HTML, a link or an image is left: headerscope's own prose uses none.
func checkMarkdownSafe(t *testing.T, md []byte) {
	t.Helper()
	for i, c := range md {
		if (c < 0x20 && c != '\n') || c == 0x7f {
			t.Fatalf("control byte %#x at offset %d", c, i)
		}
	}
	fence := ""
	for n, line := range strings.Split(string(md), "\n") {
		if fence != "" {
			if strings.TrimRight(line, " ") == fence {
				fence = ""
			}
			continue
		}
		if m := regexp.MustCompile("^(```+)").FindString(line); m != "" {
			fence = m
			continue
		}
		rest, ok := outsideCode(line)
		if !ok {
			t.Errorf("line %d: unclosed code span in %q", n+1, line)
		}
		if strings.ContainsAny(rest, "<>[]`&\\") {
			t.Errorf("line %d: Markdown-active character outside code: %q (from %q)", n+1, rest, line)
		}
	}
	if fence != "" {
		t.Errorf("a fenced block is not closed")
	}
}

// outsideCode returns line without its code spans, found as CommonMark
// section 6.1 says: a run of n backticks opens a span that the next run of
// exactly n backticks closes.
func outsideCode(line string) (string, bool) {
	var out strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' {
			out.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		j := i + n
		closed := false
		for j < len(line) {
			if line[j] != '`' {
				j++
				continue
			}
			m := 0
			for j+m < len(line) && line[j+m] == '`' {
				m++
			}
			if m == n {
				closed = true
				j += m
				break
			}
			j += m
		}
		if !closed {
			return out.String() + line[i:], false
		}
		i = j
	}
	return out.String(), true
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"plain-file_1.eml":    "plain-file_1.eml",
		"--now":               "--now",
		"it's here.eml":       `'it'\''s here.eml'`,
		"$(rm -rf ~).eml":     "'$(rm -rf ~).eml'",
		"":                    "''",
		"tab\there.eml":       `'tab\there.eml'`,
		"2026-12-01T00:00Z":   "2026-12-01T00:00Z",
		"a;b|c&d`e`.eml":      "'a;b|c&d`e`.eml'",
		"inbox/ünïcode.eml":   "'inbox/ünïcode.eml'",
		"dir/sub/message.eml": "dir/sub/message.eml",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
