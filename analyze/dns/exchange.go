package dns

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	mdns "github.com/miekg/dns"
)

// answer is the result of asking one question of the server list: a reply
// that matches the question, or an outcome and a sentence saying why there
// is none.
type answer struct {
	msg       *mdns.Msg
	server    string // the server that answered, or the last one tried
	truncated bool   // a UDP answer had TC set and TCP was used
	outcome   Outcome
	detail    string
	failure   *Failure
}

// ask sends one question to each server in turn, going around the list
// l.attempts times, until one answers. A timeout or a network error moves
// on to the next server; an answer for another question ends the lookup,
// since whoever sent it cannot be trusted for this one either.
func (l *Live) ask(ctx context.Context, name string, t uint16) answer {
	m := new(mdns.Msg)
	m.SetQuestion(mdns.Fqdn(name), t)
	m.RecursionDesired = true
	// RFC 6840 section 5.7: AD in a query asks the resolver to say
	// whether it validated the answer, without needing DO.
	m.AuthenticatedData = true
	m.SetEdns0(ednsSize, false)

	var a answer
	var lastErr error
	tries, timeouts := 0, 0
	for i := 0; i < l.attempts; i++ {
		for _, s := range l.servers {
			if over(ctx) {
				return cancelled(ctx, s, name, t)
			}
			tries++
			m.Id = mdns.Id()
			r, tc, err := l.exchange(ctx, s, m)
			a.server = s
			a.truncated = a.truncated || tc
			if err == nil {
				if why := mismatch(m, r); why != "" {
					a.outcome = Error
					a.detail = fmt.Sprintf("%s sent an answer for the wrong name or type: asked %s, got %s; the answer was ignored, as it may be forged or meant for another query", s, question(m), why)
					a.failure = &Failure{Cause: CauseUnusable, Server: s, Name: name, Type: mdns.TypeToString[t], Tries: tries}
					return a
				}
				a.msg = r
				return a
			}
			if over(ctx) {
				return cancelled(ctx, s, name, t)
			}
			lastErr = err
			if isTimeout(err) {
				timeouts++
			}
		}
	}
	qt := mdns.TypeToString[t]
	if timeouts == tries {
		a.outcome = Timeout
		a.detail = fmt.Sprintf("no answer from %s within %s (%d %s) for %s %s; the record could not be checked",
			strings.Join(l.servers, ", "), l.timeout, tries, plural(tries, "try", "tries"), name, qt)
		a.failure = &Failure{Cause: CauseTimeout, Server: strings.Join(l.servers, ", "), Name: name, Type: qt, Tries: tries, Wait: l.timeout}
		return a
	}
	a.outcome = Error
	a.detail = fmt.Sprintf("no usable answer for %s %s after %d %s; last error from %s: %v; the record could not be checked",
		name, qt, tries, plural(tries, "try", "tries"), a.server, lastErr)
	a.failure = &Failure{Cause: CauseUnusable, Server: a.server, Name: name, Type: qt, Tries: tries}
	return a
}

// exchange sends m to server over UDP and, when the answer is truncated,
// again over TCP (RFC 7766 section 5). One timeout covers both.
func (l *Live) exchange(ctx context.Context, server string, m *mdns.Msg) (*mdns.Msg, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	r, err := once(ctx, "udp", server, m, l)
	// A truncated answer may fail to unpack in full; its TC bit still
	// says to ask again over TCP.
	if r != nil && r.Truncated {
		r, err = once(ctx, "tcp", server, m, l)
		if err == nil && r.Truncated {
			err = fmt.Errorf("the answer over TCP was truncated too")
		}
		return r, true, err
	}
	return r, false, err
}

// once makes one exchange over one transport. Closing the connection when
// ctx ends makes cancellation immediate rather than waiting for the read
// deadline.
func once(ctx context.Context, network, server string, m *mdns.Msg, l *Live) (*mdns.Msg, error) {
	c := &mdns.Client{Net: network, Timeout: l.timeout, UDPSize: ednsSize}
	conn, err := c.DialContext(ctx, server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	r, _, err := c.ExchangeWithConnContext(ctx, m, conn)
	if err != nil && over(ctx) {
		return nil, context.DeadlineExceeded
	}
	if err != nil && !(r != nil && r.Truncated) {
		return nil, err
	}
	return r, err
}

// mismatch checks that r answers the question of m (RFC 5452 section 4.2)
// and returns what was answered instead, or "".
func mismatch(m, r *mdns.Msg) string {
	if !r.Response {
		return "a message that is not a response"
	}
	if len(r.Question) == 0 {
		// Some servers leave out the question when they refuse or
		// fail; there is nothing in such a reply to mistake.
		if r.Rcode != mdns.RcodeSuccess && r.Rcode != mdns.RcodeNameError {
			return ""
		}
		return "a reply without a question"
	}
	want, got := m.Question[0], r.Question[0]
	if len(r.Question) != 1 || !strings.EqualFold(want.Name, got.Name) || want.Qtype != got.Qtype || want.Qclass != got.Qclass {
		return fmt.Sprintf("%s %s", trimDot(got.Name), mdns.Type(got.Qtype))
	}
	return ""
}

func question(m *mdns.Msg) string {
	q := m.Question[0]
	return fmt.Sprintf("%s %s", trimDot(q.Name), mdns.Type(q.Qtype))
}

// over reports whether ctx has ended or its deadline has passed. The
// connection's deadline is ctx's, and a read can fail with it a moment
// before ctx's own timer marks ctx done; without this check, every
// remaining try would then fail at once and be counted as a timeout of the
// server rather than the end of the time allowed.
//
// When the deadline has passed but ctx's timer has not fired yet, over
// waits for it (it is due): from then on ctx.Err and context.Cause say
// why, so the reason names the time limit that ran out and the Cache sees
// the lookup was cut short instead of keeping its answer.
func over(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	d, ok := ctx.Deadline()
	if !ok || time.Now().Before(d) {
		return false
	}
	<-ctx.Done()
	return true
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// cancelled is the answer when the caller's context ends first. A bare
// deadline is the time limit for the whole message (analyze.Options
// Timeout), which the user should be told about in words.
func cancelled(ctx context.Context, server, name string, t uint16) answer {
	// over has seen ctx end, so its cause is set.
	cause := context.Cause(ctx)
	why := cause.Error()
	if cause == context.DeadlineExceeded {
		why += ": the time allowed for this message's DNS lookups ran out"
	}
	return answer{
		server:  server,
		outcome: Timeout,
		detail:  fmt.Sprintf("the lookup of %s was stopped before %s answered (%s); the record could not be checked", name, server, why),
		failure: stopped(ctx, name, mdns.TypeToString[t]),
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
