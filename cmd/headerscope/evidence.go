package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/headerscope/headerscope/analyze"
	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/render"
)

// evidencePack analyses one message with a recorder in front of the
// resolver and writes its Markdown evidence pack (report --format
// markdown): the answers it embeds are exactly those this analysis used,
// whether they came from the network or from --dns-zone.
func evidencePack(ctx context.Context, w io.Writer, in input, opts analyze.Options, f *reportFlags, files []string) {
	rec := dns.NewRecorder(opts.Resolver)
	opts.Resolver = rec
	started := time.Now()
	rep := analyze.Analyze(ctx, in.raw, opts)
	sum := sha256.Sum256(in.raw)
	ev := render.Evidence{SHA256: hex.EncodeToString(sum[:]), Version: versionString(), ClockPinned: f.now != ""}
	if traces := rec.Traces(); !f.offline && len(traces) > 0 {
		info := dns.RecordInfo{Resolver: rec.Describe(), Version: ev.Version, Replay: replayFlag}
		if len(f.zones) == 0 {
			info.Time = started // a zone file's answers do not depend on when
		}
		var z bytes.Buffer
		dns.WriteZone(&z, traces, info)
		ev.Zone = z.Bytes()
		ev.ZoneFile = "headerscope-" + ev.SHA256[:12] + ".zone"
	}
	reproduceCommand(&ev, in, rep, f, files)
	render.Markdown(w, rep, in.name, ev) // writing to a buffer cannot fail
}

// reproduceCommand sets the command that repeats the analysis of in with
// no network: the recorded zone (or --offline when no answer was needed),
// the clock the report was judged at, the limits when they were changed,
// and the message's file. A message from stdin or an mbox has no file of
// its own: the command names message.eml, and the pack says what to save
// there.
func reproduceCommand(ev *render.Evidence, in input, rep *analyze.Report, f *reportFlags, files []string) {
	cmd := []string{"headerscope", "report"}
	if ev.ZoneFile != "" {
		cmd = append(cmd, "--dns-zone", ev.ZoneFile)
	} else {
		cmd = append(cmd, "--offline")
	}
	if !rep.Now.IsZero() {
		cmd = append(cmd, "--now", rep.Now.UTC().Format(time.RFC3339))
	}
	if f.maxSigs != analyze.DefaultMaxSignatures {
		cmd = append(cmd, "--max-signatures", strconv.Itoa(f.maxSigs))
	}
	if f.maxLookups != analyze.DefaultMaxLookups {
		cmd = append(cmd, "--max-lookups", strconv.Itoa(f.maxLookups))
	}
	if f.timeout != analyze.DefaultTimeout {
		cmd = append(cmd, "--timeout", f.timeout.String())
	}
	src := files[in.file]
	ev.MessageFile = src
	switch {
	case src == "-":
		ev.MessageFile = "message.eml"
	case in.name != src:
		ev.MessageFile, ev.Source = "message.eml", src
		ev.Entry, _ = strconv.Atoi(strings.TrimPrefix(in.name, src+"#"))
	default:
		ev.Source = src
	}
	if strings.HasPrefix(ev.MessageFile, "-") {
		cmd = append(cmd, "--")
	}
	ev.Command = append(cmd, ev.MessageFile)
}
