package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
)

// Evidence is what an evidence pack states besides the analysis: what the
// input was, what analysed it, and how to do it again.
type Evidence struct {
	// SHA256 is the hex SHA-256 of the message's bytes, as analysed.
	SHA256 string
	// Version is headerscope's version.
	Version string
	// ClockPinned is true when the clock was set (--now) rather than
	// read from the machine.
	ClockPinned bool
	// PinnedBy says what pinned the clock when it was not --now (the
	// TUI's gallery).
	PinnedBy string
	// Zone is the zone file of the DNS answers the analysis used
	// (dns.WriteZone), or nil when no lookup was made.
	Zone []byte
	// ZoneFile is the name Command gives the zone file.
	ZoneFile string
	// Command is the command line (program and arguments, unquoted) that
	// repeats the analysis offline, given Zone saved as ZoneFile.
	Command []string
	// MessageFile is the message's file in Command. When it is not the
	// input itself, Source names the input ("" for stdin) and Entry the
	// message's place in it when it is an mbox (from 1), so that the pack
	// can say what to save as MessageFile.
	MessageFile string
	Source      string
	Entry       int
	// Origin is the name the message had where it was read when that is
	// not a file (a paste in the TUI, "pasted #1"); with no Source, the
	// pack then says to save that message rather than stdin.
	Origin string
}

// markdownWidth is the width of the text blocks in a pack: what a ticket
// system shows without a scroll bar.
const markdownWidth = 80

// Markdown writes a ticket-ready evidence pack for one message: the input's
// SHA-256, the version, clock and resolver, each finding with its evidence,
// the DNS answers as a zone file and the one command that reproduces the
// analysis offline.
//
// Nothing from the message is Markdown: every value from it is in a code
// span or a fenced block whose fence is longer than any run of backticks
// inside, so that no byte of a message can make a link, an image, HTML or
// a heading; and it goes through Safe first, so that no control character
// reaches the document.
func Markdown(w io.Writer, rep *analyze.Report, name string, ev Evidence) error {
	st := NewStyles(false)
	var b strings.Builder
	fmt.Fprintf(&b, "# headerscope evidence pack: %s\n\n", codeSpan(name))
	// The verdict first: the conclusion and its evidence, in the words of
	// the text report (VerdictText), as a block so that no byte of the
	// message can become Markdown.
	b.WriteString("## Verdict\n\n" + fenced(strings.Trim(VerdictText(rep, st, markdownWidth), "\n"), "text") + "\n")
	b.WriteString(markdownFacts(rep, name, ev))
	b.WriteString(markdownReproduce(ev))
	b.WriteString("## Findings\n")
	b.WriteString(markdownBlock("Summary", Summary(rep, st, markdownWidth)+messageNotes(rep, st, markdownWidth), "text"))
	shown := map[string]int{}
	for _, r := range rep.DKIM {
		if r == nil {
			continue
		}
		b.WriteString(markdownBlock(codeSpan(Title(r)), markdownDKIM(r, shown, st), "text"))
	}
	for _, s := range []struct {
		title string
		text  func(*analyze.Report, Styles, int) string
	}{{"ARC", arcText}, {"DMARC and SPF", dmarcText}, {"Authentication-Results", authResText}, {"Received chain", receivedText}} {
		if t := s.text(rep, st, markdownWidth); strings.TrimSpace(t) != "" {
			b.WriteString(markdownBlock(s.title, t, "text"))
		}
	}
	b.WriteString("\n## DNS answers\n\n")
	if len(ev.Zone) == 0 {
		b.WriteString("No DNS lookup was made.\n")
	} else {
		fmt.Fprintf(&b, "Every answer the analysis used, as an RFC 1035 zone file (save it as %s):\n\n", codeSpan(ev.ZoneFile))
		b.WriteString(fenced(string(ev.Zone), "dns"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownFacts lists what was analysed, by what, when and with whose DNS.
func markdownFacts(rep *analyze.Report, name string, ev Evidence) string {
	var b strings.Builder
	b.WriteString("## Input and set-up\n\n")
	fmt.Fprintf(&b, "- Message: %s, %d bytes\n", codeSpan(name), rep.Size)
	fmt.Fprintf(&b, "- SHA-256: %s\n", codeSpan(ev.SHA256))
	s := rep.Summary
	for _, kv := range [][2]string{{"From", s.From}, {"Subject", s.Subject}, {"Date", s.Date}, {"Message-ID", s.MessageID}} {
		if kv[1] != "" {
			fmt.Fprintf(&b, "- %s: %s\n", kv[0], codeSpan(kv[1]))
		}
	}
	fmt.Fprintf(&b, "- headerscope: %s\n", codeSpan(ev.Version))
	if !rep.Now.IsZero() {
		how := "the clock of the machine that ran it"
		if ev.ClockPinned {
			how = "pinned with --now"
			if ev.PinnedBy != "" {
				how = "pinned by " + Safe(ev.PinnedBy)
			}
		}
		fmt.Fprintf(&b, "- Judged at: %s (%s)\n", codeSpan(rep.Now.UTC().Format(time.RFC3339)), how)
	}
	fmt.Fprintf(&b, "- DNS: %s\n\n", codeSpan(rep.Resolver))
	return b.String()
}

// markdownReproduce states the one command that repeats the analysis.
func markdownReproduce(ev Evidence) string {
	if len(ev.Command) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("## Reproduce offline\n\n")
	step := 0
	say := func(format string, args ...any) {
		step++
		fmt.Fprintf(&b, "%d. "+format+"\n", append([]any{step}, args...)...)
	}
	if len(ev.Zone) > 0 {
		say("Save the zone under \"DNS answers\" below as %s.", codeSpan(ev.ZoneFile))
	} else {
		say("No DNS answer is needed: no lookup was made.")
	}
	switch {
	case ev.Entry > 0:
		say("Save message %d of %s as %s.", ev.Entry, codeSpan(ev.Source), codeSpan(ev.MessageFile))
	case ev.Source == "" && ev.Origin != "":
		say("Save the message %s as %s.", codeSpan(ev.Origin), codeSpan(ev.MessageFile))
	case ev.Source == "" && ev.MessageFile != "":
		say("Save the message (it was read from stdin) as %s.", codeSpan(ev.MessageFile))
	}
	if ev.MessageFile != "" {
		say("Check that %s has the SHA-256 above.", codeSpan(ev.MessageFile))
	}
	b.WriteString("\nThen this command repeats the analysis with no network, at the same clock:\n\n")
	quoted := make([]string, len(ev.Command))
	for i, a := range ev.Command {
		quoted[i] = shellQuote(a)
	}
	b.WriteString(fenced(strings.Join(quoted, " "), "sh"))
	b.WriteString("\n")
	return b.String()
}

// markdownDKIM is the evidence for one signature, as report shows it: the
// overview, the hashes side by side when one failed, the DNS path.
func markdownDKIM(r *dkim.Result, shown map[string]int, st Styles) string {
	t := DKIM(r, ViewOverview, st, markdownWidth)
	if r.Body.Status == dkim.Mismatch || r.Header.Status == dkim.Mismatch {
		t += "\n" + DKIM(r, ViewHashes, st, markdownWidth)
	}
	if r.DNS != nil {
		key := strings.ToLower(r.DNS.Query) + " " + r.DNS.Type
		if i, ok := shown[key]; ok {
			t += fmt.Sprintf("\nDNS: the same lookup as signature #%d (%s %s).\n", i, Safe(r.DNS.Type), Safe(r.DNS.Query))
		} else {
			shown[key] = r.Index + 1
			t += "\n" + DNSTrace(r.DNS, st, markdownWidth)
		}
	}
	return t
}

// markdownBlock is a level-3 heading and a fenced block; a heading that
// holds text from the message must be a code span already.
func markdownBlock(heading, text, info string) string {
	return "\n### " + heading + "\n\n" + fenced(strings.Trim(text, "\n"), info)
}

// codeSpan returns s, made Safe, as a CommonMark code span: delimited by
// one more backtick than the longest run of backticks in it, and padded
// with a space when it starts or ends with a backtick or a space (section
// 6.1 strips one space from each end).
func codeSpan(s string) string {
	s = Safe(s)
	if strings.TrimSpace(s) == "" {
		return "(empty)"
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if s[0] == '`' || s[len(s)-1] == '`' || s[0] == ' ' || s[len(s)-1] == ' ' {
		s = " " + s + " "
	}
	return fence + s + fence
}

// fenced returns text as a fenced code block (CommonMark section 4.5),
// every line made Safe, with a fence of backticks longer than any run of
// backticks inside, so that no line can close it early.
func fenced(text, info string) string {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	n := 2
	for i, l := range lines {
		lines[i] = Safe(strings.TrimRight(expandTabs(l), " "))
		n = max(n, longestRun(lines[i], '`'))
	}
	fence := strings.Repeat("`", n+1)
	return fence + info + "\n" + strings.Join(lines, "\n") + "\n" + fence + "\n"
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// shellQuote quotes an argument for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=+@,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(Safe(s), "'", `'\''`) + "'"
}

// expandTabs replaces tabs (which headerscope's own zone files use between
// fields; tabs from a message are already escaped) with spaces to the next
// multiple of 8 columns, so that a block holds no control character.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}
