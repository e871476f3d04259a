package render

import (
	"time"

	"github.com/headerscope/headerscope/analyze"
)

// jsonReceived is the Received chain (RFC 5321 section 4.4), newest
// first, and where the message entered the receiver.
type jsonReceived struct {
	Receiving jsonReceiving     `json:"receiving"`
	Hops      []jsonReceivedHop `json:"hops"`
}

// jsonReceiving is the receiving boundary.
type jsonReceiving struct {
	// Hop is the index in hops of the boundary, -1 when there is no
	// Received field.
	Hop          int    `json:"hop"`
	Line         int    `json:"line,omitempty"`
	ConnectingIP string `json:"connecting_ip,omitempty"`
	HELO         string `json:"helo,omitempty"`
	Receiver     string `json:"receiver,omitempty"`
	ReceiverOrg  string `json:"receiver_org,omitempty"`
	Arrival      string `json:"arrival,omitempty"`
	// Evidence says how this message's boundary was found.
	Evidence string `json:"evidence,omitempty"`
}

type jsonReceivedHop struct {
	Index       int             `json:"index"`
	Line        int             `json:"line"`
	From        string          `json:"from,omitempty"`
	HELO        string          `json:"helo,omitempty"`
	ReverseName string          `json:"reverse_name,omitempty"`
	IP          string          `json:"ip,omitempty"`
	By          string          `json:"by,omitempty"`
	Via         string          `json:"via,omitempty"`
	With        string          `json:"with,omitempty"`
	ID          string          `json:"id,omitempty"`
	For         string          `json:"for,omitempty"`
	Date        string          `json:"date,omitempty"`
	DelaySec    *float64        `json:"delay_s,omitempty"`
	Internal    bool            `json:"internal"`
	Boundary    bool            `json:"boundary"`
	Problems    []jsonProblemAt `json:"problems"`
}

// jsonSPFInput is what SPF was evaluated for, and where each value was
// found.
type jsonSPFInput struct {
	ClientIP       string `json:"client_ip"`
	ClientIPSource string `json:"client_ip_source,omitempty"`
	HELO           string `json:"helo"`
	HELOSource     string `json:"helo_source,omitempty"`
	MailFrom       string `json:"mail_from"`
	MailFromSource string `json:"mail_from_source,omitempty"`
}

// receivedJSON maps the Received chain; nil when it was not read.
func receivedJSON(rep *analyze.Report) *jsonReceived {
	if rep.Received == nil {
		return nil
	}
	rc := rep.Received.Receiving
	j := &jsonReceived{Hops: []jsonReceivedHop{}, Receiving: jsonReceiving{Hop: rc.Hop, ConnectingIP: rc.ConnectingIP,
		HELO: rc.HELO, Receiver: rc.Receiver, ReceiverOrg: rc.ReceiverOrg, Evidence: rc.Evidence}}
	if rc.Arrival != nil {
		j.Receiving.Arrival = rc.Arrival.UTC().Format(time.RFC3339)
	}
	for _, h := range rep.Received.Hops {
		jh := jsonReceivedHop{Index: h.Index, Line: h.Line, From: h.From, HELO: h.HELO, ReverseName: h.ReverseName,
			IP: h.IP, By: h.By, Via: h.Via, With: h.With, ID: h.ID, For: h.For,
			Internal: h.Internal, Boundary: h.Boundary, Problems: []jsonProblemAt{}}
		if h.Date != nil {
			jh.Date = h.Date.UTC().Format(time.RFC3339Nano)
		}
		if h.Delay != nil {
			s := h.Delay.Seconds()
			jh.DelaySec = &s
		}
		for _, p := range h.Problems {
			jh.Problems = append(jh.Problems, jsonProblemAt{p.Offset, p.Text})
		}
		if h.Boundary {
			j.Receiving.Line = h.Line
		}
		j.Hops = append(j.Hops, jh)
	}
	return j
}
