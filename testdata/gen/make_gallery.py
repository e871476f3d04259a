# Makes the TUI's teaching gallery: tui/gallery/messages/NN-<case>.eml and the one
# zone that verifies all of them, tui/gallery/gallery.zone (clock 2026-12-01T00:00:00Z).
# Each message explains, in its own body, what it shows. Signed by dkimpy,
# opendkim (the rsa-sha1 one) and dkimpy's arc_sign; then checked with dkimpy
# and Mail::DKIM, whose verdicts are printed.
#
# Run through make-fixtures.sh, or: /usr/bin/python3 testdata/gen/make_gallery.py
import binascii
import os
import subprocess

import dkim

from common import (GEN, ROOT, SIGN_TIME, VERIFY_TIME, Zone, crlf, key_record, missing_keys,
                    pinned, private_pem, write_case, write_zone)
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
    g.update(gallery_two())
    return g


def gallery_two():
    """The second set: what classes ask about after the first twelve."""
    g = {}
    subject13 = "Your statement for November is ready to download from online banking"
    m13 = msg(BANK, subject13, """Hi Sam,

This message carries two signatures from the bank, made over the same bytes:
the top one with c=simple/simple, the other with c=relaxed/relaxed.

On the way, a relay re-folded the long Subject line: it broke it in two,
with a line end and a space. That changes no word, but simple header
canonicalization (RFC 6376 section 3.4.1) hashes header fields exactly as
they are, so the simple signature fails. Relaxed canonicalization (section
3.4.2) unfolds and collapses white space first, so the relaxed signature
still passes. headerscope tries unfolding the field and says so.
""", n=13)
    both = dkimpy(dkimpy(m13, "mail2026", "bank.example"), "mail2026", "bank.example", canon=("simple", "simple"))
    g["13-dkim-fail-simple-header-refolded"] = both.replace(b"ready to download", b"ready to\r\n download", 1)

    m14 = msg(BANK, "Your November statement", """Hi Sam,

Look at the Subject fields of this message: there are two. The bank signed
the lower one. Someone added the upper one later, and most mail programs
show the upper one.

DKIM still passes: RFC 6376 section 5.4.2 makes a verifier take the
bottom-most instance of each field named in h=, which is the signed one.
The second signature from the bank lists subject twice in h= ("over-signing",
section 8.15): the extra entry signs the absence of a second Subject, so
adding one breaks that signature. Signers should over-sign From, Subject,
Date and To.
""", n=14)
    signed14 = dkimpy(m14, "mail2026", "bank.example")
    signed14 = dkimpy(signed14, "mail2026", "bank.example", headers=H_GALLERY + ["subject"])
    g["14-dkim-pass-subject-added-above"] = signed14.replace(
        b"Subject: Your November statement", b"Subject: ACTION NEEDED: confirm your card today\r\nSubject: Your November statement", 1)

    g["15-dmarc-pass-idn-lookalike"] = dkimpy(msg(LOOKALIKE, "Your November statement is ready", """Hi Sam,

Everything about this message passes: DKIM (d=xn--bnk-6cd.example) and
DMARC, which is aligned with the From domain.

But the From domain is not bank.example. It is xn--bnk-6cd.example, the
A-label (RFC 5890) of "b\u0430nk.example", whose second letter is the
Cyrillic small letter a (U+0430), not the Latin one. A mail program that
shows the Unicode form shows a name that looks exactly like the bank's.
Authentication says who sent a message, not who they resemble.
""", n=15), "mail2026", LOOKALIKE_DOMAIN)

    signed16 = dkimpy(msg("Fabrikam HR <hr@fabrikam.example>", "Benefits enrolment closes Friday", """Hi Sam,

Your university's mail is hosted by Microsoft 365. Look at the top of the
header: Microsoft writes Authentication-Results without an authserv-id
(RFC 8601 section 2.2 requires one), and adds
X-MS-Exchange-Authentication-Results with the same results, plus compauth,
its own composite verdict, and a Received-SPF field.

headerscope re-checks each claim: DKIM with the key at the end of the
selector1 CNAME chain, SPF from the connecting IP in Microsoft's Received
field, and DMARC alignment. compauth cannot be re-checked: its rules are
not published.
""", n=16), "selector1", "fabrikam.example")
    g["16-authres-microsoft365"] = crlf(M365_HOPS) + signed16

    signed17 = dkimpy(msg(BANK, "Card payment of 18.40 EUR approved", """Hi Sam,

Your card payment of 18.40 EUR at Campus Cafe was approved.

The university's gateway checked this message on arrival and wrote
dkim=pass in its Authentication-Results. Then the same gateway added
"[EXTERNAL]" to the Subject, a field the bank signed. So the claim at the
top says pass, while the signature, checked again now, fails on the header
hash with the body hash intact: the change happened after the check, on the
receiving side.
""", n=17), "mail2026", "bank.example")
    g["17-dkim-fail-subject-tagged-by-gateway"] = crlf(
        "Received: from mail.bank.example (mail.bank.example [192.0.2.25])\n"
        "\tby mx.university.example with ESMTPS id 5Abc; Fri, 20 Nov 2026 12:17:05 +0000\n"
        "Authentication-Results: mx.university.example; dkim=pass header.d=bank.example\n"
        "\theader.s=mail2026; dmarc=pass header.from=bank.example\n") + signed17.replace(
        b"Subject: Card payment", b"Subject: [EXTERNAL] Card payment", 1)

    m18 = msg(BANK, "Kontoauszug November / November statement", """Hallo Sam,

Dein Kontoauszug f\u00fcr November ist da. Geb\u00fchren: 0,00 \u20ac.

This body was signed as 8bit UTF-8 text (Content-Transfer-Encoding: 8bit).
A relay that could not pass 8bit data on re-encoded it as quoted-printable:
every non-ASCII byte became =XX, and the Content-Transfer-Encoding field
changed too. A reader decodes it back to the same text, but DKIM hashes the
body as it is encoded on the wire (RFC 6376 section 5.3), so the body hash
no longer matches bh=. RFC 6376 section 5.3 asks signers to encode 8bit
bodies before signing for this reason.
""", n=18).replace(b"charset=utf-8\r\n", b"charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n", 1)
    g["18-dkim-fail-body-reencoded"] = reencode_qp(dkimpy(m18, "mail2026", "bank.example"))
    return g


H_GALLERY = ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"]
LOOKALIKE_DOMAIN = "xn--bnk-6cd.example"
LOOKALIKE = "Bank of Example <alerts@%s>" % LOOKALIKE_DOMAIN

# Microsoft 365's receiving hops, newest first, as it writes them (modelled on
# testdata/authres/make.py's microsoft365-no-authserv-id).
M365_HOPS = """Received: from DM6PR12MB1111.namprd12.prod.outlook.example (2603:10b6:5:1::1) by
 DM6PR12MB2222.namprd12.prod.outlook.example with HTTPS; Fri, 20 Nov 2026 12:16:09
 +0000
Received: from DM6NAM12FT012.eop-nam12.prod.protection.outlook.example
 (2603:10b6:5:2::2) by DM6PR12MB1111.namprd12.prod.outlook.example
 (2603:10b6:5:1::1) with Microsoft SMTP Server (version=TLS1_2,
 cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7000.1; Fri, 20 Nov
 2026 12:16:08 +0000
Authentication-Results: spf=pass (sender IP is 198.51.100.25)
 smtp.mailfrom=fabrikam.example; dkim=pass (signature was verified)
 header.d=fabrikam.example;dmarc=pass action=none
 header.from=fabrikam.example;compauth=pass reason=100
Received-SPF: Pass (protection.outlook.example: domain of fabrikam.example designates
 198.51.100.25 as permitted sender) receiver=protection.outlook.example;
 client-ip=198.51.100.25; helo=mail.fabrikam.example; pr=C
Received: from mail.fabrikam.example (198.51.100.25) by
 DM6NAM12FT012.mail.protection.outlook.example (10.13.182.1) with Microsoft SMTP
 Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id
 15.20.7000.1 via Frontend Transport; Fri, 20 Nov 2026 12:16:07 +0000
X-MS-Exchange-Authentication-Results: spf=pass (sender IP is 198.51.100.25)
 smtp.mailfrom=fabrikam.example; dkim=pass (signature was verified)
 header.d=fabrikam.example;dmarc=pass action=none header.from=fabrikam.example;
"""


def reencode_qp(data):
    """What a relay without 8BITMIME does: the body as quoted-printable (RFC 2045 section 6.7)."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = body.split(b"\r\n")
    enc = [binascii.b2a_qp(l, istext=False).replace(b"=\n", b"=\r\n") for l in lines]
    head = head.replace(b"Content-Transfer-Encoding: 8bit", b"Content-Transfer-Encoding: quoted-printable", 1)
    return head + b"\r\n\r\n" + b"\r\n".join(enc)


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
        # Fabrikam's outbound server, for Microsoft 365's SPF claim (16).
        ("fabrikam.example.", "TXT", "v=spf1 ip4:198.51.100.25 -all"),
        # The lookalike (15) publishes everything a careful domain would.
        ("mail2026._domainkey.%s." % LOOKALIKE_DOMAIN, "TXT", k("mail2026", LOOKALIKE_DOMAIN)),
        ("_dmarc.%s." % LOOKALIKE_DOMAIN, "TXT", "v=DMARC1; p=reject"),
    ]


def main():
    missing_keys()
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
