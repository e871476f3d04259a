package authres

import "testing"

func TestParseReceivedSPFMalformed(t *testing.T) {
	tests := []struct {
		in   string
		mark string
		text string
		want string
	}{
		{
			in:   "client-ip=192.0.2.1; helo=mail.example.com",
			mark: "client-ip", text: `expected an SPF result word, found "c"`,
			want: "pair client-ip \"192.0.2.1\"\npair helo \"mail.example.com\"\n",
		},
		{
			in:   "pass (ok) client-ip 192.0.2.1; helo=mail.example.com",
			mark: "192.0.2.1", text: `expected "=" after key "client-ip", found "1"`,
			want: "result pass\ncomment \"ok\"\npair helo \"mail.example.com\"\n",
		},
		{
			in:   "fail client-ip=192.0.2.1 helo=mail.example.com; receiver=mx.example.net",
			mark: "helo", text: `expected ";" after a key=value pair, found "h"`,
			want: "result fail\npair client-ip \"192.0.2.1\"\npair receiver \"mx.example.net\"\n",
		},
		{
			in:   "neutral; =x; identity=helo",
			mark: "=x", text: `expected a key, found "="`,
			want: "result neutral\npair identity \"helo\"\n",
		},
	}
	for _, tt := range tests {
		r := ParseReceivedSPF(tt.in)
		checkSPF(t, tt.in, r)
		off := at(tt.in, tt.mark)
		if len(r.Problems) != 1 || r.Problems[0].Offset != off || r.Problems[0].Text != tt.text {
			t.Errorf("ParseReceivedSPF(%q).Problems = %+v, want [{%d %s}]", tt.in, r.Problems, off, tt.text)
		}
		r.Problems = nil
		if got := summarizeSPF(r); got != tt.want {
			t.Errorf("ParseReceivedSPF(%q):\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
}

func TestReceivedSPFGet(t *testing.T) {
	r := ParseReceivedSPF("Pass (x) Client-IP=192.0.2.1; envelope-from=\"a@example.com\"")
	if r.Get("client-ip") != "192.0.2.1" || r.Get("ENVELOPE-FROM") != "a@example.com" || r.Get("helo") != "" {
		t.Errorf("Get: %+v", r.Pairs)
	}
	if r.Result != "pass" || r.ResultOffset != 0 {
		t.Errorf("Result = %q at %d, want \"pass\" at 0", r.Result, r.ResultOffset)
	}
}
