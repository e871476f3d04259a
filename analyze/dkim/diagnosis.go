package dkim

import (
	"crypto"
	"fmt"
	"sync"

	"github.com/headerscope/headerscope/analyze/message"
)

// Diagnosis says what changed in a message after a signature was made, as
// far as a bounded search of known real-world transformations can tell. A
// finding is Verified only when the message with that change reverted
// verifies: the repaired body hashes to bh=, or the repaired header input
// hashes to the hash recovered from the RSA signature (or the Ed25519
// signature verifies over it). Anything else is Suspected, with the
// evidence, and never counts as an explanation.
type Diagnosis struct {
	Findings []Finding
	// Header and Body say, for each half that failed, whether a verified
	// finding explains it: "explained", "suspected" (only suspected
	// findings) or "unexplained"; empty when that half did not fail.
	Header Outcome
	Body   Outcome
	// TriedHeader and TriedBody name the families searched for a half
	// left unexplained, so a reader knows what has been ruled out.
	TriedHeader []Family
	TriedBody   []Family
	// Candidates is how many repaired copies were hashed for this
	// signature, and Bytes how many bytes that re-hashed.
	Candidates int
	Bytes      int64
	// CutShort says why the search stopped before trying every candidate
	// (a bound was reached); empty when it ran to the end.
	CutShort string
}

// Finding is one change found (or suspected) after signing.
type Finding struct {
	Kind   Family        // one of the Kind* family names
	Status FindingStatus // Verified or Suspected
	Half   Half          // HeaderHalf or BodyHalf
	// Field and FieldLine name the header field changed, added or removed
	// (FieldLine 0 when it is not in the message any more).
	Field     string
	FieldLine int
	// FirstLine and LastLine are the message lines (1-based, inclusive)
	// of the body that the change touches, as received; 0 when it is not
	// about body lines.
	FirstLine int
	LastLine  int
	// Added is what was added after signing and Removed what the signer
	// saw that is gone, as exact bytes (clipped to MaxFindingText).
	Added   string
	Removed string
	// Evidence says what a suspected finding rests on.
	Evidence string
	// RepairedHash is the hash of the repaired bytes: for the body,
	// base64 as bh= writes it; for the header, hex as the recovered hash.
	RepairedHash string
	// Changes are, for a verified finding, the received lines it undid
	// and the same lines in the repaired copy that verified (at most
	// maxChanges a half, each clipped).
	Changes []Change
}

// FindingStatus says how sure a Finding is.
type FindingStatus string

// Finding statuses.
const (
	Verified  FindingStatus = "verified"  // the message with the change undone verifies
	Suspected FindingStatus = "suspected" // evidence only
)

// String returns the status as the JSON report writes it.
func (s FindingStatus) String() string { return string(s) }

// Outcome says, for a half that failed, whether a finding explains it.
type Outcome string

// Diagnosis outcomes per half.
const (
	Explained     Outcome = "explained"   // a verified finding explains it
	SuspectedOnly Outcome = "suspected"   // only suspected findings
	Unexplained   Outcome = "unexplained" // no finding
)

// String returns the outcome as the JSON report writes it.
func (o Outcome) String() string { return string(o) }

// Half is one of the two hashes of a signature (RFC 6376 section 3.7):
// the header hash signed by b= or the body hash bh=.
type Half string

// The halves of a signature.
const (
	HeaderHalf Half = "header"
	BodyHalf   Half = "body"
)

// String returns the half as the JSON report writes it.
func (h Half) String() string { return string(h) }

// Family is a family of change made to a message after signing, named as
// a postmaster would; the Kind* constants list them.
type Family string

// String returns the family's identifier as the JSON report writes it.
func (f Family) String() string { return string(f) }

// Families of change, named as a postmaster would.
const (
	KindFieldAdded        Family = "field-added"        // a field of a signed name added after signing
	KindRefolded          Family = "refolded"           // a signed field re-wrapped (simple)
	KindSubjectTag        Family = "subject-tag"        // "[list] ", "[EXTERNAL] ", " (fwd)"
	KindFromRewritten     Family = "from-rewritten"     // DMARC mitigation by a list
	KindNameCase          Family = "name-case"          // field name case changed (simple)
	KindDateReformatted   Family = "date-reformatted"   // Date rewritten in another format
	KindEncodingHeader    Family = "transfer-encoding"  // Content-Transfer-Encoding changed
	KindFieldRemoved      Family = "field-removed"      // a signed field is gone
	KindAppended          Family = "body-appended"      // content appended at the end of the body
	KindPartFooter        Family = "part-footer"        // footer inside the last text part
	KindPartBanner        Family = "part-banner"        // banner at the top of a text part
	KindHTMLFooter        Family = "html-footer"        // HTML inserted before </body>
	KindHTMLBanner        Family = "html-banner"        // HTML inserted after <body>
	KindPartAdded         Family = "part-added"         // a whole MIME part added
	KindWrapped           Family = "wrapped"            // the body wrapped into a new multipart
	KindReencoded         Family = "reencoded"          // 8bit re-encoded to quoted-printable or base64
	KindBase64Rewrapped   Family = "base64-rewrapped"   // base64 lines re-wrapped at another length
	KindFromEscaped       Family = "from-escaped"       // mbox "From " escaped to ">From "
	KindTabsExpanded      Family = "tabs-expanded"      // tabs turned into spaces (simple)
	KindTrailingSpace     Family = "trailing-space"     // trailing white space stripped (simple)
	KindEncodedWord       Family = "encoded-word"       // an encoded-word decoded or re-encoded
	KindLinesWrapped      Family = "lines-wrapped"      // long lines wrapped at a width
	KindEmbedded          Family = "embedded"           // the message put into a message/rfc822 part
	KindLinesAdded        Family = "lines-added"        // a line or two inserted: no known transformation
	KindURLRewritten      Family = "url-rewritten"      // links rewritten by a link-protection gateway
	KindBoundaryRewritten Family = "boundary-rewritten" // the multipart boundary rewritten
)

// Bounds of the search. They are per message, so that a hostile message
// with many signatures or fields costs at most this much, and a search that
// hits one says so in CutShort. Header guesses and body candidates each
// have the whole allowance, split in equal shares among the signatures and
// ARC-Message-Signatures of the message (Verifier.ShareDiagnosis): a
// search spends only its own share, so what it finds never depends on the
// order in which concurrent verifications ran.
const (
	// MaxDiagnosisCandidates is how many repaired copies are hashed.
	MaxDiagnosisCandidates = 4000
	// MaxDiagnosisBytes is how many bytes those hashes read in total, at
	// most: a message is allowed DiagnosisBytesPerByte times its size
	// plus DiagnosisBaseBytes, up to this, so that the search takes time
	// in proportion to the input (a batch of tampered messages costs a
	// few passes over each, not 128 MiB each).
	MaxDiagnosisBytes = 128 << 20
	// DiagnosisBytesPerByte and DiagnosisBaseBytes set a message's
	// allowance below MaxDiagnosisBytes.
	DiagnosisBytesPerByte = 8
	DiagnosisBaseBytes    = 1 << 20
	// MaxDiagnosisBody is the largest body whose changes are searched.
	MaxDiagnosisBody = 4 << 20
	// MaxHeaderGuesses is how many header candidates one signature tries.
	MaxHeaderGuesses = 256
	// MaxFindingText clips Added and Removed.
	MaxFindingText = 2000
)

// budget is the allowance of one search: one signature's header search,
// or one body search (shared by the signatures with the same body hash).
type budget struct {
	mu            sync.Mutex
	candidates    int
	bytes         int64
	maxCandidates int
	maxBytes      int64
}

// take asks for one candidate of n bytes; false when the search's
// allowance is spent.
func (b *budget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.candidates >= b.maxCandidates || b.bytes+n > b.maxBytes {
		return false
	}
	b.candidates++
	b.bytes += n
	return true
}

// spend counts n more bytes read (a prefix hashed once for many
// candidates); false when that overdraws the allowance.
func (b *budget) spend(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bytes+n > b.maxBytes {
		return false
	}
	b.bytes += n
	return true
}

// diagnosisAllowance is the bytes a message of size n may re-hash.
func diagnosisAllowance(n int) int64 {
	return min(MaxDiagnosisBytes, DiagnosisBytesPerByte*int64(n)+DiagnosisBaseBytes)
}

// share returns the allowance of one search: the message's allowance
// divided among its signatures.
func (d *diagState) share() *budget {
	n := max(d.shares, 1)
	return &budget{maxCandidates: max(MaxDiagnosisCandidates/n, 1), maxBytes: d.allowance / int64(n)}
}

// clip shortens s to MaxFindingText bytes.
func clip(s string) string {
	if len(s) > MaxFindingText {
		return s[:MaxFindingText]
	}
	return s
}

// clipBytes is clip for bytes, cutting before it copies: a finding about a
// 20 MB field keeps MaxFindingText bytes of it, not a copy of all of it.
func clipBytes(b []byte) string {
	return string(b[:min(len(b), MaxFindingText)])
}

// tally is what one signature's search spent.
type tally struct {
	candidates int
	bytes      int64
	cut        string
}

func (t *tally) add(o tally) {
	t.candidates += o.candidates
	t.bytes += o.bytes
	if t.cut == "" {
		t.cut = o.cut
	}
}

const cutBudget = "this search's share of the message's diagnosis allowance (candidates or bytes re-hashed) ran out"

// diagState is the diagnosis work shared by every signature of a message:
// the allowance, and the body searches already made (signatures with the
// same canonicalization and bh= share one).
type diagState struct {
	// shares is how many signatures split the allowance (at least 1).
	shares int
	// allowance is the message's byte allowance (diagnosisAllowance).
	allowance int64
	mu        sync.Mutex
	bodies    map[string]*bodySearch

	treeOnce sync.Once
	tree     *mimePart

	headers map[string]*headerResult

	delimOnce sync.Once
	delims    *delimScan
}

// headerResult is one signature's header search, kept so that verifying
// the signature again (as of arrival, for an Authentication-Results
// re-check) does not search again.
type headerResult struct {
	once     sync.Once
	findings []Finding
	tried    []Family
	t        tally
}

type bodySearch struct {
	once     sync.Once
	findings []Finding
	tried    []Family
	t        tally
}

// body runs, or reuses, the body search for one canonicalization and bh=.
func (v *Verifier) bodySearch(can Canon, hashName string, bh []byte, limit *int64) *bodySearch {
	d := v.diag
	key := string(can) + "/" + hashName + "/" + string(bh)
	if limit != nil {
		key += "/l=" + itoa(int(*limit))
	}
	d.mu.Lock()
	if d.bodies == nil {
		d.bodies = map[string]*bodySearch{}
	}
	bs, ok := d.bodies[key]
	if !ok {
		bs = &bodySearch{}
		d.bodies[key] = bs
	}
	d.mu.Unlock()
	bs.once.Do(func() { bs.findings, bs.tried, bs.t = v.diagnoseBody(can, hashName, bh, limit) })
	return bs
}

// headerSearch runs, or reuses, the header search of one signature field
// under one key (the claimed hash stands for the key's answer).
func (v *Verifier) headerSearch(s *sig, self message.Field, pub crypto.PublicKey, claimed string) ([]Finding, []Family, tally) {
	d := v.diag
	key := fmt.Sprintf("%d/%s/%T", self.Offset, claimed, pub)
	d.mu.Lock()
	if d.headers == nil {
		d.headers = map[string]*headerResult{}
	}
	hr, ok := d.headers[key]
	if !ok {
		hr = &headerResult{}
		d.headers[key] = hr
	}
	d.mu.Unlock()
	hr.once.Do(func() { hr.findings, hr.tried, hr.t = v.diagnoseHeader(s, self, pub, claimed) })
	return hr.findings, hr.tried, hr.t
}

// diagnose explains the halves of r that did not verify.
func (v *Verifier) diagnose(r *Result, s *sig, self message.Field, pub crypto.PublicKey) *Diagnosis {
	d := &Diagnosis{Findings: []Finding{}}
	var t tally
	// An l= past the end of the body (the body lost content after
	// signing, or l= is wrong) is reported as such and not searched: the
	// families undo content added or re-encoded, none puts lost content
	// back.
	searchable := s.length == nil || *s.length <= r.Body.CanonicalLength
	if r.Body.Status == Mismatch && searchable && !r.Body.ClaimedEmpty && r.Body.CanonicalLength > 0 {
		bs := v.bodySearch(s.bodyCan, s.hash, s.bh, s.length)
		d.Findings = append(d.Findings, bs.findings...)
		d.Body = outcome(bs.findings)
		if d.Body != Explained {
			d.TriedBody = bs.tried
		}
		t.add(bs.t)
	} else if r.Body.Status == Mismatch {
		d.Body = Unexplained
	}
	if r.Header.Status == Mismatch && pub != nil {
		fs, tried, ht := v.headerSearch(s, self, pub, r.Header.Claimed)
		d.Findings = append(d.Findings, fs...)
		d.Header = outcome(fs)
		if d.Header != Explained {
			d.TriedHeader = tried
		}
		t.add(ht)
	}
	d.Candidates, d.Bytes, d.CutShort = t.candidates, t.bytes, t.cut
	// The findings are data: render words each one (render.FindingSentence)
	// wherever it is shown, the reason included.
	return d
}

// outcome says whether findings explain a half.
func outcome(fs []Finding) Outcome {
	if len(fs) == 0 {
		return Unexplained
	}
	for _, f := range fs {
		if f.Status == Verified {
			return Explained
		}
	}
	return SuspectedOnly
}
