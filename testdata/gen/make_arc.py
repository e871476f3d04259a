# Makes the ARC fixtures testdata/mail/arc-*.eml (RFC 8617): chains sealed by
# dkimpy's dkim.arc_sign (relaxed/relaxed) on top of a message DKIM-signed by
# dkimpy, then broken in the ways a receiver must detect.
#
# Run through make-fixtures.sh (expect.py calls main()). EXPECT lists the chain
# result headerscope should give (kind arc, index 0) and the verdict of each
# DKIM-Signature in the message.
import re

import dkim

from common import MAIL, SIGN_TIME, crlf, private_pem, write_case
from make_dkim import dkimpy, message

EXPECT = []

ORIGINAL_BODY = ("Hi all,\n\nThe build is green again; the flaky test was a clock bug.\n"
                 "Details are in the tracker.\n\nCarol\n")
FOOTER = "\n_______________________________________________\ndev mailing list -- dev@lists.example.org\n"


def original():
    msg = message("Build is green", ORIGINAL_BODY, frm="Carol Example <carol@example.com>",
                  to="dev@lists.example.org")
    return dkimpy(msg, "rsa2048", "example.com")


def hop(msg, dom, srv, ar, t, by):
    """One intermediary: a Received and an Authentication-Results field, then an ARC set."""
    received = crlf("Received: from mx.example.net by mx.%s with ESMTPS id %d\n"
                    "\tfor <%s>; Fri, 20 Nov 2026 12:0%d:00 +0000\n" % (dom, t, by, (t - SIGN_TIME) // 60))
    msg = crlf("Authentication-Results: %s; %s\n" % (srv, ar)) + received + msg
    sets = dkim.arc_sign(msg, b"arc", dom.encode(), private_pem("arc", dom), srv.encode(), timestamp=t)
    assert sets, "dkimpy made no ARC set for %s" % dom
    return b"".join(sets) + msg


def list_rewrite(msg):
    """What a mailing list does: tag the Subject and add a footer."""
    msg = msg.replace(b"Subject: Build is green", b"Subject: [dev] Build is green")
    return msg + crlf(FOOTER)


def dkim_ok(srv):
    return "dkim=pass header.d=example.com header.s=rsa2048; spf=pass smtp.mailfrom=example.com"


def chain(n):
    m = original()
    if n >= 3:
        m = hop(m, "relay.example.com", "relay.example.com", dkim_ok(0) + "; arc=none", SIGN_TIME + 60, "dev@lists.example.org")
    if n >= 2:
        arc = "arc=pass" if n >= 3 else "arc=none"
        # The list verifies what arrives (dkim=pass), rewrites it, then
        # seals what it sends, so its own AMS covers the footer.
        m = hop(list_rewrite(m), "lists.example.org", "lists.example.org", dkim_ok(0) + "; " + arc, SIGN_TIME + 120, "dev@lists.example.org")
    dkim_res = "dkim=fail header.d=example.com" if n >= 2 else "dkim=pass header.d=example.com"
    arc = "arc=pass" if n >= 2 else "arc=none"
    return hop(m, "forwarder.example.net", "forwarder.example.net", dkim_res + "; " + arc, SIGN_TIME + 180, "dana@example.net")


def drop_field(data, name, instance):
    pat = rb"(?im)^%s:[^\r\n]*\bi=%d;.*?\r\n(?![ \t])" % (re.escape(name.encode()), instance)
    out, n = re.subn(pat, b"", data, count=1, flags=re.S)
    assert n == 1, (name, instance)
    return out


def add(case, expected, kw, notes, dkim_rows):
    EXPECT.append((case, "arc", 0, expected, kw, "dkimpy", notes))
    for i, (exp, dkw, dnotes) in enumerate(dkim_rows):
        EXPECT.append((case, "dkim", i, exp, dkw, "dkimpy", dnotes))


def cases():
    c = {}
    orig_pass = [("pass", "", "original author signature, message unchanged")]
    orig_fail = [("fail", "body hash", "original author signature, broken by the list footer and [dev] tag")]
    c["arc-none"] = original()
    add("arc-none", "none", "", "no ARC header fields", orig_pass)
    c["arc-pass-1-hop"] = chain(1)
    add("arc-pass-1-hop", "pass", "", "forwarder.example.net sealed i=1 cv=none", orig_pass)
    c["arc-pass-2-hops"] = chain(2)
    add("arc-pass-2-hops", "pass", "", "list (footer, subject tag) i=1, forwarder i=2", orig_fail)
    c["arc-pass-3-hops"] = chain(3)
    add("arc-pass-3-hops", "pass", "", "relay i=1, list (footer, subject tag) i=2, forwarder i=3", orig_fail)

    two = c["arc-pass-2-hops"]
    c["arc-fail-body-modified"] = two + crlf("Sent from a phone after forwarding.\n")
    add("arc-fail-body-modified", "fail", "body hash", "body changed after the newest AMS (i=2)", orig_fail)
    seal1 = re.search(rb"(?m)^ARC-Seal: i=1;.*?t=(\d+)", two, re.S)
    c["arc-fail-tampered-seal"] = two[:seal1.start(1)] + str(int(seal1.group(1)) + 1).encode() + two[seal1.end(1):]
    add("arc-fail-tampered-seal", "fail", "seal", "ARC-Seal i=1 t= changed by one second after sealing", orig_fail)
    c["arc-fail-missing-aar"] = drop_field(two, "ARC-Authentication-Results", 1)
    add("arc-fail-missing-aar", "fail", "arc-authentication-results", "ARC-Authentication-Results i=1 removed", orig_fail)
    three = c["arc-pass-3-hops"]
    gap = three
    for name in ["ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results"]:
        gap = drop_field(gap, name, 2)
    c["arc-fail-gap"] = gap
    add("arc-fail-gap", "fail", "i=2", "ARC set i=2 removed: instances 1 and 3", orig_fail)

    # A hop that finds the chain broken seals with cv=fail (RFC 8617 5.1.2).
    broken = chain(1) + crlf("-- \nAppended by a careless relay.\n")
    c["arc-fail-cv-fail-sealed"] = hop(broken, "lists.example.org", "lists.example.org",
                                       "dkim=fail header.d=example.com; arc=fail", SIGN_TIME + 240, "dev@lists.example.org")
    add("arc-fail-cv-fail-sealed", "fail", "cv=fail", "i=1 body broken by a relay; lists.example.org sealed i=2 with cv=fail",
        [("fail", "body hash", "original author signature; body changed by a relay")])
    return c


def main():
    del EXPECT[:]
    c = cases()
    for name, data in c.items():
        write_case(MAIL, name, data)
    print("make_arc: %d cases" % len(c))
