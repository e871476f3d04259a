// Package gallery holds headerscope's teaching messages: sample messages
// embedded in the binary with the DNS zone that holds their keys, so that
// they verify offline, and the same way forever, against a pinned clock.
// They show the main cases of DKIM (RFC 6376, RFC 8463), ARC (RFC 8617)
// and Authentication-Results (RFC 8601).
package gallery

import (
	"errors"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
)

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

// errNotYet is returned until the teaching messages are embedded; the
// messages and their zone are being written, and this file then embeds
// them with //go:embed messages/*.eml gallery.zone.
var errNotYet = errors.New("gallery: the teaching messages are not in this build yet; give a file to open")

// Messages returns the teaching messages in file-name order.
func Messages() []Sample { return nil }

// Zone returns the zone file text that answers the messages' DNS questions.
func Zone() []byte { return nil }

// Resolver returns a resolver answering from the gallery zone.
func Resolver() (*dns.Zone, error) { return nil, errNotYet }
