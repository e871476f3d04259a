package main

import (
	"context"
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
	setup := render.PackSetup{Raw: in.raw, Version: versionString(), ClockPinned: f.now != "",
		Traces: rec.Traces(), Resolver: rec.Describe(), Offline: f.offline}
	if len(f.zones) == 0 {
		setup.Asked = started // a zone file's answers do not depend on when
	}
	ev := render.NewEvidence(setup)
	reproduceCommand(&ev, in, rep, f, files)
	render.Markdown(w, rep, in.name, ev) // writing to a buffer cannot fail
}

// reproduceCommand sets the command that repeats the analysis of in with
// no network (see Evidence.SetCommand), with the limits when they were
// changed. A message from stdin or an mbox has no file of its own: the
// command names message.eml, and the pack says what to save there.
func reproduceCommand(ev *render.Evidence, in input, rep *analyze.Report, f *reportFlags, files []string) {
	var limits []string
	if f.maxSigs != analyze.DefaultMaxSignatures {
		limits = append(limits, "--max-signatures", strconv.Itoa(f.maxSigs))
	}
	if f.maxLookups != analyze.DefaultMaxLookups {
		limits = append(limits, "--max-lookups", strconv.Itoa(f.maxLookups))
	}
	if f.timeout != analyze.DefaultTimeout {
		limits = append(limits, "--timeout", f.timeout.String())
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
	ev.SetCommand(rep, limits...)
}
