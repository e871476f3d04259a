package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
)

// PackSetup is how one message was analysed, for its evidence pack: what
// `headerscope report --format markdown` and the TUI's P key both know.
type PackSetup struct {
	// Raw is the message's bytes, as analysed.
	Raw []byte
	// Version is headerscope's version; ClockPinned is true when the
	// clock was set rather than read from the machine.
	Version     string
	ClockPinned bool
	// Traces are the DNS answers the analysis used (dns.Recorder.Traces)
	// and Resolver says who gave them (dns.Recorder.Describe). Offline
	// analyses embed none.
	Traces   []*dns.Trace
	Resolver string
	Offline  bool
	// Asked is when live answers were had; zero for answers from a zone
	// file, which do not depend on when.
	Asked time.Time
}

// NewEvidence is the part of an evidence pack that follows from the
// setup: the input's SHA-256, and the DNS answers as a zone file named
// after it (headerscope-<first 12 hex digits>.zone). The caller sets the
// message's file and then the command (SetCommand).
func NewEvidence(s PackSetup) Evidence {
	sum := sha256.Sum256(s.Raw)
	ev := Evidence{SHA256: hex.EncodeToString(sum[:]), Version: s.Version, ClockPinned: s.ClockPinned}
	if !s.Offline && len(s.Traces) > 0 {
		// The pack states the report command that replays this zone.
		info := dns.RecordInfo{Resolver: s.Resolver, Version: s.Version, Time: s.Asked, Replay: "--dns-zone FILE"}
		var z bytes.Buffer
		dns.WriteZone(&z, s.Traces, info) // writing to a buffer cannot fail
		ev.Zone = z.Bytes()
		ev.ZoneFile = "headerscope-" + ev.SHA256[:12] + ".zone"
	}
	return ev
}

// SetCommand sets the command that repeats the analysis of rep with no
// network: the recorded zone (or --offline when no answer was needed),
// the clock the report was judged at, the extra arguments (limits that
// were changed), and ev.MessageFile, which must be set first.
func (ev *Evidence) SetCommand(rep *analyze.Report, extra ...string) {
	cmd := []string{"headerscope", "report"}
	if ev.ZoneFile != "" {
		cmd = append(cmd, "--dns-zone", ev.ZoneFile)
	} else {
		cmd = append(cmd, "--offline")
	}
	if !rep.Now.IsZero() {
		cmd = append(cmd, "--now", rep.Now.UTC().Format(time.RFC3339))
	}
	cmd = append(cmd, extra...)
	if strings.HasPrefix(ev.MessageFile, "-") {
		cmd = append(cmd, "--")
	}
	ev.Command = append(cmd, ev.MessageFile)
}
