package received

import (
	"testing"
	"time"

	"github.com/headerscope/headerscope/analyze/message"
)

func TestReceivedChain(t *testing.T) {
	raw := "Received: from mx1.example.net (localhost [127.0.0.1])\r\n by inbox.example.net (Cyrus) with LMTPA; Fri, 20 Nov 2026 12:00:10 +0000\r\n" +
		"Received: from edge.example.net ([10.0.0.7] helo=edge.example.net)\r\n by mx1.example.net with esmtp (Exim 4.96); Fri, 20 Nov 2026 12:00:04 +0000\r\n" +
		"Received: from mail.example.com (mail.example.com [192.0.2.10])\r\n by edge.example.net (Postfix) with ESMTPS id 4Zk; Fri, 20 Nov 2026 12:00:01 +0000\r\n" +
		"Received: from [10.1.2.3] (unknown [198.51.100.77])\r\n by mail.example.com (Postfix) with ESMTPSA id 4Zj; Fri, 20 Nov 2026 12:00:02 +0000\r\n" +
		"Authentication-Results: spoof.example.com; spf=pass smtp.mailfrom=a@example.com\r\n" +
		"From: a@example.com\r\n\r\nbody\r\n"
	r := ReadChain(message.Parse([]byte(raw)))
	if len(r.Hops) != 4 {
		t.Fatalf("%d hops, want 4", len(r.Hops))
	}
	wantDelay := []time.Duration{6 * time.Second, 3 * time.Second, -time.Second}
	for i, d := range wantDelay {
		if r.Hops[i].Delay == nil || *r.Hops[i].Delay != d {
			t.Errorf("hop %d delay = %v, want %v", i, r.Hops[i].Delay, d)
		}
	}
	if r.Hops[3].Delay != nil {
		t.Errorf("bottom hop has a delay %v", *r.Hops[3].Delay)
	}
	rc := r.Receiving
	if rc.Hop != 2 || rc.ConnectingIP != "192.0.2.10" || rc.Receiver != "edge.example.net" || rc.ReceiverOrg != "example.net" || rc.HELO != "mail.example.com" {
		t.Errorf("receiving = %+v", rc)
	}
	if !r.Hops[0].Internal || !r.Hops[1].Internal || !r.Hops[2].Boundary || r.Hops[3].Internal {
		t.Errorf("internal/boundary flags wrong: %+v", r.Hops)
	}
	if r.ReceiverEnd() != 3 {
		t.Errorf("the receiver's fields end at %d, want 3 (the Received field below the boundary)", r.ReceiverEnd())
	}
	for _, id := range []string{"edge.example.net", "mx9.example.net", "EXAMPLE.NET."} {
		if !r.NamesReceiver(id) {
			t.Errorf("NamesReceiver(%q) = false, want true", id)
		}
	}
	for _, id := range []string{"", "example.com", "mail.example.com"} {
		if r.NamesReceiver(id) {
			t.Errorf("NamesReceiver(%q) = true, want false", id)
		}
	}
}
