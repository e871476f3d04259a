package recheck_test

import (
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/message"
	"github.com/headerscope/headerscope/analyze/received"
	"github.com/headerscope/headerscope/analyze/recheck"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// TestOfflineNeverDisagrees: with no DNS, nothing that needs a lookup can
// be re-verified, so no such claim "disagrees", and a temperror claim is
// not "agreed" with by a temperror of headerscope's own: both are "not
// re-checked", with the reason.
func TestOfflineNeverDisagrees(t *testing.T) {
	names := []string{"gmail-pass", "microsoft365-no-authserv-id", "fastmail-spoofed-below-boundary",
		"opendkim-key-revoked-since", "rspamd-dkim-expired-since", "postfix-policyd-spf-disagrees"}
	for _, name := range names {
		raw := sample(t, name)
		// a temperror claim, to be compared with an offline temperror
		raw = append([]byte("Authentication-Results: mx.example.net; dkim=temperror header.d=example.com\r\n"), raw...)
		r := run(t, dns.Offline{}, raw)
		for _, e := range r.Claims.AuthenticationResults {
			for _, c := range e.Results {
				rc := c.Recheck
				if rc.Result == verdict.TempError || (rc.Status != recheck.NotRechecked && rc.Result == "") {
					t.Errorf("%s line %d %s=%s: %s %s %q: a result that was not reached must be not-rechecked", name, e.Line, c.Method, c.Result, rc.Status, rc.Result, rc.Reason)
				}
				if rc.Status == recheck.NotRechecked && !strings.HasPrefix(rc.Reason, "not re-checked") {
					t.Errorf("%s line %d %s: reason %q does not say it was not re-checked", name, e.Line, c.Method, rc.Reason)
				}
			}
		}
		if name == "gmail-pass" {
			c := find(r.Claims.AuthenticationResults[1], "dkim")
			if c == nil || c.Recheck.Status != recheck.NotRechecked || !strings.Contains(c.Recheck.Reason, "offline") {
				t.Errorf("gmail-pass offline: dkim claim %+v, want not re-checked because offline", c)
			}
		}
	}
}

// TestARCClaimSeenByHop: the arc= claim of the ARC-Authentication-Results
// of set i is compared with the chain hop i received (sets 1 to i-1), not
// with the whole chain: hop 1's arc=none is right.
func TestARCClaimSeenByHop(t *testing.T) {
	raw := []byte("ARC-Authentication-Results: i=2; mx.example.net; arc=pass\r\n" +
		"ARC-Authentication-Results: i=1; lists.example.org; arc=none\r\n" +
		"Authentication-Results: mx.example.net; arc=pass\r\n" +
		"From: a@example.com\r\n\r\nbody\r\n")
	seen := func(i int) (verdict.Result, string) {
		switch i {
		case 1:
			return verdict.None, "hop 1 saw no set"
		case 2:
			return verdict.Pass, "set 1 verifies"
		}
		return "", "no such set"
	}
	arc := recheck.ARCVerdict{Result: verdict.Fail, Reason: "newest AMS i=2 did not verify", SeenBy: seen,
		AuthServIDs: []string{"lists.example.org", "mx.example.net"}}
	m := message.Parse(raw)
	r := recheck.Read(m, received.ReadChain(m), arc)
	r.Check(t.Context(), recheck.Given{Resolver: dns.Offline{}, Now: now})
	want := []struct {
		status string
		result verdict.Result
	}{{recheck.Agrees, verdict.Pass}, {recheck.Agrees, verdict.None}, {recheck.Agrees, verdict.Pass}}
	for i, w := range want {
		c := find(r.AuthenticationResults[i], "arc")
		if c == nil || c.Recheck.Status != w.status || c.Recheck.Result != w.result {
			t.Errorf("entry %d: %+v, want %s %s", i, c, w.status, w.result)
		}
	}
}

// TestARCNotValidated: without an ARC verdict an arc= claim, and the
// trust of an ARC-Authentication-Results, say the chain was not validated.
func TestARCNotValidated(t *testing.T) {
	raw := []byte("ARC-Authentication-Results: i=1; lists.example.org; arc=none\r\n" +
		"From: a@example.com\r\n\r\nbody\r\n")
	m := message.Parse(raw)
	r := recheck.Read(m, received.ReadChain(m), recheck.ARCVerdict{})
	r.Check(t.Context(), recheck.Given{Now: now})
	e := r.AuthenticationResults[0]
	if e.Trusted || !strings.Contains(e.TrustReason, "not validated") {
		t.Errorf("trusted %v (%s), want untrusted because the chain was not validated", e.Trusted, e.TrustReason)
	}
	if c := find(e, "arc"); c == nil || c.Recheck.Status != recheck.NotRechecked || !strings.Contains(c.Recheck.Reason, "not validated") {
		t.Errorf("arc claim %+v, want not re-checked because the chain was not validated", c)
	}
}

// TestWildResultWords: an unregistered result word is compared as the
// registered one it stands for, and a claimed temperror is not compared.
func TestWildResultWords(t *testing.T) {
	raw := append([]byte("Authentication-Results: mx.example.net; dkim=timeout (key query timeout) header.d=example.com; spf=tempfail smtp.mailfrom=example.com\r\n"), sample(t, "gmail-pass")...)
	r := run(t, zones(t), raw)
	c := find(r.Claims.AuthenticationResults[0], "dkim")
	if c == nil || c.Recheck.Status != recheck.NotRechecked || !strings.Contains(c.Recheck.Reason, "timeout (which stands for temperror)") {
		t.Errorf("dkim=timeout: %+v, want not re-checked, saying what the word stands for", c)
	}
	if c := find(r.Claims.AuthenticationResults[0], "spf"); c == nil || c.Recheck.Status != recheck.NotRechecked {
		t.Errorf("spf=tempfail: %+v, want not re-checked", c)
	}
}

// TestExpiredOffline: a dkim=pass claim on a signature that has expired
// since arrival, with nothing verifiable as of arrival (offline), is not
// re-checked: only time passed, and nothing speaks against the claim.
func TestExpiredOffline(t *testing.T) {
	r := run(t, dns.Offline{}, sample(t, "rspamd-dkim-expired-since"))
	c := find(r.Claims.AuthenticationResults[0], "dkim")
	if c == nil || c.Recheck.Status != recheck.NotRechecked || !strings.Contains(c.Recheck.Reason, "expired since it arrived") {
		t.Errorf("expired since, offline: %+v, want not re-checked", c)
	}
}
