package dkim

import (
	"fmt"
	"time"

	"github.com/headerscope/headerscope/analyze/dns"
	"github.com/headerscope/headerscope/analyze/verdict"
)

// Kind says which kind of signature field a Result is about: the engine
// verifies DKIM-Signature and ARC-Message-Signature fields the same way
// (RFC 8617 section 4.1.2), with a few differences in required tags.
type Kind string

// The kinds of signature the engine verifies.
const (
	KindDKIM Kind = "DKIM-Signature"
	KindAMS  Kind = "ARC-Message-Signature"
)

// Tag is one tag=value pair of a tag-list (RFC 6376 section 3.2), kept as
// written so that errors and explanations can point at it.
type Tag struct {
	Name  string
	Value string // the value with folding white space removed
	Raw   string // "name=value" exactly as written, white space included
	// Decoded is the value after dkim-quoted-printable decoding (RFC 6376
	// section 2.11), for i= and z=, or the A-label form of a d= written
	// in Unicode (RFC 8616 section 4), when it differs from Value.
	Decoded string
	// Offset is the byte offset of Raw in the field value (after the colon).
	Offset int
	// Meaning says in one sentence what the tag does, and Section where
	// the RFC defines it ("RFC 6376 section 3.5").
	Meaning string
	Section string
	// Problem is set when something is wrong with this tag.
	Problem string
}

// Note is a remark on a signature that does not by itself decide the
// verdict, or the reason that did.
type Note struct {
	Level Level // "info", "warning", "error"
	Tag   string
	Text  string
}

// Level says how much a Note matters.
type Level string

// Note levels.
const (
	Info    Level = "info"    // a fact worth knowing
	Warning Level = "warning" // tolerated, but a receiver may not
	Error   Level = "error"   // the reason the signature fails
)

// String returns the level as the JSON report writes it.
func (l Level) String() string { return string(l) }

// Status is the state of one half of a signature: whether the hash
// computed from the message equals the one the signer claimed.
type Status string

// Check states for the two halves of a signature.
const (
	Match      Status = "match"       // computed equals claimed
	Mismatch   Status = "mismatch"    // computed differs from claimed
	NotChecked Status = "not-checked" // could not be computed; Detail says why
)

// String returns the status as the JSON report writes it.
func (s Status) String() string { return string(s) }

// CanonLine is one line before and after canonicalization. Both strings
// are exact bytes (line end included) so that a renderer can make spaces,
// tabs and line ends visible.
type CanonLine struct {
	Line      int // 1-based line number in the message
	Raw       string
	Canonical string
	// Removed is true when canonicalization dropped the line entirely
	// (trailing empty lines of the body).
	Removed bool
}

// BodyCheck is the body half of a signature: the bh= comparison.
type BodyCheck struct {
	Status           Status // Match, Mismatch, NotChecked
	Canonicalization Canon
	Algorithm        string // "sha256", "sha1"
	Claimed          string // bh= as base64
	Computed         string
	// RawLength is the body length in the message; CanonicalLength after
	// canonicalization; HashedLength what was hashed (less with l=); and
	// Unsigned what l= left out of the signature.
	RawLength       int64
	CanonicalLength int64
	HashedLength    int64
	Unsigned        int64
	// Lines shows the first lines of the body before and after
	// canonicalization (at most MaxTraceLines), and LinesTruncated says
	// whether there were more.
	Lines          []CanonLine
	LinesTruncated bool
	// ClaimedEmpty is set when bh= is the hash of an empty body under the
	// signature's canonicalization.
	ClaimedEmpty bool
	// Cause says what is known of a Mismatch (render words it).
	Cause BodyCause
	// Detail explains a status other than Mismatch in words ("not
	// checked: no body supplied").
	Detail string
}

// BodyCause is what can be computed about why a body hash differs.
type BodyCause string

// Body hash mismatch causes. What changed is searched by the diagnosis
// (content appended is its first body family), which proves each finding.
const (
	BodyLost    BodyCause = "lost"    // the body here is empty, bh= is not the empty body's
	BodyAdded   BodyCause = "added"   // bh= is the empty body's, a body is here
	BodyChanged BodyCause = "changed" // neither: the body changed after signing
)

// SignedField is one entry of h= and the header field it selected.
type SignedField struct {
	Name string // as listed in h=
	// Instance is which field of that name was chosen, counted from the
	// bottom (1 = the last one), per RFC 6376 section 5.4.2; 0 when none was
	// left (the name is over-signed, or absent), and then the field
	// contributes nothing to the hash.
	Instance int
	// Count is how many fields of that name the header holds (the
	// signature being verified aside), so that Instance reads "1 of 2".
	Count int
	Line  int
	// Raw and Canonical are the field as received and as hashed. For a
	// field of the message both share bytes with every other signature
	// that selects it (see Verifier.Canonical): a renderer clips them.
	Raw       string
	Canonical string
	// index is the field's position in the fields SelectFields was given.
	index int
}

// HeaderCheck is the header half of a signature: the b= verification.
type HeaderCheck struct {
	Status           Status // Match, Mismatch, NotChecked
	Canonicalization Canon
	Fields           []SignedField
	// FieldsOmitted counts the entries of h= past MaxSignedFields: hashed,
	// not kept.
	FieldsOmitted int
	// Signature is the signature field itself with the value of b=
	// emptied, raw and canonical, as it is hashed last.
	Signature SignedField
	// Algorithm is the hash ("sha256", "sha1"); Computed is the hash of the
	// canonical header input, in hex.
	Algorithm string
	Computed  string
	// Claimed is the hash the signer signed, recovered from an RSA
	// signature with the public key (PKCS#1 v1.5 DigestInfo), in hex.
	// Ed25519 does not reveal it; ClaimedNote then says so.
	Claimed     string
	ClaimedNote string
	Detail      string
}

// Key is the parsed DKIM key record (RFC 6376 section 3.6.1).
type Key struct {
	Record string // the TXT strings joined
	Tags   []Tag
	Type   string // k=, "rsa" by default
	Bits   int    // RSA modulus size, or 256 for Ed25519
	Hashes []string
	// Services is s= ("email", "*"), Flags is t= ("y" testing, "s" strict).
	Services []string
	Flags    []string
	Notes    string // n=
	Revoked  bool
	Testing  bool
	Strict   bool
	Problem  string
}

// Result is the verification of one signature field, with everything
// needed to explain it.
type Result struct {
	Kind Kind
	// Index is the position of the field among fields of its kind, top
	// first, from 0. Line is its line in the message and Field its raw text.
	Index int
	Line  int
	Field string

	Verdict verdict.Result
	Reason  string

	Domain    string // d=
	Selector  string // s=
	Algorithm string
	// Canonicalization is c= with defaults filled in, "header/body".
	Canonicalization string
	Identity         string // i= (DKIM); the instance for AMS
	Instance         int    // AMS i=
	// SignedHeaders is h=, its first MaxSignedFields names (every name
	// is hashed); SignedHeadersOmitted counts the rest, so that a hostile
	// h= of 50,000 names is not kept once per signature.
	SignedHeaders        []string
	SignedHeadersOmitted int
	Timestamp            *time.Time // t=
	Expiration           *time.Time // x=
	Length               *int64     // l=

	Tags   []Tag
	Notes  []Note
	Body   BodyCheck
	Header HeaderCheck
	Key    *Key
	DNS    *dns.Trace
	// Diagnosis says what changed after signing, when a half failed.
	Diagnosis *Diagnosis
}

// TooShort returns, for an RSA key under 1024 bits, why a signature made
// with it is not acceptable even when it verifies (RFC 8301 section 3.2),
// and "" for any other key.
func (k *Key) TooShort() string {
	if k == nil || k.Type != "rsa" || k.Bits <= 0 || k.Bits >= 1024 {
		return ""
	}
	return fmt.Sprintf("signature verifies, but with a %d-bit RSA key: keys under 1024 bits must not be accepted (RFC 8301 section 3.2)", k.Bits)
}
