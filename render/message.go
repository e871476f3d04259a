package render

import (
	"fmt"
	"strings"

	"github.com/headerscope/headerscope/analyze"
)

// MessageNote is a finding about the message as a whole: a problem
// tolerated while reading it, the absence of any DKIM-Signature, or
// signatures left unverified. Each is worded once, here, for the report's
// notes, the TUI's message row and its detail.
type MessageNote struct {
	Label string // the report's label: "tolerated", "DKIM"
	// Head is the finding in a few words ("no DKIM-Signature field"),
	// and Tail what the reader needs to know about it, which follows.
	// Both are safe for the terminal.
	Head, Tail string
	// Warn marks a note whose head the reader should not miss.
	Warn bool
}

// MessageNotes lists the message-wide findings of a report, in the order
// the report shows them.
func MessageNotes(rep *analyze.Report) []MessageNote {
	var ns []MessageNote
	for _, p := range rep.Problems {
		ns = append(ns, MessageNote{Label: "tolerated", Head: fmt.Sprintf("line %d: %s", p.Line, Safe(p.Text))})
	}
	if len(rep.DKIM) == 0 && rep.DKIMNotEvaluated == 0 {
		ns = append(ns, MessageNote{Label: "DKIM", Head: "no DKIM-Signature field",
			Tail: ": there is nothing to verify (RFC 6376 section 6.1: a message without a signature is treated as unsigned)"})
	}
	if n := rep.DKIMNotEvaluated; n > 0 {
		ns = append(ns, MessageNote{Label: "DKIM", Warn: true,
			Head: fmt.Sprintf("%d more DKIM-Signature field%s not evaluated", n, plural(n)),
			Tail: fmt.Sprintf(" (only the first %d are verified, so that a message cannot make the analysis slow)", len(rep.DKIM))})
	}
	return ns
}

// MessageLine is the message-wide findings in one line, for a list of
// findings (the TUI's message row): each note's head, with the tolerated
// problems counted. "" when there is none.
func MessageLine(rep *analyze.Report) string {
	var parts []string
	if n := len(rep.Problems); n > 0 {
		parts = append(parts, fmt.Sprintf("%d problem%s tolerated", n, plural(n)))
	}
	for _, n := range MessageNotes(rep) {
		if n.Label != "tolerated" {
			parts = append(parts, n.Head)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Message: " + strings.Join(parts, ", ")
}

// MessageNotesText renders the message-wide findings as the report's
// notes do, one labelled line each, for the TUI's message detail.
func MessageNotesText(rep *analyze.Report, st Styles, width int) string {
	d := newDoc(st, width)
	messageNoteLines(d, MessageNotes(rep))
	return d.String()
}

// messageNoteLines writes notes as "label  head tail" lines, aligned with
// the other notes of the report.
func messageNoteLines(d *doc, ns []MessageNote) {
	for _, n := range ns {
		head := n.Head
		if n.Warn {
			head = d.st.Warn.Render(head)
		}
		d.kv("", messageLabelWidth, n.Label, head+n.Tail, false)
	}
}

// messageLabelWidth is the width of the labels of the report's notes on
// the message ("tolerated").
const messageLabelWidth = 9
