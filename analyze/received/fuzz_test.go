package received

import "testing"

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		" from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.net (Postfix) with ESMTPS id X for <b@example.net>; Mon, 1 Jan 2024 10:00:00 +0000 (UTC)",
		" (qmail 1 invoked from network); 1 Jan 99 10:00 EST",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r := Parse(in)
		check(t, in, r)
		if !r.Date.IsZero() && r.DateOffset < 0 {
			t.Errorf("Parse(%q): a date without a date offset", in)
		}
	})
}
