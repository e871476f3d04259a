package render

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dkim"
)

// Text writes the whole report of one message as text for a person: the
// summary, what was tolerated in the message, then each signature with
// its verdict, hashes and DNS path. name is how the input is called
// ("inbox.mbox#3"); it is made safe like message text, as file names can
// hold anything.
func Text(w io.Writer, rep *analyze.Report, name string, st Styles, width int) error {
	var b strings.Builder
	d := newDoc(st, width)
	rule := "━━"
	if st.ASCII {
		rule = "=="
	}
	d.para("", "", st.Heading.Render(rule+" "+Safe(name)+" "+rule))
	b.WriteString(d.String())
	b.WriteString(VerdictText(rep, st, width))
	b.WriteString(Summary(rep, st, width))
	b.WriteString(messageNotes(rep, st, width))
	shown := map[string]int{} // lookups already shown, by query and type
	for _, r := range rep.DKIM {
		if r == nil {
			continue
		}
		b.WriteString("\n")
		h := newDoc(st, width)
		h.para("", "", st.Subheading.Render(Title(r)))
		b.WriteString(h.String())
		b.WriteString(DKIM(r, ViewOverview, st, width))
		// The report shows the hashes side by side only when one half
		// failed, and the lookup path without the key's tags (its p=
		// is already in the TXT strings); the TUI has every view.
		if r.Body.Status == dkim.Mismatch || r.Header.Status == dkim.Mismatch {
			b.WriteString("\n")
			b.WriteString(DKIM(r, ViewHashes, st, width))
			b.WriteString(changedByText(rep.ARC, r, st, width))
		}
		if r.DNS != nil {
			b.WriteString("\n")
			key := strings.ToLower(r.DNS.Query) + " " + r.DNS.Type
			if i, ok := shown[key]; ok {
				d := newDoc(st, width)
				d.paraStyled("", "", fmt.Sprintf("DNS: the same lookup as signature #%d (%s %s).", i, Safe(r.DNS.Type), Safe(r.DNS.Query)), st.Muted)
				b.WriteString(d.String())
			} else {
				shown[key] = r.Index + 1
				b.WriteString(DNSTrace(r.DNS, st, width))
			}
		}
	}
	for _, s := range extraSections {
		b.WriteString(s(rep, st, width))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// extraSections render the mechanisms after DKIM (ARC, DMARC and SPF,
// then Authentication-Results and the Received chain they are judged by),
// one function each.
var extraSections = []func(*analyze.Report, Styles, int) string{arcText, dmarcText, authResText, receivedText}

// receivedText is the report's Received chain.
func receivedText(rep *analyze.Report, st Styles, width int) string {
	if rep.Received == nil || len(rep.Received.Hops) == 0 {
		return ""
	}
	chain, _ := receivedView(rep.Received.Hops, rep.Received.Receiving, st, width, false)
	return heading(st, width, "Received chain") + chain
}

// messageNotes says what the reader needs to know about the message as a
// whole: size, line ends, a missing body, tolerated problems, who answered
// DNS and the time verdicts were judged at.
func messageNotes(rep *analyze.Report, st Styles, width int) string {
	d := newDoc(st, width)
	const lw = messageLabelWidth
	le := rep.LineEnds
	ends := fmt.Sprintf("%d CRLF", le.CRLF)
	if le.BareLF > 0 {
		ends += fmt.Sprintf(", %d bare LF (treated as line ends, as every verifier does)", le.BareLF)
	}
	if le.BareCR > 0 {
		ends += fmt.Sprintf(", %d bare CR (kept as data)", le.BareCR)
	}
	d.kv("", lw, "size", fmt.Sprintf("%d bytes; line ends: %s", rep.Size, ends), false)
	if rep.HeadersOnly {
		d.kv("", lw, "body", st.Warn.Render("none supplied")+": headers only; body hashes cannot be checked, header signatures still can", false)
	}
	// The message-wide findings, worded by MessageNotes as the TUI's
	// message finding is: what was tolerated with the reading of the
	// message, the rest after who answered DNS and when.
	notes := MessageNotes(rep)
	i := 0
	for i < len(notes) && notes[i].Label == "tolerated" {
		i++
	}
	messageNoteLines(d, notes[:i])
	d.kv("", lw, "DNS", Safe(rep.Resolver), false)
	if !rep.Now.IsZero() {
		d.kv("", lw, "judged at", rep.Now.UTC().Format(time.RFC3339), false)
	}
	messageNoteLines(d, notes[i:])
	return d.String()
}

func countFields(rep *analyze.Report, names ...string) int {
	if rep.Message == nil {
		return 0
	}
	n := 0
	for _, name := range names {
		n += len(rep.Message.Header(name))
	}
	return n
}
