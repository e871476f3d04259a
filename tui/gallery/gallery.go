// Package gallery holds headerscope's teaching messages: sample messages
// embedded in the binary with the DNS zone that holds their keys, so that
// they verify offline, and the same way forever, against a pinned clock.
// They show the main cases of DKIM (RFC 6376, RFC 8463), ARC (RFC 8617)
// and Authentication-Results (RFC 8601).
package gallery

import (
	"bytes"
	"embed"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
)

//go:embed messages/*.eml gallery.zone keys/*.key
var files embed.FS

// Now is the moment the gallery is judged at. Signatures carry t= and x=
// around it, so the verdicts never drift with the real clock.
var Now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// ZoneName is the name the zone is described by ("zone file gallery.zone").
const ZoneName = "gallery.zone"

// Sample is one teaching message: its file name and its exact bytes.
type Sample struct {
	Name string
	Raw  []byte
}

// Messages returns the teaching messages in file-name order, which is
// the order of the lesson.
func Messages() []Sample {
	names, _ := fs.Glob(files, "messages/*.eml")
	sort.Strings(names)
	out := make([]Sample, 0, len(names))
	for _, n := range names {
		raw, err := files.ReadFile(n)
		if err != nil {
			continue // cannot happen for an embedded file found by Glob
		}
		out = append(out, Sample{Name: path.Base(n), Raw: raw})
	}
	return out
}

// Zone returns the zone file text that answers the messages' DNS
// questions.
func Zone() []byte {
	b, _ := files.ReadFile(ZoneName)
	return b
}

// Resolver returns a resolver answering from the gallery zone.
func Resolver() (*dns.Zone, error) {
	return dns.ParseZone(bytes.NewReader(Zone()), ZoneName)
}
