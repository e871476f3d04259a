# Makes the TUI's teaching gallery: tui/gallery/messages/NN-<case>.eml and the one
# zone that verifies all of them, tui/gallery/gallery.zone (clock 2026-12-01T00:00:00Z).
# Each message explains, in its own body, what it shows. Signed by dkimpy,
# opendkim (the rsa-sha1 one) and dkimpy's arc_sign; then checked with dkimpy
# and Mail::DKIM, whose verdicts are printed.
#
# Run through make-fixtures.sh, or: /usr/bin/python3 testdata/gen/make_gallery.py
import os
import subprocess

import dkim

from common import (GEN, ROOT, SIGN_TIME, VERIFY_TIME, Zone, crlf, key_record, pinned,
                    private_pem, write_case, write_zone)
from make_arc import hop
from make_dkim import dkimpy, opendkim

OUT = os.path.join(ROOT, "tui", "gallery")
MSGS = os.path.join(OUT, "messages")


def msg(frm, subject, body, to="Sam Student <sam@university.example>", n=0):
    return crlf("From: %s\nTo: %s\nSubject: %s\nDate: Fri, 20 Nov 2026 12:%02d:00 +0000\n"
                "Message-ID: <gallery-%02d@headerscope.example>\nMIME-Version: 1.0\n"
                "Content-Type: text/plain; charset=utf-8\n\n%s" % (frm, to, subject, n, n, body))


BANK = "Bank of Example <alerts@bank.example>"


def gallery():
    g = {}
    g["01-dkim-pass-rsa"] = dkimpy(msg(BANK, "Your November statement is ready", """Hello Sam,

This message carries one DKIM-Signature made with a 2048-bit RSA key
(a=rsa-sha256, c=relaxed/relaxed, d=bank.example, s=mail2026).

Look at how the verifier:
  1. hashes this body and compares the result with bh=,
  2. fetches the key from mail2026._domainkey.bank.example (it arrives as
     two TXT strings, because one string holds at most 255 bytes),
  3. checks b= over the signed header fields listed in h=.

Everything matches, so the result is "pass".

-- Bank of Example (a training message)
""", n=1), "mail2026", "bank.example")

    g["02-dkim-pass-ed25519"] = dkimpy(msg(BANK, "Same bank, smaller key: Ed25519", """Hello again,

This one is signed with Ed25519 (RFC 8463, a=ed25519-sha256). The public key
in DNS is only 32 bytes, so the whole record fits in one short TXT string.

With RSA a verifier can recover the hash the signer signed and show it next
to its own; with Ed25519 it can only say "valid" or "not valid".
""", n=2), "ed2026", "bank.example", alg="ed25519-sha256")

    body3 = msg(BANK, "Security notice: new login", """Hi Sam,

We noticed a new login to your account from a new device.
If that was you, nothing to do.
""", n=3)
    g["03-dkim-fail-body-modified"] = dkimpy(body3, "mail2026", "bank.example") + crlf("""
-----
Scanned by CampusMail antivirus. Have a nice day!
(This footer was added AFTER the bank signed the message: the body hash
no longer matches bh=, while the header signature alone would still verify.)
""")

    signed4 = dkimpy(msg(BANK, "Your payment was received", """Hi Sam,

Thanks, your payment of 42.00 was received.

A gateway rewrote the Subject of this message after it was signed (it added
"[EXTERNAL]"). The body hash still matches, but b= no longer verifies,
because Subject is listed in h=.
""", n=4), "mail2026", "bank.example")
    g["04-dkim-fail-header-modified"] = signed4.replace(b"Subject: Your payment", b"Subject: [EXTERNAL] Your payment")

    g["05-dkim-pass-cname-chain"] = dkimpy(msg("Fabrikam HR <hr@fabrikam.example>", "Your key lives at Microsoft 365", """Hi Sam,

Fabrikam sends mail through a hosted provider. The signature says
s=selector1, d=fabrikam.example, so the verifier asks for

  selector1._domainkey.fabrikam.example

which is a CNAME to

  selector1-fabrikam-example._domainkey.fabrikam.onmicrosoft.example

where the TXT record with the key really is. Open the DNS view to follow
the chain.
""", n=5), "selector1", "fabrikam.example")

    g["06-dkim-permerror-revoked"] = dkimpy(msg("Example Shop <orders@shop.example>", "Order shipped (old key)", """Hi Sam,

Your order has shipped.

The shop retired the key this message was signed with: the TXT record at
old._domainkey.shop.example still exists but its p= is empty. RFC 6376
section 3.6.1 says an empty p= means the key was revoked, so no signature
made with it can be trusted (permerror).
""", n=6), "old", "shop.example")

    g["07-dkim-permerror-no-key"] = dkimpy(msg("Example Shop <orders@shop.example>", "Order delivered (no key)", """Hi Sam,

Your order was delivered.

This signature names s=gone, but gone._domainkey.shop.example does not
exist in DNS (NXDOMAIN). Without a key nothing can be verified: permerror,
"no key". Compare with a DNS timeout, which is only temporary (temperror).
""", n=7), "gone", "shop.example")

    g["08-dkim-policy-rsa-sha1"] = opendkim(msg("Old Mail Server <root@oldmail.example>", "Greetings from 2009", """Hi Sam,

This server still signs with rsa-sha1 (opendkim-testmsg does so by default).
The signature is mathematically valid, but RFC 8301 section 3.1 says
verifiers must not accept SHA-1 any more: the result is "policy", not pass.
""", n=8), "legacy", "oldmail.example")

    signed9 = dkimpy(msg("Example Newsletter <news@newsletter.example>", "This week's newsletter", """Hi Sam,

Here is this week's newsletter. It was signed with l= (body length), so only
the first l= bytes of the body are covered by the signature.
""", n=9), "news", "newsletter.example", length=True)
    g["09-dkim-pass-length-appended"] = signed9 + crlf("""
*** Anything below the l= cut is NOT signed. ***
An attacker could have added this paragraph, with a link, and the signature
would still pass. That is why l= is discouraged (RFC 6376 section 8.2).
""")

    orig = dkimpy(msg("Carol Lecturer <carol@bank.example>", "Slides for Monday", """Hi all,

The slides for Monday's lecture are on the course page.

This message went through a mailing list (lists.example), which added
"[course]" to the Subject and a footer, which breaks Carol's DKIM signature.
The list checked the signature first, wrote what it found in an
ARC-Authentication-Results field and sealed it (ARC i=1). The university's
own relay sealed it again (i=2). The ARC chain passes, so the receiver can
trust what the list saw.
""", to="course@lists.example", n=10), "mail2026", "bank.example")
    # The list checks what arrives (dkim=pass), tags the subject and adds
    # its footer, then seals what it sends: its own AMS covers the changes.
    rewritten = orig.replace(b"Subject: Slides for Monday", b"Subject: [course] Slides for Monday")
    rewritten += crlf("\n--\ncourse mailing list -- course@lists.example\n")
    listed = hop(rewritten, "lists.example", "lists.example",
                 "dkim=pass header.d=bank.example header.s=mail2026; spf=pass smtp.mailfrom=bank.example; arc=none",
                 SIGN_TIME + 120, "course@lists.example")
    g["10-arc-pass-2-hops-mailing-list"] = hop(listed, "university.example", "university.example",
                                               "dkim=fail header.d=bank.example; arc=pass", SIGN_TIME + 180,
                                               "sam@university.example")

    phish = dkimpy(msg(BANK, "Urgent: confirm your account", """Hi Sam,

Please confirm your account at https://bank.example/confirm within 24 hours.
""", n=11), "mail2026", "bank.example")
    phish = phish.replace(b"https://bank.example/confirm", b"https://bank-example.test/login")
    phish = phish.replace(b"within 24 hours.\r\n", b"within 24 hours.\r\n" + crlf("""
(Teaching note: the link above was changed after the bank signed, so DKIM
fails, and the receiver's own Authentication-Results, at the top, says so.
Yet two more Authentication-Results fields claim dkim=pass. One uses the
receiver's name, mx.university.example, but sits BELOW the Received field
of the hop before the receiver: it came with the message, the sender wrote
it. The other has a foreign authserv-id that this receiver does not trust.
RFC 8601 section 5 says to ignore both.)
"""))
    g["11-authres-spoofed"] = crlf(
        "Received: from mail.bank-example.test (mail.bank-example.test [192.0.2.66])\n"
        "\tby mx.university.example with ESMTPS id 4Xyz; Fri, 20 Nov 2026 12:11:05 +0000\n"
        "Authentication-Results: mx.university.example; dkim=fail (body hash mismatch)\n"
        "\theader.d=bank.example header.s=mail2026; spf=none smtp.mailfrom=bank.example;\n"
        "\tdmarc=none header.from=bank.example\n"
        "Received: from [198.51.100.7] (helo=laptop.bank-example.test)\n"
        "\tby mail.bank-example.test with ESMTPSA id 77q; Fri, 20 Nov 2026 12:11:01 +0000\n"
        "Authentication-Results: mx.university.example; dkim=pass header.d=bank.example header.s=mail2026;\n"
        "\tspf=pass smtp.mailfrom=bank.example; dmarc=pass header.from=bank.example\n"
        "Authentication-Results: gateway.bank.example; dkim=pass header.d=bank.example\n") + phish

    signed12 = dkimpy(msg(BANK, "Pasted headers only", """Hi Sam,

A student pasted only the header block of this message into the tool.
""", n=12), "mail2026", "bank.example")
    g["12-dkim-neutral-headers-only"] = signed12.partition(b"\r\n\r\n")[0] + b"\r\n"
    return g


def zone():
    k = key_record
    return [
        ("mail2026._domainkey.bank.example.", "TXT", k("mail2026", "bank.example")),
        ("ed2026._domainkey.bank.example.", "TXT", k("ed2026", "bank.example")),
        ("selector1._domainkey.fabrikam.example.", "CNAME",
         "selector1-fabrikam-example._domainkey.fabrikam.onmicrosoft.example."),
        ("selector1-fabrikam-example._domainkey.fabrikam.onmicrosoft.example.", "TXT",
         k("selector1", "fabrikam.example")),
        ("old._domainkey.shop.example.", "TXT", "v=DKIM1; k=rsa; p="),
        ("legacy._domainkey.oldmail.example.", "TXT", k("legacy", "oldmail.example")),
        ("news._domainkey.newsletter.example.", "TXT", k("news", "newsletter.example")),
        ("arc._domainkey.lists.example.", "TXT", k("arc", "lists.example")),
        ("arc._domainkey.university.example.", "TXT", k("arc", "university.example")),
        # DMARC policies, so students see alignment: the bank rejects
        # unauthenticated mail, the others only monitor.
        ("_dmarc.bank.example.", "TXT", "v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:dmarc@bank.example"),
        ("_dmarc.shop.example.", "TXT", "v=DMARC1; p=quarantine; pct=100"),
        ("_dmarc.fabrikam.example.", "TXT", "v=DMARC1; p=none; rua=mailto:reports@fabrikam.example"),
    ]


def main():
    g = gallery()
    zpath = os.path.join(OUT, "gallery.zone")
    write_zone(zpath, "example", zone(),
               "Keys for the teaching gallery in tui/gallery/messages (verify with --now 2026-12-01T00:00:00Z).")
    for name, data in g.items():
        write_case(MSGS, name, data)
    z = Zone(zpath)
    files = [os.path.join(MSGS, n + ".eml") for n in sorted(g)]
    md = subprocess.run(["perl", os.path.join(GEN, "mail_dkim_verify.pl"), str(VERIFY_TIME), zpath] + files,
                        stdout=subprocess.PIPE, check=True).stdout.decode()
    mda = subprocess.run(["perl", os.path.join(GEN, "mail_dkim_verify.pl"), "--arc", str(VERIFY_TIME), zpath] + files,
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    for f in files:
        data = open(f, "rb").read()
        with pinned(VERIFY_TIME):
            try:
                py = dkim.DKIM(data).verify(dnsfunc=z.dnsfunc)
            except dkim.DKIMException as e:
                py = "error: %s" % str(e)[:50]
            cv = dkim.arc_verify(data, dnsfunc=z.dnsfunc)[0]
        name = os.path.basename(f)
        mdl = [l.split("\t")[2] for l in md.splitlines() if os.path.basename(l.split("\t")[0]) == name]
        mdarc = [l.split("\t")[2] for l in mda.splitlines() if os.path.basename(l.split("\t")[0]) == name]
        print("gallery %-36s dkimpy dkim=%s arc=%s | Mail::DKIM dkim=%s arc=%s" % (name, py, cv, mdl, mdarc))


if __name__ == "__main__":
    main()
