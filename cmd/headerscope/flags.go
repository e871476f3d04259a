package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// errHelp ends a run after --help was printed.
var errHelp = errors.New("help shown")

// stringList is a flag that may be given several times.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// dnsFlags are the flags that choose who answers DNS and what time it is,
// shared by the TUI, report and bench.
type dnsFlags struct {
	zones    stringList
	resolver string
	offline  bool
	now      string
	// record is --record-dns, registered by report and the TUI only.
	record recordDNS
}

func (f *dnsFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.zones, "dns-zone", "answer DNS from this RFC 1035 zone `FILE` (repeatable); no network")
	fs.StringVar(&f.resolver, "resolver", "", "ask this recursive resolver `ADDR` (IP or IP:port) instead of /etc/resolv.conf")
	fs.BoolVar(&f.offline, "offline", false, "make no DNS lookup at all; keys are reported as not looked up")
	fs.StringVar(&f.now, "now", "", "judge t= and x= at `TIME` (RFC 3339 or Unix seconds) instead of the current time")
}

// parseFlags parses args for command cmd, allowing flags after file names
// ("report a.eml --json"), and returns the file names. "--" ends the
// flags. --help prints help and returns errHelp.
func parseFlags(fs *flag.FlagSet, cmd string, args []string, help string, stdout io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var files []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, help)
			return nil, errHelp
		}
		if err != nil {
			return nil, flagError(cmd, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return files, nil
		}
		// fs.Parse stops at the first non-flag, or after "--".
		if len(args)-len(rest) > 0 && args[len(args)-len(rest)-1] == "--" {
			return append(files, rest...), nil
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}

// flagError rewords the flag package's errors in the house style.
func flagError(cmd string, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return usagef(cmd, "unknown flag --%s", strings.TrimLeft(name, "-"))
	}
	if rest, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return usagef(cmd, "flag --%s needs a value", strings.TrimLeft(rest, "-"))
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		// The flag package says `invalid value "1x" for flag -timeout:
		// parse error`; name the flag as it is written here.
		if v, name, ok := strings.Cut(rest, " for flag -"); ok {
			name, why, _ := strings.Cut(name, ": ")
			return usagef(cmd, "--%s %s: %s", name, v, flagWhy(why))
		}
		return usagef(cmd, "invalid value %s", rest)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		return usagef(cmd, "invalid boolean value %s", rest)
	}
	return usagef(cmd, "%s", msg)
}

// flagWhy rewords the flag package's reasons for a bad value.
func flagWhy(why string) string {
	switch why {
	case "parse error":
		return "not a valid value (a count is a whole number, a duration is like 10s or 1m30s)"
	case "value out of range":
		return "the number is too large"
	}
	return why
}

// parseNow reads --now: RFC 3339 ("2026-12-01T00:00:00Z") or Unix seconds.
func parseNow(s string) (time.Time, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--now %q is not a time: give RFC 3339 (2026-12-01T00:00:00Z) or Unix seconds (1796083200)", s)
	}
	return t, nil
}

// clock returns the Now function for analyze.Options: pinned by --now, or
// nil for the real time.
func (f *dnsFlags) clock(cmd string) (func() time.Time, error) {
	if f.now == "" {
		return nil, nil
	}
	t, err := parseNow(f.now)
	if err != nil {
		return nil, usagef(cmd, "%v", err)
	}
	return func() time.Time { return t }, nil
}

// positiveInt checks a count flag.
func positiveInt(cmd, name string, v int) error {
	if v < 1 {
		return usagef(cmd, "--%s %d: give a number of at least 1", name, v)
	}
	return nil
}
