// Package render turns an analyze.Report into text for a person (styled
// with lipgloss, or plain) and into JSON for programs. It owns every style,
// glyph, column width and the JSON schema, so that `headerscope report`
// and the TUI panes show one rendering.
//
// Every string taken from a message passes through Safe or Visible before
// it is printed: message bytes are attacker-controlled, and control
// characters, escape sequences, bidirectional overrides and zero-width
// characters are shown escaped, never passed to the terminal.
//
// analyze returns data, render words it: where analyze gives a typed
// cause (a dns.Failure, a check status, a diagnosis), the words for it are
// written once here and used by the text report, JSON, Markdown and the
// TUI alike. The only difference is the reader's: Styles.Interactive makes
// advice name the TUI's keys rather than the flags of a report
// (DNSAdvice).
//
// The explanations cite RFC 6376 (DKIM), RFC 8301 and RFC 8463
// (algorithms), RFC 8617 (ARC), RFC 8601 (Authentication-Results) and
// RFC 1035 (DNS); JSON follows RFC 8259.
//
// Data flow: cmd/headerscope calls Text, JSON or Markdown with the
// *analyze.Report that analyze.Analyze returned, for `headerscope report`;
// the TUI calls the per-section functions (Summary, DKIM, ARCSet, Claim,
// DMARC, SPF, DNSTrace, Timeline, ...) with the same Report and a width to
// fill its panes. render only reads the Report: it does no analysis and
// no I/O but writing to the io.Writer it is given (one exception: a
// lesson's body step asks dkim.TraceBody for the canonicalization the
// signature did not use, so as to show both on the same bytes), and it
// does not import bubbletea.
package render
