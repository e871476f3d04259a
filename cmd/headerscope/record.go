package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
)

// replayFlag is how a recorded zone file is replayed, for its header.
const replayFlag = "--dns-zone FILE"

// recordDNS is --record-dns FILE, for report and the TUI: every answer the
// live resolver gives is kept and written at the end of the run as a zone
// file that --dns-zone replays (dns.WriteZone).
type recordDNS struct {
	path  string
	rec   *dns.Recorder
	start time.Time
}

func (r *recordDNS) register(fs *flag.FlagSet) {
	fs.StringVar(&r.path, "record-dns", "", "write every DNS answer received to the zone `FILE`, for --dns-zone to replay")
}

// check refuses what cannot be recorded, before any lookup: answers that
// do not come from a live resolver, a folder that does not exist, and an
// input named as the file to write (it is evidence, and never written).
func (r *recordDNS) check(cmd string, f *dnsFlags, inputs []string) error {
	if r.path == "" {
		return nil
	}
	if f.offline || len(f.zones) > 0 {
		return usagef(cmd, "--record-dns records the answers of a live resolver; it cannot be combined with --offline or --dns-zone (a zone file is already a recording)")
	}
	if st, err := os.Stat(filepath.Dir(r.path)); err != nil || !st.IsDir() {
		return usagef(cmd, "--record-dns %q: the folder %q does not exist", r.path, filepath.Dir(r.path))
	}
	if st, err := os.Stat(r.path); err == nil {
		if st.IsDir() {
			return usagef(cmd, "--record-dns %q: it is a folder; give a file name such as answers.zone", r.path)
		}
		for _, in := range inputs {
			if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
				return usagef(cmd, "--record-dns %q is also an input; inputs are never written, so give another file name", r.path)
			}
		}
	}
	return nil
}

// wrap puts a recorder in front of a live resolver when --record-dns was
// given.
func (r *recordDNS) wrap(res dns.Resolver) dns.Resolver {
	if r.path == "" {
		return res
	}
	r.rec = dns.NewRecorder(res)
	r.start = time.Now()
	return r.rec
}

// write writes what was recorded, replacing the file in one step so that
// an interrupted write leaves no half zone.
func (r *recordDNS) write() error {
	if r.rec == nil {
		return nil
	}
	var b bytes.Buffer
	dns.WriteZone(&b, r.rec.Traces(), dns.RecordInfo{Time: r.start, Resolver: r.rec.Describe(), Version: versionString(), Replay: replayFlag})
	tmp, err := os.CreateTemp(filepath.Dir(r.path), ".headerscope-record-*.zone")
	if err != nil {
		return fmt.Errorf("--record-dns: %w", err)
	}
	_, err = tmp.Write(b.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), r.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("--record-dns: writing %s: %w", r.path, err)
	}
	return nil
}
