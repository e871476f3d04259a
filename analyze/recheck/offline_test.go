package recheck

import (
	"strings"
	"testing"

	"github.com/headerscope/headerscope/analyze/dns"
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
		r := run(t, dns.Offline{}, raw, ARCVerdict{})
		for _, e := range r.AuthenticationResults {
			for _, c := range e.Results {
				rc := c.Recheck
				if rc.Result == verdict.TempError || (rc.Status != NotRechecked && rc.Result == "") {
					t.Errorf("%s line %d %s=%s: %s %s %q: a result that was not reached must be not-rechecked", name, e.Line, c.Method, c.Result, rc.Status, rc.Result, rc.Reason)
				}
				if rc.Status == NotRechecked && !strings.HasPrefix(rc.Reason, "not re-checked") {
					t.Errorf("%s line %d %s: reason %q does not say it was not re-checked", name, e.Line, c.Method, rc.Reason)
				}
			}
		}
		if name == "gmail-pass" {
			c := find(r.AuthenticationResults[1], "dkim")
			if c == nil || c.Recheck.Status != NotRechecked || !strings.Contains(c.Recheck.Reason, "offline") {
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
	arc := ARCVerdict{Result: verdict.Fail, Reason: "newest AMS i=2 did not verify", SeenBy: seen,
		AuthServIDs: []string{"lists.example.org", "mx.example.net"}}
	r := run(t, dns.Offline{}, raw, arc)
	want := []struct {
		status string
		result verdict.Result
	}{{Agrees, verdict.Pass}, {Agrees, verdict.None}, {Agrees, verdict.Pass}}
	for i, w := range want {
		c := find(r.AuthenticationResults[i], "arc")
		if c == nil || c.Recheck.Status != w.status || c.Recheck.Result != w.result {
			t.Errorf("entry %d: %+v, want %s %s", i, c, w.status, w.result)
		}
	}
}

// TestWildResultWords: an unregistered result word is compared as the
// registered one it stands for, and a claimed temperror is not compared.
func TestWildResultWords(t *testing.T) {
	raw := append([]byte("Authentication-Results: mx.example.net; dkim=timeout (key query timeout) header.d=example.com; spf=tempfail smtp.mailfrom=example.com\r\n"), sample(t, "gmail-pass")...)
	r := run(t, zones(t), raw, ARCVerdict{})
	c := find(r.AuthenticationResults[0], "dkim")
	if c == nil || c.Recheck.Status != NotRechecked || !strings.Contains(c.Recheck.Reason, "timeout (which stands for temperror)") {
		t.Errorf("dkim=timeout: %+v, want not re-checked, saying what the word stands for", c)
	}
	if c := find(r.AuthenticationResults[0], "spf"); c == nil || c.Recheck.Status != NotRechecked {
		t.Errorf("spf=tempfail: %+v, want not re-checked", c)
	}
}

// TestExpiredOffline: a dkim=pass claim on a signature that has expired
// since arrival, with nothing verifiable as of arrival (offline), is not
// re-checked: only time passed, and nothing speaks against the claim.
func TestExpiredOffline(t *testing.T) {
	r := run(t, dns.Offline{}, sample(t, "rspamd-dkim-expired-since"), ARCVerdict{})
	c := find(r.AuthenticationResults[0], "dkim")
	if c == nil || c.Recheck.Status != NotRechecked || !strings.Contains(c.Recheck.Reason, "expired since it arrived") {
		t.Errorf("expired since, offline: %+v, want not re-checked", c)
	}
}
