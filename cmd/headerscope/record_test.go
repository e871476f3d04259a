package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestRecordDNSReplay records the answers of a DNS server on 127.0.0.1 for
// every fixture (keys, CNAME chains, split TXT strings, NXDOMAIN, NODATA,
// SERVFAIL) with report --record-dns, replays them with --dns-zone, and
// compares the two JSON reports. They are identical except for what says
// who answered and how, which cannot be the same (see normalize): the
// resolver's name, each lookup's server, transport, truncated flag and
// duration, the server's name inside sentences, and the sentence of a
// SERVFAIL, which from a zone says that the zone simulated it.
func TestRecordDNSReplay(t *testing.T) {
	inputs, err := filepath.Glob(mailDir + "*.eml")
	if err != nil || len(inputs) < 40 {
		t.Fatalf("want at least 40 fixtures, got %d (%v)", len(inputs), err)
	}
	dir := t.TempDir()
	fixtures, err := os.ReadFile(zone)
	if err != nil {
		t.Fatal(err)
	}
	// A name that exists without a TXT record, for NODATA: the DMARC
	// lookup of every example.com message.
	served := filepath.Join(dir, "served.zone")
	if err := os.WriteFile(served, append(fixtures, "\n_dmarc.example.com.\tIN\tA\t192.0.2.1\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	server := zoneServer(t, served)
	recorded := filepath.Join(dir, "recorded.zone")
	args := append([]string{"report", "--json", "--now", pinned, "--resolver", server, "--record-dns", recorded}, inputs...)
	code, live, errs := runCmd(t, "", args...)
	if code != 0 {
		t.Fatalf("report --record-dns = %d, stderr %q", code, errs)
	}
	for _, want := range []string{`"outcome":"ok"`, `"outcome":"nxdomain"`, `"outcome":"nodata"`, `"outcome":"servfail"`, `"cnames":[{`} {
		if !strings.Contains(live, want) {
			t.Errorf("no live lookup has %s; the test does not cover it", want)
		}
	}
	zoneText, err := os.ReadFile(recorded)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^; Recorded at \S+ from ` + regexp.QuoteMeta(server) + ` \(--resolver\): \d+ answers\.$`),
		regexp.MustCompile(`(?m)^selector1\._domainkey\.contoso\.example\.\t3600\tIN\tCNAME\tselector1-contoso-example\._domainkey\.contoso\.onmicrosoft\.example\.$`),
		regexp.MustCompile(`(?m)^rsa2048\._domainkey\.example\.com\.\t3600\tIN\tTXT\t"v=DKIM1; k=rsa; p=[^"]{200,}" "[^"]+"$`),
		regexp.MustCompile(`(?m)^missing\._domainkey\.example\.com\.\t0\tIN\tTXT\t"headerscope:nxdomain"`),
		regexp.MustCompile(`(?m)^_dmarc\.example\.com\.\t0\tIN\tTXT\t"headerscope:nodata"`),
		regexp.MustCompile(`(?m)^servfail\._domainkey\.example\.com\.\t0\tIN\tTXT\t"headerscope:servfail"`),
	} {
		if !want.Match(zoneText) {
			t.Errorf("recorded zone lacks a line matching %s:\n%s", want, zoneText)
		}
	}
	code, replay, errs := runCmd(t, "", append([]string{"report", "--json", "--now", pinned, "--dns-zone", recorded}, inputs...)...)
	if code != 0 {
		t.Fatalf("report --dns-zone recorded.zone = %d, stderr %q", code, errs)
	}
	a, b := strings.Split(live, "\n"), strings.Split(replay, "\n")
	if len(a) != len(b) {
		t.Fatalf("%d reports live, %d replayed", len(a), len(b))
	}
	for i := range a {
		if a[i] == "" {
			continue
		}
		la, lb := normalize(t, a[i], server), normalize(t, b[i], "zone file "+recorded)
		if la != lb {
			t.Errorf("report %d differs:\nlive   %s\nreplay %s", i, la, lb)
		}
	}
}

var (
	// The reason says what happened; the lookup's detail adds what to do.
	liveServFail = regexp.MustCompile(`SERVER answered SERVFAIL for ([^ :]+): it could not get an answer, often because the domain's own servers are broken or DNSSEC validation failed(; try again later or use --resolver)?`)
	zoneServFail = regexp.MustCompile(`SERVFAIL for ([^ ,]+), simulated by the zone file \(TXT "headerscope:servfail" at [^ )]+\)`)
)

// normalize drops from one JSON report what names who answered and how.
func normalize(t *testing.T, line, server string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(line), &v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range []string{"server", "transport", "truncated", "duration_ms", "resolver"} {
				delete(x, k)
			}
			for k, e := range x {
				x[k] = walk(e)
			}
		case []any:
			for i, e := range x {
				x[i] = walk(e)
			}
		case string:
			s := strings.ReplaceAll(x, server, "SERVER")
			s = liveServFail.ReplaceAllString(s, "SERVFAIL($1)")
			return zoneServFail.ReplaceAllString(s, "SERVFAIL($1)")
		}
		return v
	}
	out, err := json.Marshal(walk(v))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestReportFormatAndRecordUsage(t *testing.T) {
	ok := mailDir + "dkim-pass-ed25519.eml"
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"format json", []string{"report", "--offline", "--format", "json", ok}, 0, `"schema":1`, ""},
		{"json alias agrees", []string{"report", "--offline", "--json", "--format", "json", ok}, 0, `"schema":1`, ""},
		{"format text", []string{"report", "--offline", "--format", "text", ok}, 0, "DKIM-Signature #1", ""},
		{"format markdown", []string{"report", "--offline", "--format", "markdown", ok}, 0, "# headerscope evidence pack: `", ""},
		{"json and markdown", []string{"report", "--offline", "--json", "--format", "markdown", ok}, 2, "", "--json is --format json; it cannot be combined with --format markdown"},
		{"unknown format", []string{"report", "--offline", "--format", "xml", ok}, 2, "", `--format "xml": give text, json, markdown or lesson`},
		{"record offline", []string{"report", "--offline", "--record-dns", filepath.Join(dir, "a.zone"), ok}, 2, "", "cannot be combined with --offline or --dns-zone"},
		{"record from a zone", []string{"report", "--dns-zone", zone, "--record-dns", filepath.Join(dir, "a.zone"), ok}, 2, "", "a zone file is already a recording"},
		{"record into no folder", []string{"report", "--resolver", "127.0.0.1:9", "--record-dns", filepath.Join(dir, "no", "a.zone"), ok}, 2, "", "does not exist"},
		{"record over an input", []string{"report", "--resolver", "127.0.0.1:9", "--record-dns", ok, ok}, 2, "", "is also an input"},
		{"record in the gallery", []string{"--record-dns", filepath.Join(dir, "a.zone")}, 2, "", "name a file to open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCmd(t, "", tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
				t.Errorf("run(%q) = %d, stdout %.200q, stderr %q; want %d, %q, %q", tt.args, code, out, errs, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "a.zone")); err == nil {
		t.Errorf("a refused run wrote the zone file")
	}
}

// TestEvidencePackReproduces runs report --format markdown, then the
// command each pack states with the zone it embeds, and checks that the
// command's report is the report the pack was made from.
func TestEvidencePackReproduces(t *testing.T) {
	names := []string{"dkim-pass-cname-o365.eml", "dkim-temperror-servfail.eml", "arc-pass-2-hops.eml", "dkim-permerror-no-key.eml"}
	var inputs []string
	for _, n := range names {
		inputs = append(inputs, mailDir+n)
	}
	inputs = append(inputs, "../../testdata/mbox/three.mbox")
	code, out, errs := runCmd(t, "", append([]string{"report", "--format", "markdown", "--dns-zone", zone, "--now", pinned, "--max-lookups", "20"}, inputs...)...)
	if code != 0 {
		t.Fatalf("report --format markdown = %d, stderr %q", code, errs)
	}
	packs := strings.Split(out, "\n---\n\n")
	if len(packs) != len(names)+3 {
		t.Fatalf("%d packs, want %d", len(packs), len(names)+3)
	}
	zoneRe := regexp.MustCompile("(?s)\n```dns\n(.*?)```\n")
	cmdRe := regexp.MustCompile("(?s)\n```sh\n(.*?)\n```\n")
	dir := t.TempDir()
	for i, p := range packs {
		z, c := zoneRe.FindStringSubmatch(p), cmdRe.FindStringSubmatch(p)
		if z == nil || c == nil {
			t.Fatalf("pack %d lacks its zone or its command:\n%s", i, p)
		}
		args := strings.Fields(c[1])
		if args[0] != "headerscope" || args[1] != "report" || args[2] != "--dns-zone" {
			t.Fatalf("pack %d: command %q", i, c[1])
		}
		zpath := filepath.Join(dir, args[3])
		if err := os.WriteFile(zpath, []byte(z[1]), 0o644); err != nil {
			t.Fatal(err)
		}
		args[3] = zpath
		msg, entry := args[len(args)-1], 0
		if msg == "message.eml" {
			// An mbox entry: the pack says which one to save there;
			// the command is run on the whole mbox, and its report of
			// that entry is compared.
			n := regexp.MustCompile("Save message (\\d+) of `../../testdata/mbox/three.mbox` as `message.eml`").FindStringSubmatch(p)
			if n == nil {
				t.Fatalf("pack %d names message.eml without saying which message", i)
			}
			entry, _ = strconv.Atoi(n[1])
			msg = "../../testdata/mbox/three.mbox"
			args[len(args)-1] = msg
		}
		_, want, _ := runCmd(t, "", "report", "--json", "--dns-zone", zone, "--now", pinned, "--max-lookups", "20", msg)
		code, got, errs := runCmd(t, "", append(args[1:], "--json")...)
		if code != 0 {
			t.Fatalf("pack %d: the stated command %q = %d, stderr %q", i, args, code, errs)
		}
		if entry > 0 {
			got, want = strings.Split(got, "\n")[entry-1], strings.Split(want, "\n")[entry-1]
		}
		if g, w := normalize(t, strings.TrimSpace(got), "zone file "+zpath), normalize(t, strings.TrimSpace(want), "zone file "+zone); g != w {
			t.Errorf("pack %d: the stated command's report differs:\n got %s\nwant %s", i, g, w)
		}
	}
}
