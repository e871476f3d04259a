package dns

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	mdns "github.com/miekg/dns"
)

// Limits on zone files, so that a file made to be slow (a huge $GENERATE,
// gigabytes of input) fails with a clear error instead of exhausting memory.
// $GENERATE is what makes the second limit needed: one line can expand to
// 65536 records of any size.
const (
	MaxZoneRecords = 100000   // records in all the files of one Zone
	MaxZoneBytes   = 16 << 20 // bytes in one zone file, and bytes of records (in presentation form) in one Zone
)

// LoadZone reads one RFC 1035 zone file. See Zone for what it may hold.
func LoadZone(path string) (*Zone, error) { return LoadZones(path) }

// LoadZones reads several zone files into one Zone, as when --dns-zone is
// given more than once; records of all of them answer together.
func LoadZones(paths ...string) (*Zone, error) {
	if len(paths) == 0 {
		return nil, errors.New("dns: no zone file given")
	}
	z := newZone()
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("dns: %w", err)
		}
		err = z.parse(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := z.check(); err != nil {
		return nil, err
	}
	return z, nil
}

// ParseZone reads a zone file from r; name is used in errors and in
// Describe, like a file name.
func ParseZone(r io.Reader, name string) (*Zone, error) {
	z := newZone()
	if err := z.parse(r, name); err != nil {
		return nil, err
	}
	if err := z.check(); err != nil {
		return nil, err
	}
	return z, nil
}

// parse adds the records of one file. $INCLUDE is refused: a zone file is
// user input, and $INCLUDE could read (and echo in errors) any file.
func (z *Zone) parse(r io.Reader, name string) error {
	z.names = append(z.names, name)
	cr := &capReader{r: r, left: MaxZoneBytes + 1}
	zp := mdns.NewZoneParser(cr, ".", name)
	zp.SetIncludeAllowed(false)
	// RFC 2308 section 4: records before any $TTL or SOA still need a
	// TTL; one hour is what most servers assume.
	zp.SetDefaultTTL(3600)
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if err := z.add(rr); err != nil {
			return fmt.Errorf("dns: %s: %v", name, err)
		}
	}
	if cr.left <= 0 {
		return fmt.Errorf("dns: %s: larger than %d MiB; split it or keep only the records needed", name, MaxZoneBytes>>20)
	}
	if err := zp.Err(); err != nil {
		return parseError(name, err)
	}
	return nil
}

// add stores one record, dropping exact duplicates (the same record in two
// files).
func (z *Zone) add(rr mdns.RR) error {
	if z.count >= MaxZoneRecords {
		return fmt.Errorf("more than %d records; keep only the records needed", MaxZoneRecords)
	}
	h := rr.Header()
	if h.Class != mdns.ClassINET {
		return nil
	}
	owner := canon(h.Name)
	// Names compare without regard to case (RFC 4343); TXT data does not.
	h.Name = strings.ToLower(h.Name)
	key := rr.String()
	if z.dup[key] {
		return nil
	}
	if z.size += len(key); z.size > MaxZoneBytes {
		return fmt.Errorf("more than %d MiB of records; keep only the records needed", MaxZoneBytes>>20)
	}
	z.dup[key] = true
	z.count++
	if _, ok := z.rrs[owner]; !ok {
		z.order = append(z.order, owner)
	}
	z.rrs[owner] = append(z.rrs[owner], rr)
	// RFC 8020: a name exists when any name below it does, so the
	// ancestors of every owner are empty non-terminals, answered with
	// NODATA rather than NXDOMAIN.
	for n := owner; n != ""; {
		if z.exists[n] {
			break
		}
		z.exists[n] = true
		i := strings.IndexByte(n, '.')
		if i < 0 {
			break
		}
		n = n[i+1:]
	}
	return nil
}

// check refuses a CNAME beside other data at the same name, which RFC 1034
// section 3.6.2 and RFC 2181 section 10.1 forbid and which no server would
// load; it would make the answer depend on the type asked.
func (z *Zone) check() error {
	for _, owner := range z.order {
		cnames, other := 0, ""
		for _, rr := range z.rrs[owner] {
			switch t := rr.Header().Rrtype; t {
			case mdns.TypeCNAME:
				cnames++
			case mdns.TypeRRSIG, mdns.TypeNSEC, mdns.TypeNSEC3:
			default:
				other = mdns.Type(t).String()
			}
		}
		if cnames > 1 {
			return fmt.Errorf("dns: %s: %s has %d CNAME records; a name can have only one (RFC 2181 section 10.1)", strings.Join(z.names, ", "), owner, cnames)
		}
		if cnames == 1 && other != "" {
			return fmt.Errorf("dns: %s: %s has a CNAME and a %s record; a CNAME cannot have other data beside it (RFC 1034 section 3.6.2)", strings.Join(z.names, ", "), owner, other)
		}
	}
	return nil
}

// capReader stops after left bytes, so that the size limit is noticed.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// miekg/dns formats a parse error as
// `FILE: dns: WHAT: "TOKEN" at line: LINE:COLUMN`.
var parseErrRe = regexp.MustCompile(`(?s)^dns: (.*): ("(?:[^"\\]|\\.)*") at line: (\d+):(\d+)$`)

var badRRRe = regexp.MustCompile(`^bad ([A-Z0-9]+) \S.*$`)

// parseError rewords a miekg/dns parse error into house style:
// `dns: keys.zone:12: bad TXT record near "p=MIIB..."`.
func parseError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), name+": ")
	m := parseErrRe.FindStringSubmatch(msg)
	if m == nil {
		return fmt.Errorf("dns: %s: %s", name, strings.TrimPrefix(msg, "dns: "))
	}
	what, line := m[1], m[3]
	if b := badRRRe.FindStringSubmatch(what); b != nil {
		what = "bad " + b[1] + " record"
	}
	switch what {
	case "$INCLUDE directive not allowed":
		return fmt.Errorf("dns: %s:%s: $INCLUDE is not allowed; put the records in this file, or load that file as a zone of its own", name, line)
	case "not a TTL":
		// miekg/dns tries a TTL last, after class and type.
		what = "not a TTL, class or record type"
	}
	tok, uerr := strconv.Unquote(m[2])
	if uerr != nil {
		tok = m[2]
	}
	if tok == "" {
		return fmt.Errorf("dns: %s:%s: %s", name, line, what)
	}
	if len(tok) > 32 {
		tok = tok[:32] + "..."
	}
	return fmt.Errorf("dns: %s:%s: %s near %q", name, line, what, tok)
}
