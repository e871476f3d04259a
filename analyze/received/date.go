package received

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var months = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

// obsZones are the obsolete zone names of RFC 5322 section 4.3, in
// minutes east of UTC, plus "UTC", which MTAs write although no RFC lists it.
var obsZones = map[string]int{
	"ut": 0, "utc": 0, "gmt": 0, "z": 0,
	"est": -5 * 60, "edt": -4 * 60, "cst": -6 * 60, "cdt": -5 * 60,
	"mst": -7 * 60, "mdt": -6 * 60, "pst": -8 * 60, "pdt": -7 * 60,
}

// ParseDate parses an RFC 5322 date-time (section 3.3) with the obsolete
// forms of section 4.3: optional day of week, two- and three-digit years,
// missing seconds, zone names and military zones (read as -0000, as
// section 4.3 says), comments such as "(PST)" anywhere, and the asctime
// form "Mon Jan  2 15:04:05 2006 +0000" some old MTAs write.
func ParseDate(s string) (time.Time, error) {
	t, why := parseDate(s)
	if why != "" {
		return time.Time{}, fmt.Errorf("received: date %q: %s", s, why)
	}
	return t, nil
}

// parseDate returns the time or why it could not be read.
func parseDate(s string) (time.Time, string) {
	f := strings.FieldsFunc(stripComments(s), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == ','
	})
	if len(f) > 0 && isAlpha(f[0]) && len(f[0]) >= 3 && months[strings.ToLower(f[0][:3])] == 0 {
		f = f[1:] // day-of-week; it is not checked against the date
	}
	if len(f) < 4 {
		return time.Time{}, "expected day, month, year, time and zone"
	}
	var dayS, monS, yearS, clock string
	var rest []string
	if _, isMonth := months[strings.ToLower(f[0])]; isMonth {
		// asctime: "Jan 2 15:04:05 2006 [zone]"
		monS, dayS, clock, yearS, rest = f[0], f[1], f[2], f[3], f[4:]
	} else {
		dayS, monS, yearS, clock, rest = f[0], f[1], f[2], f[3], f[4:]
	}
	day, err := strconv.Atoi(dayS)
	if err != nil || !allDigits(dayS) || len(dayS) > 2 || day < 1 || day > 31 {
		return time.Time{}, fmt.Sprintf("bad day %q", dayS)
	}
	mon, ok := months[strings.ToLower(monS)]
	if !ok || len(monS) != 3 {
		return time.Time{}, fmt.Sprintf("bad month %q", monS)
	}
	year, err := strconv.Atoi(yearS)
	if err != nil || !allDigits(yearS) || len(yearS) < 2 || len(yearS) > 4 {
		return time.Time{}, fmt.Sprintf("bad year %q", yearS)
	}
	switch len(yearS) { // RFC 5322 section 4.3, obs-year
	case 2:
		if year < 50 {
			year += 2000
		} else {
			year += 1900
		}
	case 3:
		year += 1900
	}
	hh, mm, ss, ok := parseClock(clock)
	if !ok {
		return time.Time{}, fmt.Sprintf("bad time %q", clock)
	}
	if len(rest) == 0 {
		return time.Time{}, "missing zone"
	}
	zone, ok := parseZone(rest[0])
	if !ok {
		return time.Time{}, fmt.Sprintf("bad zone %q", rest[0])
	}
	for _, w := range rest[1:] {
		// QUIRK: "+0000 UTC" without parentheses; a trailing zone name
		// is tolerated, anything else is not.
		if !isAlpha(w) {
			return time.Time{}, fmt.Sprintf("unexpected %q after the zone", w)
		}
	}
	loc := time.FixedZone("", zone*60)
	leap := ss == 60
	if leap {
		ss = 59 // check the date first, then step into the next second
	}
	t := time.Date(year, mon, day, hh, mm, ss, 0, loc)
	if t.Day() != day {
		return time.Time{}, fmt.Sprintf("day %d does not exist in %s %d", day, mon, year)
	}
	if leap {
		t = t.Add(time.Second)
	}
	return t, ""
}

// parseClock reads "hh:mm" or "hh:mm:ss".
func parseClock(s string) (hh, mm, ss int, ok bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || !allDigits(p) || len(p) > 2 {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	// RFC 5322 section 3.3 allows second 60 for a leap second.
	if n[0] > 23 || n[1] > 59 || n[2] > 60 {
		return 0, 0, 0, false
	}
	return n[0], n[1], n[2], true
}

// parseZone returns the zone offset in minutes east of UTC.
func parseZone(s string) (int, bool) {
	if len(s) == 5 && (s[0] == '+' || s[0] == '-') {
		h, err1 := strconv.Atoi(s[1:3])
		m, err2 := strconv.Atoi(s[3:5])
		if err1 != nil || err2 != nil || !allDigits(s[1:]) || m > 59 {
			return 0, false
		}
		off := h*60 + m
		if s[0] == '-' {
			off = -off
		}
		return off, true
	}
	l := strings.ToLower(s)
	if off, ok := obsZones[l]; ok {
		return off, true
	}
	// RFC 5322 section 4.3: military zones are read as -0000 because
	// their sign was commonly reversed.
	if len(l) == 1 && l[0] >= 'a' && l[0] <= 'z' && l[0] != 'j' {
		return 0, true
	}
	return 0, false
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
