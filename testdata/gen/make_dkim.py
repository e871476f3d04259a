# Makes the DKIM fixtures testdata/mail/dkim-*.eml, testdata/mbox/three.mbox and
# the zone testdata/dns/fixtures.zone, signing with four independent
# implementations: dkimpy (dkim.sign), opendkim (opendkim-testmsg, under
# faketime), Mail::DKIM::Signer (mail_dkim_sign.pl) and go-msgauth (gosign/).
#
# Run through make-fixtures.sh (it sets GOSIGN to the go-msgauth command):
#   /usr/bin/python3 testdata/gen/make_dkim.py
# EXPECT below is what headerscope should say per signature (RFC 6376, 8301,
# 8463); expect.py adds what dkimpy and Mail::DKIM say and writes expect.tsv.
import base64
import os
import re
import shlex

import dkim

from common import (DNSDIR, GEN, KEYS, MAIL, SIGN_TIME, TESTDATA, crlf, ed25519_seed_b64,
                    key_path, key_record, pinned, private_pem, run, write_case, write_zone)

H = ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"]

# (case, index, expected, reason keyword, signer, notes)
EXPECT = []


def expect(case, index, expected, keyword, signer, notes=""):
    EXPECT.append((case, "dkim", index, expected, keyword, signer, notes))


def message(subject, body, frm="Alice Example <alice@example.com>",
            to="Bob Example <bob@example.net>", msgid=None, date="Fri, 20 Nov 2026 12:00:00 +0000"):
    msgid = msgid or "<%s@example.com>" % re.sub(r"[^a-z0-9]+", "-", subject.lower()).strip("-")
    return crlf("From: %s\nTo: %s\nSubject: %s\nDate: %s\nMessage-ID: %s\nMIME-Version: 1.0\n"
                "Content-Type: text/plain; charset=utf-8\n\n%s" % (frm, to, subject, date, msgid, body))


BODY = ("Hi Bob,\n\nThe quarterly figures are attached to the shared drive.  \n"
        "Let me know\tif anything looks off.\n\nAlice\n")


def dkimpy(msg, sel, dom, canon=("relaxed", "relaxed"), alg="rsa-sha256", headers=H,
           identity=None, length=False, t=SIGN_TIME):
    """Sign with dkimpy and return the message with the new field on top."""
    key = ed25519_seed_b64(sel, dom) if alg.startswith("ed25519") else private_pem(sel, dom)
    with pinned(t):
        sig = dkim.sign(msg, sel.encode(), dom.encode(), key,
                        identity=identity and identity.encode(),
                        canonicalize=tuple(c.encode() for c in canon),
                        signature_algorithm=alg.encode(),
                        include_headers=[h.encode() for h in headers], length=length)
    return sig + msg


def opendkim(msg, sel, dom):
    """opendkim-testmsg: always rsa-sha1, relaxed/simple (it has no option for either)."""
    return run(["faketime", "@%d" % SIGN_TIME, "opendkim-testmsg", "-C", "-d", dom, "-s", sel,
                "-k", key_path(sel, dom)], msg)


def mail_dkim(msg, sel, dom, method="relaxed/relaxed", t=SIGN_TIME, x=0):
    return run(["perl", os.path.join(GEN, "mail_dkim_sign.pl"), key_path(sel, dom), dom, sel,
                method, "rsa-sha256", str(t), str(x)], msg)


def gosign(msg, sel, dom, canon="relaxed/relaxed"):
    cmd = shlex.split(os.environ.get("GOSIGN", "go run ./testdata/gen/gosign"))
    return run(cmd + ["-key", key_path(sel, dom), "-d", dom, "-s", sel, "-c", canon], msg)


def split(data):
    head, _, body = data.partition(b"\r\n\r\n")
    return head + b"\r\n", body


def sig_field(data):
    """(start, end) of the first DKIM-Signature field, folding included."""
    m = re.search(rb"DKIM-Signature:.*?\r\n(?![ \t])", data, re.S | re.I)
    return m.start(), m.end()


def edit_sig(data, old, new):
    s, e = sig_field(data)
    field = data[s:e]
    assert re.search(old, field), (old, field)
    return data[:s] + re.sub(old, new, field, count=1) + data[e:]


def zone_records():
    k = key_record
    ex = "example.com."
    r = []
    for sel in ["rsa1024", "rsa2048", "rsa4096", "rsa512", "ed25519", "sha1", "mass"]:
        r.append(("%s._domainkey.%s" % (sel, ex), "TXT", k(sel, "example.com")))
    r += [
        ("testing._domainkey." + ex, "TXT", k("testing", "example.com", " t=y;")),
        ("revoked._domainkey." + ex, "TXT", "v=DKIM1; k=rsa; p="),
        ("servfail._domainkey." + ex, "TXT", "headerscope:servfail"),
        # RFC 6376 3.6.1 k=: an ed25519 key published where an rsa-sha256 signature points.
        ("ktype._domainkey." + ex, "TXT", k("ed25519", "example.com").replace("p=", "p=", 1)),
        ("hsha1._domainkey." + ex, "TXT", k("hsha1", "example.com", " h=sha1;")),
        ("strict._domainkey." + ex, "TXT", k("strict", "example.com", " t=s;")),
        # Two key records at one name: the current key and a stale one.
        ("twotxt._domainkey." + ex, "TXT", k("twotxt", "example.com")),
        ("twotxt._domainkey." + ex, "TXT", k("rsa1024", "example.com")),
        ("opendkim._domainkey.example.org.", "TXT", k("opendkim", "example.org")),
        ("go-rsa._domainkey.example.org.", "TXT", k("go-rsa", "example.org")),
        ("go-ed._domainkey.example.org.", "TXT", k("go-ed", "example.org")),
        ("perl._domainkey.example.net.", "TXT", k("perl", "example.net")),
        # Office 365 style: the customer's selector is a CNAME into the tenant's domain.
        ("selector1._domainkey.contoso.example.", "CNAME",
         "selector1-contoso-example._domainkey.contoso.onmicrosoft.example."),
        ("selector1-contoso-example._domainkey.contoso.onmicrosoft.example.", "TXT",
         k("selector1", "contoso.example")),
        # RFC 8463 Appendix A.2, verbatim.
        ("brisbane._domainkey.football.example.com.", "TXT",
         "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="),
        ("test._domainkey.football.example.com.", "TXT",
         '"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR"'
         ' "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC"'
         ' "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3"'
         ' "Ip3G+2kryOTIKT+l/K4w3QIDAQAB"'),
    ]
    # ARC sealers (make_arc.py).
    for dom in ["lists.example.org", "forwarder.example.net", "relay.example.com"]:
        r.append(("arc._domainkey.%s." % dom, "TXT", k("arc", dom)))
    return r


RFC8463 = crlf("""DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;
 d=football.example.com; i=@football.example.com;
 q=dns/txt; s=brisbane; t=1528637909; h=from : to :
 subject : date : message-id : from : subject : date;
 bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;
 b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus
 Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;
 d=football.example.com; i=@football.example.com;
 q=dns/txt; s=test; t=1528637909; h=from : to : subject :
 date : message-id : from : subject : date;
 bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;
 b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3
 DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz
 dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=
From: Joe SixPack <joe@football.example.com>
To: Suzie Q <suzie@shopping.example.net>
Subject: Is dinner ready?
Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)
Message-ID: <20030712040037.46341.5F8J@football.example.com>

Hi.

We lost the game.  Are you hungry yet?

Joe.
""")


def write_rfc8463_keys():
    # RFC 8463 A.1: the Ed25519 secret key is the RFC 8032 7.1 test 1 seed.
    seed = base64.b64decode("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")
    der = bytes.fromhex("302e020100300506032b657004220420") + seed
    with open(key_path("brisbane", "football.example.com"), "w") as f:
        f.write("-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n" % base64.b64encode(der).decode())


def cases():
    c = {}
    base = message("Quarterly figures", BODY)
    signed = dkimpy(base, "rsa2048", "example.com")

    c["dkim-pass-relaxed-relaxed"] = signed
    expect("dkim-pass-relaxed-relaxed", 0, "pass", "", "dkimpy", "rsa-sha256 2048-bit key")
    # RFC 6376 section 8.15: a Subject and a From added above a signed
    # message; the signature still passes (it covers the bottom instances)
    # while a mail client shows the added ones.
    c["dkim-pass-unsigned-subject-added"] = crlf("Subject: Urgent: wire the money today\nFrom: CEO <ceo@attacker.example>\n") + signed
    expect("dkim-pass-unsigned-subject-added", 0, "pass", "", "dkimpy", "unsigned Subject and From added on top")
    c["dkim-pass-simple-simple"] = dkimpy(message("Simple canonicalization", "Plain lines, no trailing spaces.\n"),
                                          "rsa1024", "example.com", canon=("simple", "simple"))
    expect("dkim-pass-simple-simple", 0, "pass", "", "dkimpy", "rsa-sha256 1024-bit key")
    c["dkim-pass-relaxed-simple"] = mail_dkim(message("Relaxed header, simple body", BODY, frm="Perl Signer <perl@example.net>"),
                                              "perl", "example.net", method="relaxed/simple")
    expect("dkim-pass-relaxed-simple", 0, "pass", "", "Mail::DKIM")
    c["dkim-pass-ed25519"] = dkimpy(message("Signed with Ed25519", BODY), "ed25519", "example.com", alg="ed25519-sha256")
    expect("dkim-pass-ed25519", 0, "pass", "", "dkimpy", "RFC 8463 ed25519-sha256")
    dual = gosign(message("Two signatures", BODY, frm="Gopher <gopher@example.org>"), "go-rsa", "example.org")
    c["dkim-pass-dual-ed25519-rsa"] = gosign(dual, "go-ed", "example.org")
    expect("dkim-pass-dual-ed25519-rsa", 0, "pass", "", "go-msgauth", "ed25519-sha256 (added last, on top)")
    expect("dkim-pass-dual-ed25519-rsa", 1, "pass", "", "go-msgauth", "rsa-sha256")
    c["dkim-pass-lf-only"] = signed.replace(b"\r\n", b"\n")
    expect("dkim-pass-lf-only", 0, "pass", "", "dkimpy", "signed with CRLF then every CRLF turned into LF")
    head, body = split(signed)
    c["dkim-pass-mixed-line-endings"] = head.replace(b"\r\n", b"\n") + b"\r\n" + body
    expect("dkim-pass-mixed-line-endings", 0, "pass", "", "dkimpy", "header block LF; empty line and body CRLF")
    c["dkim-pass-rsa2048-split-txt"] = mail_dkim(message("Key in two TXT strings", BODY, frm="Alice <alice@example.com>"),
                                                 "rsa2048", "example.com")
    expect("dkim-pass-rsa2048-split-txt", 0, "pass", "", "Mail::DKIM", "TXT at rsa2048._domainkey.example.com is two strings")
    c["dkim-pass-rsa4096"] = dkimpy(message("A 4096-bit key", BODY), "rsa4096", "example.com")
    expect("dkim-pass-rsa4096", 0, "pass", "", "dkimpy", "TXT is three strings; live DNS answer exceeds 512 bytes")
    c["dkim-pass-cname-o365"] = gosign(message("Sent from a hosted tenant", BODY, frm="Megan <megan@contoso.example>",
                                               msgid="<o365@contoso.example>"), "selector1", "contoso.example")
    expect("dkim-pass-cname-o365", 0, "pass", "", "go-msgauth",
           "selector1._domainkey.contoso.example CNAME selector1-contoso-example._domainkey.contoso.onmicrosoft.example")
    c["dkim-pass-oversigned"] = dkimpy(message("Over-signed headers", BODY), "rsa2048", "example.com",
                                       headers=["from", "from", "subject", "subject", "to", "date", "message-id"])
    expect("dkim-pass-oversigned", 0, "pass", "", "dkimpy", "h= lists from and subject twice (RFC 6376 8.15)")
    c["dkim-pass-testing-key"] = dkimpy(message("Testing key", BODY), "testing", "example.com")
    expect("dkim-pass-testing-key", 0, "pass", "testing", "dkimpy", "key record t=y")
    c["dkim-pass-rsa1024"] = dkimpy(message("A 1024-bit key", BODY), "rsa1024", "example.com")
    expect("dkim-pass-rsa1024", 0, "pass", "", "dkimpy", "smallest key RFC 8301 accepts")

    lsigned = dkimpy(message("Length-limited signature", BODY), "rsa2048", "example.com", length=True)
    c["dkim-pass-length-appended"] = lsigned + crlf("\n-- \nThis line was appended after signing: l= leaves it unsigned.\n")
    expect("dkim-pass-length-appended", 0, "pass", "l=", "dkimpy", "warning expected: content after l= is unsigned")

    footer = crlf("\n_______________________________________________\nteam mailing list -- team@lists.example.org\n")
    c["dkim-fail-body-footer"] = signed + footer
    expect("dkim-fail-body-footer", 0, "fail", "body hash", "dkimpy", "list footer appended after signing")
    c["dkim-fail-header-subject"] = signed.replace(b"Subject: Quarterly figures", b"Subject: [team] Quarterly figures")
    expect("dkim-fail-header-subject", 0, "fail", "signature", "dkimpy", "Subject tagged after signing; body hash still matches")
    c["dkim-fail-body-and-header"] = c["dkim-fail-header-subject"] + footer
    expect("dkim-fail-body-and-header", 0, "fail", "body hash", "dkimpy", "both halves fail")
    c["dkim-fail-body-lost"] = head + b"\r\n"
    expect("dkim-fail-body-lost", 0, "fail", "body hash", "dkimpy", "body stripped to empty: computed bh= is the empty-body hash")
    c["dkim-neutral-headers-only"] = head
    expect("dkim-neutral-headers-only", 0, "neutral", "not checked", "dkimpy", "header block only: no empty line, no body; b= verifies")
    c["dkim-fail-headers-only-modified"] = head.replace(b"Subject: Quarterly figures", b"Subject: Quarterly figures (fwd)")
    expect("dkim-fail-headers-only-modified", 0, "fail", "signature", "dkimpy", "header block only and Subject changed")

    def keycase(name, sel, expected, kw, notes, **kw2):
        c[name] = dkimpy(message(name, BODY), sel, "example.com", **kw2)
        expect(name, 0, expected, kw, "dkimpy", notes)

    keycase("dkim-permerror-revoked", "revoked", "permerror", "revoked", "key record p= empty (RFC 6376 3.6.1)")
    keycase("dkim-permerror-no-key", "missing", "permerror", "no key", "NXDOMAIN at missing._domainkey.example.com")
    keycase("dkim-temperror-servfail", "servfail", "temperror", "servfail", "zone answers SERVFAIL (headerscope:servfail)")
    # A case with its own DNS view (testdata/dns/<case>.zone replaces fixtures.zone).
    c["dkim-temperror-timeout"] = dkimpy(message("DNS timeout", BODY), "rsa2048", "example.com")
    write_zone(os.path.join(DNSDIR, "dkim-temperror-timeout.zone"), "example.com",
               [("rsa2048._domainkey.example.com.", "TXT", "headerscope:timeout")],
               "DNS view of dkim-temperror-timeout: the key lookup times out.")
    expect("dkim-temperror-timeout", 0, "temperror", "timeout", "dkimpy", "per-case zone: the key query times out")
    keycase("dkim-permerror-key-type-mismatch", "ktype", "permerror", "key type", "rsa-sha256 signature, k=ed25519 record")
    keycase("dkim-permerror-key-hash-sha1-only", "hsha1", "permerror", "h=", "key record h=sha1, signature rsa-sha256")
    keycase("dkim-permerror-strict-subdomain-identity", "strict", "permerror", "t=s", "key t=s, i=@mail.example.com",
            identity="alice@mail.example.com")
    keycase("dkim-permerror-two-txt-records", "twotxt", "permerror", "records",
            "two TXT records at the key name; RFC 6376 6.1.2 lets a verifier pick one, lead's rule is permerror")
    keycase("dkim-policy-rsa512", "rsa512", "policy", "1024", "512-bit RSA verifies; RFC 8301 3.2 forbids < 1024")

    c["dkim-policy-rsa-sha1"] = opendkim(message("Old signer, SHA-1", BODY, frm="Legacy <legacy@example.org>"),
                                         "opendkim", "example.org")
    expect("dkim-policy-rsa-sha1", 0, "policy", "sha1", "opendkim", "opendkim-testmsg signs rsa-sha1 relaxed/simple; RFC 8301 3.1")
    c["dkim-permerror-expired"] = mail_dkim(message("Expired signature", BODY), "rsa2048", "example.com",
                                            t=SIGN_TIME - 30 * 86400, x=SIGN_TIME - 23 * 86400)
    expect("dkim-permerror-expired", 0, "permerror", "expired", "Mail::DKIM", "x=2026-10-28, before the 2026-12-01 clock")
    c["dkim-permerror-future-timestamp"] = mail_dkim(message("Signed in the future", BODY), "rsa2048", "example.com",
                                                     t=SIGN_TIME + 60 * 86400)
    expect("dkim-permerror-future-timestamp", 0, "permerror", "future", "Mail::DKIM", "t=2027-01-19, after the clock")

    # Syntax errors: each an edit of the first DKIM-Signature of one dkimpy signature.
    syn = dkimpy(message("Syntax test", BODY), "rsa2048", "example.com")
    edits = [
        ("missing-bh", rb"bh=[^;]*;\s*", b"", "bh", "bh= removed"),
        ("duplicate-tag", rb"d=example\.com;", b"d=example.com; d=example.com;", "duplicate", "d= given twice"),
        ("bad-base64", rb"b=(\S{8})", rb"b=\1*%*%", "base64", "'*%*%' inserted into b="),
        ("version-2", rb"v=1;", b"v=2;", "v=", "v=2"),
        ("algorithm-rsa-md5", rb"a=rsa-sha256;", b"a=rsa-md5;", "rsa-md5", "a=rsa-md5"),
        ("identity-outside-domain", rb"i=@example\.com;", b"i=@example.net;", "i=", "i=@example.net with d=example.com"),
        ("h-without-from", rb"h=from : ", b"h=", "from", "from removed from h="),
        ("query-method", rb"q=dns/txt;", b"q=dns/foo;", "q=", "q=dns/foo"),
    ]
    for name, old, new, kw, notes in edits:
        case = "dkim-permerror-syntax-" + name
        c[case] = edit_sig(syn, old, new)
        expect(case, 0, "permerror", kw, "dkimpy", "signed, then edited: " + notes)
    lbig = dkimpy(message("Body shorter than l=", BODY + "This paragraph is cut after signing.\n"),
                  "rsa2048", "example.com", length=True)
    c["dkim-permerror-syntax-length-beyond-body"] = lbig.replace(crlf("This paragraph is cut after signing.\n"), b"")
    expect("dkim-permerror-syntax-length-beyond-body", 0, "permerror", "l=", "dkimpy",
           "signed with l=, then the last body line removed: l= exceeds the body (b= still valid)")

    mass = message("A thousand signatures", "One body, a thousand Ed25519 signatures.\n")
    sigs = [dkimpy(mass, "mass", "example.com", alg="ed25519-sha256", identity="n%d@example.com" % i)[:-len(mass)]
            for i in range(1000)]
    c["dkim-pass-1000-signatures"] = b"".join(sigs) + mass
    expect("dkim-pass-1000-signatures", 0, "pass", "", "dkimpy", "1000 distinct valid ed25519 signatures (i= varies); bounded evaluation expected")
    expect("dkim-pass-1000-signatures", 999, "pass", "", "dkimpy", "the last one; headerscope may report it as not evaluated")

    c["dkim-pass-rfc8463-example"] = RFC8463
    expect("dkim-pass-rfc8463-example", 0, "pass", "", "RFC 8463", "Appendix A.3, ed25519-sha256")
    expect("dkim-pass-rfc8463-example", 1, "pass", "", "RFC 8463", "Appendix A.3, rsa-sha256 with the RFC's 1024-bit key")
    return c


def mbox(c):
    """Three messages; the second body has a line starting 'From ' escaped as '>From ' (mboxrd)."""
    frm = message("Mbox escape", "Quoting the log:\nFrom here on, nothing changed.\n")
    msgs = [c["dkim-pass-relaxed-relaxed"], dkimpy(frm, "rsa2048", "example.com"), c["dkim-pass-ed25519"]]
    out = b""
    for m in msgs:
        body = re.sub(rb"(?m)^(>*From )", rb">\1", m.replace(b"\r\n", b"\n"))
        out += b"From alice@example.com Fri Nov 20 12:00:00 2026\n" + body + b"\n"
    os.makedirs(os.path.join(TESTDATA, "mbox"), exist_ok=True)
    with open(os.path.join(TESTDATA, "mbox", "three.mbox"), "wb") as f:
        f.write(out)


def main():
    write_rfc8463_keys()
    os.makedirs(DNSDIR, exist_ok=True)
    write_zone(os.path.join(DNSDIR, "fixtures.zone"), "example.com", zone_records(),
               "Every key the fixtures in testdata/mail need (RFC 1035 syntax, absolute names).")
    c = cases()
    for name, data in c.items():
        write_case(MAIL, name, data)
    mbox(c)
    print("make_dkim: %d cases" % len(c))


if __name__ == "__main__":
    main()
