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
	Name  string `json:"name"`
	Value string `json:"value"` // the value with folding white space removed
	Raw   string `json:"raw"`   // "name=value" exactly as written, white space included
	// Decoded is the value after dkim-quoted-printable decoding (RFC 6376
	// section 2.11), for i= and z=, or the A-label form of a d= written
	// in Unicode (RFC 8616 section 4), when it differs from Value.
	Decoded string `json:"decoded,omitempty"`
	// Offset is the byte offset of Raw in the field value (after the colon).
	Offset int `json:"offset"`
	// Meaning says in one sentence what the tag does, and Section where
	// the RFC defines it ("RFC 6376 section 3.5").
	Meaning string `json:"meaning,omitempty"`
	Section string `json:"section,omitempty"`
	// Problem is set when something is wrong with this tag.
	Problem string `json:"problem,omitempty"`
}

// Note is a remark on a signature that does not by itself decide the
// verdict, or the reason that did.
type Note struct {
	Level Level  `json:"level"` // "info", "warning", "error"
	Tag   string `json:"tag,omitempty"`
	Text  string `json:"text"`
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
	Line      int    `json:"line"` // 1-based line number in the message
	Raw       string `json:"raw"`
	Canonical string `json:"canonical"`
	// Removed is true when canonicalization dropped the line entirely
	// (trailing empty lines of the body).
	Removed bool `json:"removed,omitempty"`
}

// BodyCheck is the body half of a signature: the bh= comparison.
type BodyCheck struct {
	Status           Status `json:"status"` // Match, Mismatch, NotChecked
	Canonicalization Canon  `json:"canonicalization"`
	Algorithm        string `json:"algorithm"` // "sha256", "sha1"
	Claimed          string `json:"claimed"`   // bh= as base64
	Computed         string `json:"computed,omitempty"`
	// RawLength is the body length in the message; CanonicalLength after
	// canonicalization; HashedLength what was hashed (less with l=); and
	// Unsigned what l= left out of the signature.
	RawLength       int64 `json:"raw_length"`
	CanonicalLength int64 `json:"canonical_length"`
	HashedLength    int64 `json:"hashed_length"`
	Unsigned        int64 `json:"unsigned,omitempty"`
	// Lines shows the first lines of the body before and after
	// canonicalization (at most MaxTraceLines), and LinesTruncated says
	// whether there were more.
	Lines          []CanonLine `json:"lines,omitempty"`
	LinesTruncated bool        `json:"lines_truncated,omitempty"`
	// ClaimedEmpty is set when bh= is the hash of an empty body under the
	// signature's canonicalization.
	ClaimedEmpty bool `json:"claimed_empty,omitempty"`
	// Detail explains the status in words ("no body supplied", "bh= is the
	// hash of an empty body: the body was probably lost").
	Detail string `json:"detail,omitempty"`
}

// SignedField is one entry of h= and the header field it selected.
type SignedField struct {
	Name string `json:"name"` // as listed in h=
	// Instance is which field of that name was chosen, counted from the
	// bottom (1 = the last one), per RFC 6376 section 5.4.2; 0 when none was
	// left (the name is over-signed, or absent), and then the field
	// contributes nothing to the hash.
	Instance int `json:"instance"`
	// Count is how many fields of that name the header holds (the
	// signature being verified aside), so that Instance reads "1 of 2".
	Count int `json:"count"`
	Line  int `json:"line,omitempty"`
	// Raw and Canonical are the field as received and as hashed. For a
	// field of the message both share bytes with every other signature
	// that selects it (see Verifier.Canonical): a renderer clips them.
	Raw       string `json:"raw,omitempty"`
	Canonical string `json:"canonical,omitempty"`
	// index is the field's position in the fields SelectFields was given.
	index int
}

// HeaderCheck is the header half of a signature: the b= verification.
type HeaderCheck struct {
	Status           Status        `json:"status"` // Match, Mismatch, NotChecked
	Canonicalization Canon         `json:"canonicalization"`
	Fields           []SignedField `json:"fields"`
	// FieldsOmitted counts the entries of h= past MaxSignedFields: hashed,
	// not kept.
	FieldsOmitted int `json:"fields_omitted,omitempty"`
	// Signature is the signature field itself with the value of b=
	// emptied, raw and canonical, as it is hashed last.
	Signature SignedField `json:"signature"`
	// Algorithm is the hash ("sha256", "sha1"); Computed is the hash of the
	// canonical header input, in hex.
	Algorithm string `json:"algorithm"`
	Computed  string `json:"computed,omitempty"`
	// Claimed is the hash the signer signed, recovered from an RSA
	// signature with the public key (PKCS#1 v1.5 DigestInfo), in hex.
	// Ed25519 does not reveal it; ClaimedNote then says so.
	Claimed     string `json:"claimed,omitempty"`
	ClaimedNote string `json:"claimed_note,omitempty"`
	Detail      string `json:"detail,omitempty"`
}

// Key is the parsed DKIM key record (RFC 6376 section 3.6.1).
type Key struct {
	Record string   `json:"record"` // the TXT strings joined
	Tags   []Tag    `json:"tags"`
	Type   string   `json:"type"`           // k=, "rsa" by default
	Bits   int      `json:"bits,omitempty"` // RSA modulus size, or 256 for Ed25519
	Hashes []string `json:"hashes,omitempty"`
	// Services is s= ("email", "*"), Flags is t= ("y" testing, "s" strict).
	Services []string `json:"services,omitempty"`
	Flags    []string `json:"flags,omitempty"`
	Notes    string   `json:"notes,omitempty"` // n=
	Revoked  bool     `json:"revoked,omitempty"`
	Testing  bool     `json:"testing,omitempty"`
	Strict   bool     `json:"strict,omitempty"`
	Problem  string   `json:"problem,omitempty"`
}

// Result is the verification of one signature field, with everything
// needed to explain it.
type Result struct {
	Kind Kind `json:"kind"`
	// Index is the position of the field among fields of its kind, top
	// first, from 0. Line is its line in the message and Field its raw text.
	Index int    `json:"index"`
	Line  int    `json:"line"`
	Field string `json:"field"`

	Verdict verdict.Result `json:"result"`
	Reason  string         `json:"reason"`

	Domain    string `json:"domain,omitempty"`   // d=
	Selector  string `json:"selector,omitempty"` // s=
	Algorithm string `json:"algorithm,omitempty"`
	// Canonicalization is c= with defaults filled in, "header/body".
	Canonicalization string     `json:"canonicalization,omitempty"`
	Identity         string     `json:"identity,omitempty"` // i= (DKIM); the instance for AMS
	Instance         int        `json:"instance,omitempty"` // AMS i=
	SignedHeaders    []string   `json:"signed_headers,omitempty"`
	Timestamp        *time.Time `json:"timestamp,omitempty"`  // t=
	Expiration       *time.Time `json:"expiration,omitempty"` // x=
	Length           *int64     `json:"length,omitempty"`     // l=

	Tags   []Tag       `json:"tags"`
	Notes  []Note      `json:"notes,omitempty"`
	Body   BodyCheck   `json:"body_hash"`
	Header HeaderCheck `json:"header_hash"`
	Key    *Key        `json:"key,omitempty"`
	DNS    *dns.Trace  `json:"dns,omitempty"`
	// Diagnosis says what changed after signing, when a half failed.
	Diagnosis *Diagnosis `json:"diagnosis,omitempty"`
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
