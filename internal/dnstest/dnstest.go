// Package dnstest starts DNS servers on 127.0.0.1 for tests, as
// net/http/httptest does for HTTP: real UDP and TCP on one port, so that a
// resolver under test retries a truncated answer over TCP exactly as it
// would on the network.
package dnstest

import (
	"net"
	"strconv"
	"testing"

	mdns "github.com/miekg/dns"
)

// Serve answers every question with h over UDP and TCP on one free port of
// 127.0.0.1 and returns the address ("127.0.0.1:port"). The servers stop
// when the test ends.
func Serve(t testing.TB, h mdns.Handler) string {
	t.Helper()
	var pc net.PacketConn
	var ln net.Listener
	for i := 0; ; i++ {
		var err error
		if pc, err = net.ListenPacket("udp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		port := pc.LocalAddr().(*net.UDPAddr).Port
		if ln, err = net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			break
		}
		pc.Close()
		if i == 20 {
			t.Fatalf("dnstest: no port free for both UDP and TCP: %v", err)
		}
	}
	for _, srv := range []*mdns.Server{{PacketConn: pc, Handler: h}, {Listener: ln, Handler: h}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go srv.ActivateAndServe()
		<-started
		t.Cleanup(func() { srv.Shutdown() })
	}
	return pc.LocalAddr().String()
}
