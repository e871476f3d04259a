// Verifies DKIM and ARC of every message of a corpus with Node's mailauth,
// the peer headerscope's throughput is compared with (issue 15, README.md
// "Throughput"). DNS answers come from the corpus's zone file, like
// headerscope's --dns-zone; the files are read before the clock starts, so
// the rate is mailauth's verification alone: no start-up, no file reading.
//
// Usage (mailauth installed in a scratch directory, not in the repository):
//   (cd /tmp/ma && npm install mailauth@7.1.0)
//   MAILAUTH=/tmp/ma node testdata/gen/mailauth-verify.cjs /tmp/corpus
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const base = path.join(process.env.MAILAUTH || '.', 'node_modules', 'mailauth', 'lib');
const { dkimVerify } = require(path.join(base, 'dkim', 'verify'));
const { arc } = require(path.join(base, 'arc'));

const dir = process.argv[2];
if (!dir) {
    console.error('usage: MAILAUTH=DIR node mailauth-verify.cjs CORPUS_DIR');
    process.exit(2);
}

// The zone: one TXT record a line, "name [ttl] IN TXT "s1" "s2"..." (what
// testdata/gen/corpus.py writes).
const txt = new Map();
for (const line of fs.readFileSync(path.join(dir, 'corpus.zone'), 'utf8').split('\n')) {
    const m = line.match(/^(\S+)\s+(?:\d+\s+)?IN\s+TXT\s+(.*)$/);
    if (!m) continue;
    const strings = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map(s => s[1].replace(/\\(.)/g, '$1'));
    const name = m[1].toLowerCase().replace(/\.$/, '');
    if (!txt.has(name)) txt.set(name, []);
    txt.get(name).push(strings);
}
const resolver = async (name, rr) => {
    const recs = rr === 'TXT' && txt.get(name.toLowerCase().replace(/\.$/, ''));
    if (!recs) {
        const err = new Error(`${name} ${rr}: not in the zone`);
        err.code = 'ENOTFOUND';
        throw err;
    }
    return recs;
};

const files = fs.readdirSync(dir).filter(f => f.endsWith('.eml')).sort();
const messages = files.map(f => fs.readFileSync(path.join(dir, f)));
const bytes = messages.reduce((n, m) => n + m.length, 0);
// Judge t= and x= as headerscope's --now does.
const curTime = new Date('2026-12-01T00:00:00Z');

(async () => {
    const tally = {};
    const start = process.hrtime.bigint();
    for (const msg of messages) {
        const d = await dkimVerify(msg, { resolver, curTime });
        const a = await arc(d.arc, { resolver, curTime });
        for (const r of d.results || []) {
            const k = 'dkim ' + r.status.result;
            tally[k] = (tally[k] || 0) + 1;
        }
        const k = 'arc ' + (a && a.status ? a.status.result : 'none');
        tally[k] = (tally[k] || 0) + 1;
    }
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`mailauth ${require(path.join(base, '..', 'package.json')).version}: ${messages.length} messages, ${(bytes / 1e6).toFixed(1)} MB in ${s.toFixed(3)} s: ${(messages.length / s).toFixed(0)} messages/s (verification loop only)`);
    console.log(Object.entries(tally).sort().map(([k, v]) => `${k} ${v}`).join(', '));
})();
