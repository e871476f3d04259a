package message

import "bytes"

// IsMbox reports whether raw looks like an mbox file: it starts with a
// "From " separator line and holds at least one more.
func IsMbox(raw []byte) bool {
	if !bytes.HasPrefix(raw, []byte("From ")) {
		return false
	}
	return bytes.Contains(raw, []byte("\nFrom "))
}

// SplitMbox splits an mbox file into messages (RFC 4155). Each message
// loses its "From " separator line, and quoted body lines (">From ",
// ">>From " ...) lose one '>' as mboxrd writers add one. A file that does
// not start with "From " is returned as a single message, unchanged.
func SplitMbox(raw []byte) [][]byte {
	if !bytes.HasPrefix(raw, []byte("From ")) {
		return [][]byte{raw}
	}
	var msgs [][]byte
	var cur []byte
	started := false
	for pos := 0; pos < len(raw); {
		end := nextLine(raw, pos)
		line := raw[pos:end]
		pos = end
		if bytes.HasPrefix(line, []byte("From ")) {
			if started {
				msgs = append(msgs, trimSeparatorBlank(cur))
			}
			cur, started = nil, true
			continue
		}
		if q := bytes.TrimLeft(line, ">"); len(q) < len(line) && bytes.HasPrefix(q, []byte("From ")) {
			line = line[1:]
		}
		cur = append(cur, line...)
	}
	if started {
		msgs = append(msgs, trimSeparatorBlank(cur))
	}
	return msgs
}

// trimSeparatorBlank removes the empty line that mbox writers put before
// the next "From " line; it is not part of the message.
func trimSeparatorBlank(b []byte) []byte {
	switch {
	case bytes.HasSuffix(b, []byte("\r\n\r\n")):
		return b[:len(b)-2]
	case bytes.HasSuffix(b, []byte("\n\n")):
		return b[:len(b)-1]
	}
	return b
}
