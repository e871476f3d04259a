#!/usr/bin/python3
# Writes the Authentication-Results samples in this directory: one message per
# receiver format (Gmail, Microsoft 365, Yahoo, Fastmail, OpenDKIM/OpenDMARC,
# rspamd, Postfix with policyd-spf), each signed for real by dkimpy with a test
# key from testdata/keys (records in testdata/dns/fixtures.zone) and then given
# the receiver's fields on top, written in that receiver's published syntax with
# RFC 2606 names. The SPF and DMARC records are in authres.zone (by hand).
#
# Run from anywhere with Debian's interpreter: /usr/bin/python3 testdata/authres/make.py
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "gen"))
import dkim  # noqa: E402
from common import GEN, SIGN_TIME, crlf, key_path, pinned, private_pem, run  # noqa: E402

H = [b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type"]
BODY = "Hi Bob,\n\nThe figures for November are on the shared drive.\n\nAlice\n"


def message(subject, frm="Alice Example <alice@example.com>", extra=""):
    return crlf("%sFrom: %s\nTo: Bob Example <bob@example.net>\nSubject: %s\n"
                "Date: Fri, 20 Nov 2026 12:00:00 +0000\nMessage-ID: <%s@example.com>\n"
                "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s"
                % (extra, frm, subject, subject.lower().replace(" ", "-"), BODY))


def sign(msg, sel="rsa2048", dom="example.com"):
    with pinned(SIGN_TIME):
        sig = dkim.sign(msg, sel.encode(), dom.encode(), private_pem(sel, dom),
                        canonicalize=(b"relaxed", b"relaxed"), include_headers=H)
    return sig + msg


def sign_expiring(msg, x, sel="rsa2048", dom="example.com"):
    """Mail::DKIM, which can write x= (dkimpy cannot)."""
    return run(["perl", os.path.join(GEN, "mail_dkim_sign.pl"), key_path(sel, dom), dom, sel,
                "relaxed/relaxed", "rsa-sha256", str(SIGN_TIME), str(x)], msg)


def bprefix(msg):
    """The first 8 characters of b= of the top DKIM-Signature (RFC 6008)."""
    field = msg.split(b"\r\n\r\n")[0].decode()
    v = field[field.index(" b=") + 3:] if " b=" in field else field[field.index(";b=") + 3:]
    return "".join(v.split())[:8]


# The sender's outbound hop: below the receiver's fields in every sample.
SENDER_HOP = ("Received: from [10.1.2.3] (unknown [198.51.100.77])\n"
              "\tby mail.example.com (Postfix) with ESMTPSA id 4ZkQ1x2Y3z;\n"
              "\tFri, 20 Nov 2026 12:00:01 +0000 (UTC)\n")


def write(name, top, msg):
    with open(os.path.join(HERE, name + ".eml"), "wb") as f:
        f.write(crlf(top) + msg)


def main():
    # Gmail: every claim holds.
    m = sign(message("Gmail all pass", extra=SENDER_HOP))
    write("gmail-pass", """Delivered-To: bob@gmail.example
Received: by 2002:a05:7300:5c11:b0:1a4:2b3c:4d5e with SMTP id x17csp123456dyb;
        Fri, 20 Nov 2026 04:00:07 -0800 (PST)
X-Received: by 2002:a17:90a:1234:: with SMTP id abc.2026.11.20.04.00.06; Fri, 20 Nov 2026 04:00:06 -0800 (PST)
Return-Path: <bounce@example.com>
Received: from mail.example.com (mail.example.com. [192.0.2.10])
        by mx.google.example with ESMTPS id x1si1234567.2026.11.20.04.00.05
        for <bob@gmail.example>
        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);
        Fri, 20 Nov 2026 04:00:05 -0800 (PST)
Received-SPF: pass (google.example: domain of bounce@example.com designates 192.0.2.10 as permitted sender) client-ip=192.0.2.10;
Authentication-Results: mx.google.example;
       dkim=pass header.i=@example.com header.s=rsa2048 header.b=%s;
       spf=pass (google.example: domain of bounce@example.com designates 192.0.2.10 as permitted sender) smtp.mailfrom=bounce@example.com;
       dmarc=pass (p=REJECT sp=QUARANTINE dis=NONE) header.from=example.com
""" % bprefix(m), m)

    # Microsoft 365: no authserv-id, plus X-MS-Exchange-Authentication-Results.
    m = sign(message("Microsoft 365 no authserv-id", extra=SENDER_HOP))
    write("microsoft365-no-authserv-id", """Received: from BN8PR12MB3456.namprd12.prod.outlook.example (2603:10b6:408:1::1) by
 SN6PR12MB7890.namprd12.prod.outlook.example with HTTPS; Fri, 20 Nov 2026 12:00:09
 +0000
Received: from BN8NAM12FT045.eop-nam12.prod.protection.outlook.example
 (2603:10b6:408:2::2) by BN8PR12MB3456.namprd12.prod.outlook.example
 (2603:10b6:408:1::1) with Microsoft SMTP Server (version=TLS1_2,
 cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7000.1; Fri, 20 Nov
 2026 12:00:08 +0000
Authentication-Results: spf=pass (sender IP is 198.51.100.7)
 smtp.mailfrom=example.com; dkim=pass (signature was verified)
 header.d=example.com;dmarc=pass action=none
 header.from=example.com;compauth=pass reason=100
Received-SPF: Pass (protection.outlook.example: domain of example.com designates
 198.51.100.7 as permitted sender) receiver=protection.outlook.example;
 client-ip=198.51.100.7; helo=mail.example.com; pr=C
Received: from mail.example.com (198.51.100.7) by
 BN8NAM12FT045.mail.protection.outlook.example (10.13.182.1) with Microsoft SMTP
 Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id
 15.20.7000.1 via Frontend Transport; Fri, 20 Nov 2026 12:00:07 +0000
X-MS-Exchange-Authentication-Results: spf=pass (sender IP is 198.51.100.7)
 smtp.mailfrom=example.com; dkim=pass (signature was verified)
 header.d=example.com;dmarc=pass action=none header.from=example.com;
""", m)

    # Yahoo: claims dkim=pass, but a footer was added to the body afterwards.
    m = sign(message("Yahoo footer added", extra=SENDER_HOP))
    m += b"--\r\nSent through the list. Unsubscribe: https://lists.example.org/u\r\n"
    write("yahoo-dkim-body-modified", """Received: from 127.0.0.1
 by atlas-production.v2.mail.yahoo.example with HTTP; Fri, 20 Nov 2026 12:00:06 +0000
Authentication-Results: atlas-production.v2.mail.yahoo.example;
 dkim=pass header.i=@example.com header.s=rsa2048;
 spf=pass smtp.mailfrom=example.com;
 dmarc=pass(p=REJECT) header.from=example.com;
Received: from 192.0.2.10 (EHLO mail.example.com)
  by 10.217.150.10 with SMTPs; Fri, 20 Nov 2026 12:00:05 +0000
X-Originating-Ip: [192.0.2.10]
Received-SPF: pass (domain of example.com designates 192.0.2.10 as permitted sender)
""", m)

    # Fastmail receives a message whose sender forged results for Fastmail's own
    # authserv-id and for another host, below Fastmail's Received field.
    forged = ("Authentication-Results: mx6.messagingengine.example;\n"
              "    dkim=pass header.d=example.com; spf=pass smtp.mailfrom=ceo@example.com;\n"
              "    dmarc=pass header.from=example.com\n"
              "Authentication-Results: spamfilter.example.net; spf=pass smtp.mailfrom=ceo@example.com\n")
    m = crlf(forged) + message("Fastmail spoofed results", frm="CEO <ceo@example.com>")
    write("fastmail-spoofed-below-boundary", """Return-Path: <ceo@example.com>
Received: from mx6.messagingengine.example (localhost [127.0.0.1])
    by mailbox.messagingengine.example (Cyrus) with LMTPA;
    Fri, 20 Nov 2026 07:00:06 -0500
Authentication-Results: mx6.messagingengine.example;
    dkim=none (no signatures found);
    dmarc=fail policy.published-domain-policy=reject
      policy.applied-disposition=reject policy.evaluated-disposition=reject
      (p=reject,d=reject,d.eval=reject) policy.policy-from=p
      header.from=example.com;
    iprev=fail smtp.remote-ip=203.0.113.66 (unknown);
    spf=softfail smtp.mailfrom=ceo@example.com smtp.helo=bulk.example.net
Received: from bulk.example.net (unknown [203.0.113.66])
    by mx6.messagingengine.example (Postfix) with ESMTP
    for <bob@fastmail.example>; Fri, 20 Nov 2026 07:00:05 -0500 (EST)
""", m)

    # OpenDKIM/OpenDMARC: the key was revoked after the message arrived.
    m = sign(message("OpenDKIM revoked since", extra=SENDER_HOP), sel="revoked")
    write("opendkim-key-revoked-since", """Received: from mail.example.com (mail.example.com [192.0.2.10])
	by mx.example.net (Postfix) with ESMTPS id 4ZkQ9a;
	Fri, 20 Nov 2026 12:00:05 +0000 (UTC)
Authentication-Results: mx.example.net; dmarc=pass (p=reject dis=none) header.from=example.com
Authentication-Results: mx.example.net;
	dkim=pass (2048-bit key; unprotected key)
	header.d=example.com header.i=@example.com header.a=rsa-sha256
	header.s=revoked header.b=%s;
	dkim-atps=neutral
""" % bprefix(m), m)

    # rspamd: the signature had x= a day after sending; it has expired since.
    m = sign_expiring(message("rspamd expired since", extra=SENDER_HOP), SIGN_TIME + 86400)
    write("rspamd-dkim-expired-since", """Received: from mail.example.com (mail.example.com [192.0.2.10])
	by mx.example.net (Postfix) with ESMTPS id 4ZkQ9b
	for <bob@example.net>; Fri, 20 Nov 2026 12:00:05 +0000 (UTC)
Authentication-Results: mx.example.net;
	dkim=pass header.d=example.com header.s=rsa2048 header.b=%s;
	dmarc=pass (policy=reject) header.from=example.com;
	spf=pass (mx.example.net: domain of bounce@example.com designates 192.0.2.10 as permitted sender) smtp.mailfrom=bounce@example.com;
	arc=none
""" % bprefix(m), m)

    # Postfix with policyd-spf: the claim says pass; the IP is not in the record.
    m = message("policyd spf wrong", frm="Alice <alice@example.org>", extra=SENDER_HOP.replace("example.com", "example.org"))
    write("postfix-policyd-spf-disagrees", """Received: from relay.example.org (relay.example.org [203.0.113.25])
	by mx.example.net (Postfix) with ESMTPS id 4ZkQ9c
	for <bob@example.net>; Fri, 20 Nov 2026 12:00:05 +0000 (UTC)
Authentication-Results: mx.example.net; spf=pass (sender SPF authorized)
 smtp.mailfrom=example.org (client-ip=203.0.113.25; helo=relay.example.org;
 envelope-from=alice@example.org; receiver=<UNKNOWN>)
Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=203.0.113.25; helo=relay.example.org; envelope-from=alice@example.org; receiver=<UNKNOWN>
""", m)


if __name__ == "__main__":
    main()
