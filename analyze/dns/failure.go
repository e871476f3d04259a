package dns

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Cause says what a lookup that gave no usable answer ran into, in a way
// that decides what the reader can do about it. It is data: render words
// the advice, naming the command line's flags in a report and the keys in
// the TUI, so that no sentence of this package speaks of a flag.
type Cause string

// The causes of a failed lookup that the reader can act on. A permanent
// answer (NXDOMAIN, NODATA), a bad name, a CNAME loop and a fault a zone
// file simulates have no Cause: asking again would not change them.
const (
	// CauseTimeout: no server answered within the time of a try, on
	// every try. Fields: Server (every server asked), Name, Type, Tries,
	// Wait.
	CauseTimeout Cause = "timeout"
	// CauseUnusable: the servers answered with network errors, or with
	// an answer that could not be used. Fields: Server (the last one),
	// Name, Type, Tries.
	CauseUnusable Cause = "unusable"
	// CauseServFail: the resolver answered SERVFAIL. Fields: Server,
	// Name, Type.
	CauseServFail Cause = "servfail"
	// CauseRefused: the resolver answered REFUSED. Fields: Server, Name,
	// Type.
	CauseRefused Cause = "refused"
	// CauseOddRcode: the resolver answered an rcode that is neither an
	// answer nor a known failure. Fields: Server, Name, Type, Rcode.
	CauseOddRcode Cause = "odd-rcode"
	// CauseOffline: no query was made, by choice. Fields: Name, Type.
	CauseOffline Cause = "offline"
	// CauseLimit: the message reached its number of lookups. Fields:
	// Name, Type, Limit.
	CauseLimit Cause = "limit"
	// CauseTimeUp: the time allowed for one message's lookups ran out.
	// Fields: Name, Type, Wait (the time allowed).
	CauseTimeUp Cause = "time-up"
)

// Failure is the typed account of a failed lookup: its Cause and the facts
// an explanation of it needs. Trace.Detail says the same in a sentence of
// fact; what to do about it is render's to say.
type Failure struct {
	Cause  Cause
	Server string // the server that failed, or every server asked (CauseTimeout)
	Name   string // the name the failure is about
	Type   string // the record type asked
	Rcode  string // CauseOddRcode: the rcode received
	Tries  int    // CauseTimeout, CauseUnusable: how many queries were sent
	// Wait is the time of one try (CauseTimeout) or the time allowed for
	// the message (CauseTimeUp).
	Wait  time.Duration
	Limit int // CauseLimit: the lookups one message may cause
}

// TimeUp is the cause (context.Cause) of the end of a message's DNS time:
// analyze sets it on the context of a message's lookups, and a lookup it
// stops reports CauseTimeUp.
type TimeUp struct {
	Allowed time.Duration // the time allowed for the message's lookups
}

func (e *TimeUp) Error() string {
	return fmt.Sprintf("the time allowed for this message's DNS lookups (%s) ran out", e.Allowed)
}

// stopped returns the Failure of a lookup of name that ctx stopped: the
// message's time was up, or nil when the caller stopped it for another
// reason (such as a TUI that no longer wants the answer).
func stopped(ctx context.Context, name, qtype string) *Failure {
	var up *TimeUp
	if errors.As(context.Cause(ctx), &up) {
		return &Failure{Cause: CauseTimeUp, Name: name, Type: qtype, Wait: up.Allowed}
	}
	return nil
}
