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

// parseDate reads an RFC 5322 date-time (section 3.3) with the obsolete
// forms of section 4.3: optional day of week, two- and three-digit years,
// missing seconds, zone names and military zones (read as -0000, as
// section 4.3 says), comments such as "(PST)" anywhere, and the asctime
// form "Mon Jan  2 15:04:05 2006 +0000" some old MTAs write. The zone is
// required in every form: without it the time cannot be placed. It
// returns the time, or why it could not be read.
func parseDate(s string) (time.Time, string) {
	f := strings.FieldsFunc(stripComments(s), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == ','
	})
	if len(f) > 0 && isoDate(f[0]) {
		return parseISO(f)
	}
	if len(f) > 0 && isAlpha(f[0]) && len(f[0]) >= 3 && months[strings.ToLower(f[0][:3])] == 0 {
		f = f[1:] // day-of-week; it is not checked against the date
	}
	if len(f) < 4 {
		return time.Time{}, "expected day, month, year, time and zone"
	}
	var dayS, monS, yearS, clock string
	var rest []string
	if _, isMonth := months[strings.ToLower(f[0])]; isMonth {
		// asctime: "Jan 2 15:04:05 2006 zone" (the zone is required
		// here too, although C's asctime writes none)
		monS, dayS, clock, yearS, rest = f[0], f[1], f[2], f[3], f[4:]
	} else {
		dayS, monS, yearS, clock, rest = f[0], f[1], f[2], f[3], f[4:]
	}
	day, err := strconv.Atoi(dayS)
	// QUIRK: "029": a day with a leading zero too many.
	if err != nil || !allDigits(dayS) || len(strings.TrimLeft(dayS, "0")) > 2 || len(dayS) > 3 || day < 1 || day > 31 {
		return time.Time{}, fmt.Sprintf("bad day %q", dayS)
	}
	mon, ok := month(monS)
	if !ok {
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
	hh, mm, ss, ns, ok := parseClock(clock)
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
	if why := trailer(rest[1:]); why != "" {
		return time.Time{}, why
	}
	return at(year, mon, day, hh, mm, ss, ns, zone)
}

// trailer checks the words after the zone: QUIRK: "+0000 UTC" without
// parentheses (a zone name), Courier's "id X", "pod-id NONE" and Go's
// monotonic clock reading "m=+1.5" are tolerated, anything else is not.
func trailer(words []string) string {
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case (strings.EqualFold(w, "id") || strings.EqualFold(w, "pod-id")) && i+1 < len(words):
			// Courier's "id X"; "pod-id NONE" after the date.
			i++
		case isAlpha(w), strings.HasPrefix(w, "m=+"), strings.HasPrefix(w, "m=-"):
		default:
			return fmt.Sprintf("unexpected %q after the zone", w)
		}
	}
	return ""
}

// at builds the time, checking the day exists and allowing second 60.
func at(year int, mon time.Month, day, hh, mm, ss, ns, zone int) (time.Time, string) {
	loc := time.FixedZone("", zone*60)
	leap := ss == 60
	if leap {
		ss = 59 // check the date first, then step into the next second
	}
	t := time.Date(year, mon, day, hh, mm, ss, ns, loc)
	if t.Day() != day {
		return time.Time{}, fmt.Sprintf("day %d does not exist in %s %d", day, mon, year)
	}
	if leap {
		t = t.Add(time.Second)
	}
	return t, ""
}

// parseClock reads "hh:mm", "hh:mm:ss" or, QUIRK, "hh:mm:ss.fff" with
// fractional seconds (SendGrid, Go's time.String).
func parseClock(s string) (hh, mm, ss, ns int, ok bool) {
	s, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac {
		if !allDigits(frac) || len(frac) > 9 {
			return 0, 0, 0, 0, false
		}
		ns, _ = strconv.Atoi((frac + "000000000")[:9])
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 || (hasFrac && len(parts) != 3) {
		return 0, 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || !allDigits(p) || len(p) > 2 {
			return 0, 0, 0, 0, false
		}
		n[i] = v
	}
	// RFC 5322 section 3.3 allows second 60 for a leap second.
	if n[0] > 23 || n[1] > 59 || n[2] > 60 {
		return 0, 0, 0, 0, false
	}
	return n[0], n[1], n[2], ns, true
}

// month reads a month name: the three letters of RFC 5322, or, QUIRK, the
// full English name ("April").
func month(s string) (time.Month, bool) {
	l := strings.ToLower(s)
	if len(l) < 3 {
		return 0, false
	}
	m, ok := months[l[:3]]
	if !ok || (len(l) > 3 && !strings.HasPrefix(strings.ToLower(m.String()), l) && l != "sept") {
		return 0, false
	}
	return m, true
}

// isoDate reports whether w is "2006-01-02".
func isoDate(w string) bool {
	return len(w) == 10 && w[4] == '-' && w[7] == '-' && allDigits(w[:4]) && allDigits(w[5:7]) && allDigits(w[8:])
}

// parseISO reads QUIRK: "2006-01-02 15:04:05.999-07:00" and Go's
// time.String form "2006-01-02 15:04:05.999 +0000 UTC m=+1.5", which some
// MTAs (SendGrid, JS-mailcore) write.
func parseISO(f []string) (time.Time, string) {
	year, _ := strconv.Atoi(f[0][:4])
	mon, _ := strconv.Atoi(f[0][5:7])
	day, _ := strconv.Atoi(f[0][8:])
	if mon < 1 || mon > 12 {
		return time.Time{}, fmt.Sprintf("bad month in %q", f[0])
	}
	if len(f) < 2 {
		return time.Time{}, "expected a time after the date"
	}
	clock, rest := f[1], f[2:]
	zoneS := ""
	if i := strings.LastIndexAny(clock, "+-Z"); i > 0 {
		clock, zoneS = f[1][:i], f[1][i:]
	} else if len(rest) > 0 {
		zoneS, rest = rest[0], rest[1:]
	}
	hh, mm, ss, ns, ok := parseClock(clock)
	if !ok {
		return time.Time{}, fmt.Sprintf("bad time %q", clock)
	}
	zoneS = strings.Replace(zoneS, ":", "", 1)
	if zoneS == "Z" {
		zoneS = "+0000"
	}
	zone, ok := parseZone(zoneS)
	if !ok {
		return time.Time{}, fmt.Sprintf("bad zone %q", zoneS)
	}
	if why := trailer(rest); why != "" {
		return time.Time{}, why
	}
	return at(year, time.Month(mon), day, hh, mm, ss, ns, zone)
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
	// their sign was commonly reversed, and so are other alphabetic
	// zones whose meaning is not known ("JST").
	if len(l) == 1 && l[0] >= 'a' && l[0] <= 'z' && l[0] != 'j' {
		return 0, true
	}
	if len(l) >= 3 && len(l) <= 5 && isAlpha(l) {
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

// trailingDate finds, in a Received field with no ";", a date after the
// last clause word: an ISO date or an RFC 5322 date with its day of week.
// It returns its offset, or -1.
func trailingDate(value string, toks []token) int {
	for i, t := range toks {
		if t.comment || i == 0 {
			continue
		}
		w := strings.TrimSuffix(t.text, ",")
		isDay := len(w) == 3 && isAlpha(w) && strings.Contains("mon tue wed thu fri sat sun", strings.ToLower(w))
		if !isoDate(w) && !isDay {
			continue
		}
		if _, why := parseDate(value[t.off:]); why == "" {
			return t.off
		}
	}
	return -1
}
