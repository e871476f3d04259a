# Shared pieces of the fixture generators (imported by make_dkim.py, make_arc.py,
# make_gallery.py and expect.py; not run on its own).
#
# It holds the one list of test keys, turns them into DNS zone files, reads a zone
# back for dkimpy (a dnsfunc that follows CNAMEs and simulates the
# headerscope:servfail/timeout/refused faults), and pins dkimpy's clock.
#
# Run with Debian's interpreter, which has python3-dkim, python3-nacl and
# dnspython: /usr/bin/python3.
import base64
import contextlib
import os
import re
import subprocess
import sys
import time

import dkim

GEN = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.dirname(GEN)
ROOT = os.path.dirname(TESTDATA)
KEYS = os.path.join(TESTDATA, "keys")
MAIL = os.path.join(TESTDATA, "mail")
DNSDIR = os.path.join(TESTDATA, "dns")

# Signing time for the signers we can pin (dkimpy, Mail::DKIM, opendkim under
# faketime): 2026-11-20T12:00:00Z. Verification clock: 2026-12-01T00:00:00Z.
SIGN_TIME = 1795176000
VERIFY_TIME = 1796083200

# (selector, domain, kind) where kind is rsa<bits> or ed25519. One key pair per
# selector so every signature names its own key file.
KEY_SPECS = [
    ("rsa1024", "example.com", "rsa1024"),
    ("rsa2048", "example.com", "rsa2048"),
    ("rsa4096", "example.com", "rsa4096"),
    ("rsa512", "example.com", "rsa512"),
    ("ed25519", "example.com", "ed25519"),
    ("testing", "example.com", "rsa2048"),
    ("revoked", "example.com", "rsa2048"),
    ("missing", "example.com", "rsa2048"),
    ("servfail", "example.com", "rsa2048"),
    ("sha1", "example.com", "rsa2048"),
    ("ktype", "example.com", "rsa2048"),
    ("hsha1", "example.com", "rsa2048"),
    ("strict", "example.com", "rsa2048"),
    ("twotxt", "example.com", "rsa2048"),
    ("mass", "example.com", "ed25519"),
    ("opendkim", "example.org", "rsa2048"),
    ("go-rsa", "example.org", "rsa2048"),
    ("go-ed", "example.org", "ed25519"),
    ("perl", "example.net", "rsa2048"),
    ("selector1", "contoso.example", "rsa2048"),
    # ARC sealers (RFC 8617) for the hops of the arc-* cases.
    ("arc", "lists.example.org", "rsa2048"),
    ("arc", "forwarder.example.net", "rsa2048"),
    ("arc", "relay.example.com", "rsa2048"),
    # Gallery (tui/gallery): friendlier names, its own zone.
    ("mail2026", "bank.example", "rsa2048"),
    ("ed2026", "bank.example", "ed25519"),
    ("selector1", "fabrikam.example", "rsa2048"),
    ("old", "shop.example", "rsa2048"),
    ("gone", "shop.example", "rsa2048"),
    ("legacy", "oldmail.example", "rsa2048"),
    ("news", "newsletter.example", "rsa2048"),
    ("arc", "lists.example", "rsa2048"),
    ("arc", "university.example", "rsa2048"),
    ("mx", "university.example", "rsa2048"),
    # Gallery, second set: the IDN lookalike of bank.example (bаnk.example,
    # with a Cyrillic "а") signs its own mail.
    ("mail2026", "xn--bnk-6cd.example", "rsa2048"),
]


def key_path(selector, domain, ext=".key"):
    return os.path.join(KEYS, "%s.%s%s" % (selector, domain, ext))


def new_keys():
    """Generate every key pair (only with make-fixtures.sh --new-keys)."""
    os.makedirs(KEYS, exist_ok=True)
    for sel, dom, kind in KEY_SPECS:
        priv, pub = key_path(sel, dom), key_path(sel, dom, ".pub")
        if kind == "ed25519":
            subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", priv], check=True)
        else:
            bits = kind[3:]
            # -traditional: PKCS#1 "RSA PRIVATE KEY", which dkimpy, Mail::DKIM and
            # opendkim all read.
            subprocess.run(["openssl", "genrsa", "-traditional", "-out", priv, bits],
                           check=True, stderr=subprocess.DEVNULL)
        subprocess.run(["openssl", "pkey", "-in", priv, "-pubout", "-out", pub], check=True)


def missing_keys():
    """Generate the key pairs of KEY_SPECS that have no file yet, leaving the others alone."""
    for sel, dom, kind in KEY_SPECS:
        if os.path.exists(key_path(sel, dom)):
            continue
        priv, pub = key_path(sel, dom), key_path(sel, dom, ".pub")
        if kind == "ed25519":
            subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", priv], check=True)
        else:
            subprocess.run(["openssl", "genrsa", "-traditional", "-out", priv, kind[3:]],
                           check=True, stderr=subprocess.DEVNULL)
        subprocess.run(["openssl", "pkey", "-in", priv, "-pubout", "-out", pub], check=True)


def _pem_der(path):
    lines = open(path).read().strip().splitlines()
    return base64.b64decode("".join(l for l in lines if not l.startswith("-----")))


def private_pem(selector, domain):
    return open(key_path(selector, domain), "rb").read()


def ed25519_seed_b64(selector, domain):
    """The 32-byte seed dkimpy wants, from a PKCS#8 PEM (the last 32 bytes)."""
    return base64.b64encode(_pem_der(key_path(selector, domain))[-32:])


def public_p(selector, domain):
    """The p= value: SubjectPublicKeyInfo for RSA, the raw 32 bytes for Ed25519 (RFC 8463 4.2)."""
    der = _pem_der(key_path(selector, domain, ".pub"))
    kind = dict(((s, d), k) for s, d, k in KEY_SPECS)[(selector, domain)]
    if kind == "ed25519":
        der = der[-32:]
    return base64.b64encode(der).decode()


def key_record(selector, domain, extra=""):
    kind = dict(((s, d), k) for s, d, k in KEY_SPECS)[(selector, domain)]
    k = "ed25519" if kind == "ed25519" else "rsa"
    return "v=DKIM1; k=%s;%s p=%s" % (k, extra, public_p(selector, domain))


def split_txt(value):
    """Character-strings of <= 255 bytes, as a DNS TXT record carries them (RFC 1035 3.3.14)."""
    parts = [value[i:i + 255] for i in range(0, len(value), 255)] or [""]
    return " ".join('"%s"' % p.replace("\\", "\\\\").replace('"', '\\"') for p in parts)


def write_zone(path, origin, records, comment):
    """records: (absolute name, type, rdata text) rows; TXT rdata given unquoted is split."""
    out = ["; %s" % line for line in comment.strip().splitlines()]
    out += ["; Generated by testdata/gen/make-fixtures.sh; do not edit by hand.",
            "$ORIGIN %s." % origin, "$TTL 3600", ""]
    for name, rtype, rdata in records:
        if rtype == "TXT" and not rdata.startswith('"'):
            rdata = split_txt(rdata)
        out.append("%s\tIN\t%s\t%s" % (name, rtype, rdata))
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


class Zone:
    """A zone file read for lookups as a recursive resolver would answer them."""

    def __init__(self, path):
        # A small reader for the zone files written here: one record a line,
        # "name [ttl] IN TYPE rdata", absolute names, ; comments, $ lines skipped.
        self.rrsets = {}
        for line in open(path):
            line = line.strip()
            if not line or line.startswith((";", "$")):
                continue
            toks = re.findall(r'"(?:[^"\\]|\\.)*"|[^\s;]+|;.*', line)
            toks = [t for t in toks if not t.startswith(";")]
            name, rest = toks[0].lower(), toks[1:]
            while rest[0].isdigit() or rest[0].upper() == "IN":
                rest = rest[1:]
            rtype, rdata = rest[0].upper(), rest[1:]
            if rtype == "TXT":
                val = [re.sub(r"\\(.)", r"\1", t[1:-1]).encode() for t in rdata]
            else:
                val = rdata[0].lower()
            self.rrsets.setdefault(name, []).append((rtype, val))

    def txt(self, name):
        """(rcode, [[strings]...]) after following CNAMEs."""
        name = name.lower().rstrip(".") + "."
        for _ in range(10):
            sets = self.rrsets.get(name)
            if sets is None:
                return "NXDOMAIN", []
            cname = [v for t, v in sets if t == "CNAME"]
            if cname:
                name = cname[0]
                continue
            recs = [v for t, v in sets if t == "TXT"]
            if len(recs) == 1 and len(recs[0]) == 1 and recs[0][0].startswith(b"headerscope:"):
                return recs[0][0][len(b"headerscope:"):].decode().upper(), []
            return "NOERROR", recs
        return "SERVFAIL", []

    def dnsfunc(self, name, timeout=5):
        """dkimpy's dnsfunc, answering as its dnspython back end would."""
        if isinstance(name, bytes):
            name = name.decode()
        rcode, recs = self.txt(name)
        if rcode == "TIMEOUT":
            raise dkim.DnsTimeoutError("simulated timeout for %s" % name)
        if rcode != "NOERROR" or not recs:
            return None  # dnsplug returns None for NXDOMAIN and SERVFAIL alike
        return b"".join(recs[0])  # dnsplug takes the first TXT record


@contextlib.contextmanager
def pinned(t):
    """Make time.time() (used by dkimpy for t= and x=) return t."""
    real = time.time
    time.time = lambda: float(t)
    try:
        yield
    finally:
        time.time = real


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def write_case(directory, name, data):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name + ".eml"), "wb") as f:
        f.write(data)


def run(cmd, data=None, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, env=e)
    if p.returncode != 0:
        sys.exit("command failed: %s" % " ".join(cmd))
    return p.stdout
