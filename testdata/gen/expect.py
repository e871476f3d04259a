# Regenerates every fixture (make_dkim.main, make_arc.main) and then writes
# testdata/expect.tsv: one row per DKIM-Signature (kind dkim, 0-based
# index, top first) and one per ARC chain (kind arc, index 0) of every
# testdata/mail/*.eml, with the RFC-based verdict headerscope should give (from
# make_dkim.EXPECT and make_arc.EXPECT) beside what two independent verifiers say:
#   dkimpy     dkim.DKIM.verify(idx=i) / dkim.arc_verify, DNS from the case's zone
#   mail_dkim  Mail::DKIM::Verifier / Mail::DKIM::ARC::Verifier (mail_dkim_verify.pl)
# both with the clock pinned to 2026-12-01T00:00:00Z. A case uses
# testdata/dns/<case>.zone when that file exists, else testdata/dns/fixtures.zone.
#
# Run through make-fixtures.sh, or: /usr/bin/python3 testdata/gen/expect.py
import collections
import logging
import os
import subprocess

import dkim

import make_arc
import make_dkim
from common import DNSDIR, GEN, MAIL, TESTDATA, VERIFY_TIME, Zone, pinned

logging.getLogger("dkim").setLevel(logging.CRITICAL)


def zone_for(case):
    p = os.path.join(DNSDIR, case + ".zone")
    return p if os.path.exists(p) else os.path.join(DNSDIR, "fixtures.zone")


def short(text, n=90):
    text = " ".join(str(text).split()).split(" (got ")[0]
    return text if len(text) <= n else text[:n - 3] + "..."


def dkimpy_dkim(data, idx, zone):
    d = dkim.DKIM(data, logger=logging.getLogger("dkim"))
    with pinned(VERIFY_TIME):
        try:
            return ("pass", "") if d.verify(idx=idx, dnsfunc=zone.dnsfunc) else ("fail", "signature did not verify")
        except dkim.DKIMException as e:
            return "fail", short(e)
        except Exception as e:  # dkimpy bugs: record them rather than stop
            return "crash", short("%s: %s" % (type(e).__name__, e))


def dkimpy_arc(data, zone):
    with pinned(VERIFY_TIME):
        cv, _, reason = dkim.arc_verify(data, logger=logging.getLogger("dkim"), dnsfunc=zone.dnsfunc)
    word = cv.decode() if cv else "fail"
    return word, "" if word == "pass" or reason == "success" else short(reason)


def mail_dkim(files_by_zone, arc=False):
    """{(case, index): (result, detail)} from mail_dkim_verify.pl."""
    out = {}
    for zone, files in files_by_zone.items():
        cmd = ["perl", os.path.join(GEN, "mail_dkim_verify.pl")] + (["--arc"] if arc else [])
        cmd += [str(VERIFY_TIME), zone] + files
        res = subprocess.run(cmd, stdout=subprocess.PIPE, check=True).stdout.decode()
        for line in res.splitlines():
            path, idx, result, detail = (line.split("\t") + [""])[:4]
            case = os.path.basename(path)[:-4]
            if idx != "-":
                out[(case, int(idx))] = (result, short(detail))
    return out


def main():
    make_dkim.main()
    make_arc.main()
    rows = make_dkim.EXPECT + make_arc.EXPECT
    by_zone = collections.defaultdict(list)
    for case in sorted({r[0] for r in rows}):
        by_zone[zone_for(case)].append(os.path.join(MAIL, case + ".eml"))
    md_dkim = mail_dkim(by_zone)
    md_arc = mail_dkim(by_zone, arc=True)
    zones = {}
    lines = ["case\tkind\tindex\texpected\treason_keyword\tsigner\tdkimpy\tmail_dkim\tnotes"]
    for case, kind, idx, expected, kw, signer, notes in rows:
        data = open(os.path.join(MAIL, case + ".eml"), "rb").read()
        zpath = zone_for(case)
        zone = zones.setdefault(zpath, Zone(zpath))
        if kind == "dkim":
            py, pyr = dkimpy_dkim(data, idx, zone)
            md, mdr = md_dkim.get((case, idx), ("-", "no such signature"))
        else:
            py, pyr = dkimpy_arc(data, zone)
            md, mdr = md_arc.get((case, 0), ("-", ""))
        extra = []
        if pyr:
            extra.append("dkimpy: " + pyr)
        if mdr and md != "pass":
            extra.append("Mail::DKIM: " + mdr)
        note = "; ".join([n for n in [notes] + extra if n]).replace("\t", " ")
        lines.append("\t".join([case, kind, str(idx), expected, kw, signer, py, md, note]))
    with open(os.path.join(TESTDATA, "expect.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("expect: %d rows" % (len(lines) - 1))


if __name__ == "__main__":
    main()
