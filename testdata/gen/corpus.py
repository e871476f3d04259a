# Makes a throughput corpus (issue 15) in a directory of your choice: about 600
# messages and 190 MB, small, medium, large and 20 MB; DKIM-signed with
# RSA-2048, RSA-1024 and Ed25519 (some dual-signed), half of them through a
# 2-hop ARC chain sealed by dkimpy's dkim.arc_sign, 10% tampered after signing;
# with corpus.zone holding every key and manifest.json listing what was done
# to each message. Too big to commit: write it to a temporary directory.
#
# Usage, from the repository root (Debian's python3-dkim, python3-nacl and
# python3-authres):
#   /usr/bin/python3 testdata/gen/corpus.py /tmp/corpus            # the full corpus
#   /usr/bin/python3 testdata/gen/corpus.py --scale 0.1 /tmp/small # 60 messages
# Then:
#   headerscope report --json --dns-zone /tmp/corpus/corpus.zone \
#     --now 2026-12-01T00:00:00Z /tmp/corpus/*.eml > /dev/null
#   headerscope bench --dns-zone /tmp/corpus/corpus.zone --now 2026-12-01T00:00:00Z /tmp/corpus
#   node testdata/gen/mailauth-verify.mjs /tmp/corpus     (see README.md, Throughput)
#
# The output is reproducible: the same seed gives the same bytes (dkimpy's
# clock is pinned; RSA PKCS#1 v1.5 and Ed25519 signatures are deterministic).
import argparse
import base64
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dkim  # noqa: E402

from common import (SIGN_TIME, ed25519_seed_b64, key_record, pinned,  # noqa: E402
                    private_pem, split_txt)

# (selector, domain, algorithm, canonicalization) of the originating signers.
SIGNERS = [
    ("rsa2048", "example.com", b"rsa-sha256", (b"relaxed", b"relaxed")),
    ("rsa1024", "example.com", b"rsa-sha256", (b"relaxed", b"simple")),
    ("ed25519", "example.com", b"ed25519-sha256", (b"relaxed", b"relaxed")),
]
# The two ARC hops: a mailing list, then a forwarder.
HOPS = [("lists.example.org", "arc"), ("forwarder.example.net", "arc")]

WORDS = ("the a of to and in report quarterly build green review meeting draft "
         "budget invoice shipping order account notice update schedule team "
         "project release customer support ticket please find attached thanks").split()


def text_lines(rng, n):
    """n bytes of CRLF text lines, 40-78 characters; one line in 30 has white
    space that relaxed canonicalization rewrites, as quoted replies do."""
    out, size = [], 0
    while size < n:
        words, width = [], rng.randint(40, 78)
        while sum(len(w) + 1 for w in words) < width:
            words.append(rng.choice(WORDS))
        line = " ".join(words)
        if rng.random() < 1 / 30:
            line = line.replace(" ", "  ", 1) + " "
        out.append(line + "\r\n")
        size += len(line) + 2
    return "".join(out).encode()


def base64_part(rng, n):
    data = rng.randbytes(n * 3 // 4)
    b = base64.b64encode(data)
    return b"\r\n".join(b[i:i + 76] for i in range(0, len(b), 76)) + b"\r\n"


def body(rng, size):
    """A MIME body of about size bytes: a text part and, past a few KB, an
    attachment in base64."""
    text = min(size, rng.randint(800, 6000))
    parts = [b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n", text_lines(rng, text)]
    if size > text + 200:
        parts += [b"\r\n--b1\r\nContent-Type: application/octet-stream; name=data.bin\r\n"
                  b"Content-Transfer-Encoding: base64\r\n\r\n", base64_part(rng, size - text)]
    parts.append(b"\r\n--b1--\r\n")
    return b"".join(parts)


def header(i, rng):
    return ("From: Alice Example <alice@example.com>\r\n"
            "To: dev@lists.example.org\r\n"
            "Subject: corpus message %d: %s %s\r\n"
            "Date: Fri, 20 Nov 2026 12:00:00 +0000\r\n"
            "Message-ID: <corpus-%d@example.com>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=b1\r\n" % (i, rng.choice(WORDS), rng.choice(WORDS), i)).encode()


def sign(msg, selector, domain, alg, can):
    key = ed25519_seed_b64(selector, domain) if alg == b"ed25519-sha256" else private_pem(selector, domain)
    with pinned(SIGN_TIME):
        sig = dkim.sign(msg, selector.encode(), domain.encode(), key, canonicalize=can, signature_algorithm=alg,
                        include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    return sig + msg


def arc_hop(msg, n, domain, selector, prev):
    ar = "Authentication-Results: %s; dkim=pass header.d=example.com; arc=%s\r\n" % (domain, prev)
    received = "Received: from mx.example.com by mx.%s; Fri, 20 Nov 2026 12:0%d:00 +0000\r\n" % (domain, n)
    msg = (ar + received).encode() + msg
    with pinned(SIGN_TIME + 60 * n):
        sets = dkim.arc_sign(msg, selector.encode(), domain.encode(), private_pem(selector, domain),
                             domain.encode(), timestamp=SIGN_TIME + 60 * n)
    if not sets:
        raise SystemExit("dkimpy made no ARC set for %s" % domain)
    return b"".join(sets) + msg


def tamper(rng, msg):
    """Change the message after signing, as transit does: a footer, a
    changed Subject or a changed body byte."""
    how = rng.choice(["footer", "subject", "byte"])
    if how == "footer":
        return msg + b"\r\n-- \r\nSent through the example.org list\r\n", how
    if how == "subject":
        return msg.replace(b"Subject: corpus", b"Subject: [list] corpus", 1), how
    hdr_end = msg.index(b"\r\n\r\n") + 4
    pos = rng.randrange(hdr_end, len(msg) - 10)
    while msg[pos:pos + 1] in (b"\r", b"\n", b" ", b"\t"):
        pos += 1
    c = b"x" if msg[pos:pos + 1] != b"x" else b"y"
    return msg[:pos] + c + msg[pos + 1:], how


def sizes(scale):
    """(count, low, high) size classes: the mix of issue 15's corpus."""
    classes = [(300, 2_000, 8_000), (200, 30_000, 150_000), (94, 400_000, 700_000), (6, 20_000_000, 20_000_000)]
    out = []
    for count, lo, hi in classes:
        n = max(1, round(count * scale))
        out += [(lo, hi)] * n
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dir")
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the 600 messages to make")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.dir, exist_ok=True)
    manifest = []
    classes = sizes(args.scale)
    rng.shuffle(classes)
    for i, (lo, hi) in enumerate(classes):
        msg = header(i, rng) + b"\r\n" + body(rng, rng.randint(lo, hi))
        signers = [rng.choice(SIGNERS)]
        if rng.random() < 0.2:
            # Dual-signed, Ed25519 and RSA, as RFC 8463 section 1 suggests.
            signers = [SIGNERS[2], SIGNERS[0]]
        for sel, dom, alg, can in signers:
            msg = sign(msg, sel, dom, alg, can)
        entry = {"file": "m%03d.eml" % i, "size": len(msg),
                 "dkim": ["%s/%s" % (s[0], s[1]) for s in signers], "arc": 0, "tampered": None}
        if rng.random() < 0.5:
            prev = "none"
            for n, (dom, sel) in enumerate(HOPS, 1):
                msg = arc_hop(msg, n, dom, sel, prev)
                prev = "pass"
            entry["arc"] = len(HOPS)
        if rng.random() < 0.1:
            msg, entry["tampered"] = tamper(rng, msg)
        with open(os.path.join(args.dir, entry["file"]), "wb") as f:
            f.write(msg)
        entry["size"] = len(msg)
        manifest.append(entry)
        print("\r%d/%d" % (i + 1, len(classes)), end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    keys = [(s[0], s[1]) for s in SIGNERS] + [(sel, dom) for dom, sel in HOPS]
    with open(os.path.join(args.dir, "corpus.zone"), "w") as f:
        f.write("; The keys of the throughput corpus (testdata/gen/corpus.py).\n$TTL 3600\n")
        for sel, dom in keys:
            f.write("%s._domainkey.%s.\tIN\tTXT\t%s\n" % (sel, dom, split_txt(key_record(sel, dom))))
    with open(os.path.join(args.dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    total = sum(e["size"] for e in manifest)
    print("%d messages, %.1f MB, in %s" % (len(manifest), total / 1e6, args.dir), file=sys.stderr)


if __name__ == "__main__":
    main()
