package analyze

import (
	"bytes"

	"github.com/headerscope/headerscope/analyze/message"
)

// crOnly converts a message whose lines all end in a bare CR (saved by a
// classic Mac OS mail client) to CRLF, and says so. RFC 5322 section 2.1
// and SMTP (RFC 5321 section 2.3.8) know only CRLF, so no receiver ever
// saw those bytes: the CR-only file is a storage artefact, and read as it
// is it would be one header line with no From, no Received, no signature.
// A message with any LF is left alone: bare CRs there are data.
func crOnly(raw []byte) ([]byte, *message.Problem) {
	if bytes.IndexByte(raw, '\n') >= 0 || bytes.IndexByte(raw, '\r') < 0 {
		return raw, nil
	}
	return bytes.ReplaceAll(raw, []byte("\r"), []byte("\r\n")), &message.Problem{Line: 1,
		Text: "every line ends in a bare CR (a classic Mac OS file): it was read with CRLF line ends, as SMTP would have carried it (RFC 5321 section 2.3.8)"}
}
