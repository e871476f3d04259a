package dkim

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"encoding/hex"
	"strings"

	"github.com/headerscope/headerscope/analyze/message"
)

// headerEdit changes one header field of the message under a guess.
type headerEdit struct {
	field int    // index in the message's fields
	drop  bool   // the field was added after signing: leave it out
	raw   []byte // otherwise the field as the signer saw it
}

// headerGuess is one repaired header: a few edits on distinct fields, and
// the finding each edit stands for.
type headerGuess struct {
	edits    []headerEdit
	findings []Finding
}

// headerSearch holds what every guess of one signature shares. It is built
// once per signature, in time linear in the fields and h=, so that no guess
// rebuilds a field map (a hostile header of many fields and names costs a
// bounded number of passes, not one per guess).
type headerSearch struct {
	v        *Verifier
	s        *sig
	fields   []message.Field
	lnames   []string         // h=, lower case
	rank     []int            // for each h= entry, how many earlier entries share its name
	byName   map[string][]int // field indices by lower name, bottom first, the signature itself left out
	sel      []int            // the field each h= entry selects as received, or -1
	sigCanon []byte           // the signature field with b= emptied, canonical, no final CRLF
	size     int64            // bytes one guess hashes, roughly
	pub      crypto.PublicKey
	claimed  []byte // the hash recovered from an RSA signature, or nil
}

func newHeaderSearch(v *Verifier, s *sig, self message.Field, pub crypto.PublicKey, claimed string) *headerSearch {
	hs := &headerSearch{v: v, s: s, fields: v.msg.Fields, pub: pub}
	if claimed != "" {
		hs.claimed, _ = hex.DecodeString(claimed)
	}
	hs.byName = make(map[string][]int, len(s.headers))
	hs.lnames = make([]string, len(s.headers))
	for i, name := range s.headers {
		hs.lnames[i] = strings.ToLower(name)
		hs.byName[hs.lnames[i]] = nil
	}
	for i := len(hs.fields) - 1; i >= 0; i-- {
		if hs.fields[i].Offset == self.Offset {
			continue
		}
		ln := strings.ToLower(hs.fields[i].Name)
		if list, ok := hs.byName[ln]; ok {
			hs.byName[ln] = append(list, i)
		}
	}
	used := make(map[string]int, len(hs.byName))
	hs.rank = make([]int, len(hs.lnames))
	hs.sel = make([]int, len(hs.lnames))
	for i, ln := range hs.lnames {
		n := used[ln]
		used[ln]++
		hs.rank[i], hs.sel[i] = n, -1
		if list := hs.byName[ln]; n < len(list) {
			hs.sel[i] = list[n]
			hs.size += int64(len(hs.fields[list[n]].Raw)) + 2
		}
		hs.size += 16 // the look-up itself, so that a long h= of absent names is not free
	}
	if stripped, ok := StripB(self.Raw, s.Tags); ok {
		hs.sigCanon = bytes.TrimSuffix(CanonHeader(stripped, s.headerCan), crlf)
		hs.size += int64(len(hs.sigCanon))
	}
	return hs
}

// canVerify reports whether a guess can be proven: the RSA signature gave
// up its hash, or the key is Ed25519.
func (hs *headerSearch) canVerify() bool {
	if hs.sigCanon == nil {
		return false
	}
	if _, ok := hs.pub.(ed25519.PublicKey); ok {
		return true
	}
	return len(hs.claimed) > 0
}

// digest hashes the header input as hashHeader does, with g applied.
func (hs *headerSearch) digest(g *headerGuess) []byte {
	var dropped map[string][]int // lower name -> positions in byName dropped
	repl := map[int][]byte{}
	for _, e := range g.edits {
		if !e.drop {
			repl[e.field] = e.raw
			continue
		}
		ln := strings.ToLower(hs.fields[e.field].Name)
		for k, idx := range hs.byName[ln] {
			if idx == e.field {
				if dropped == nil {
					dropped = map[string][]int{}
				}
				dropped[ln] = append(dropped[ln], k)
			}
		}
	}
	sum := newHash(hs.s.hash)
	for i, ln := range hs.lnames {
		idx := hs.sel[i]
		if ks, ok := dropped[ln]; ok {
			idx = pickSkipping(hs.byName[ln], hs.rank[i], ks)
		}
		if idx < 0 {
			continue
		}
		raw := hs.fields[idx].Raw
		if r, ok := repl[idx]; ok {
			raw = r
		}
		sum.Write(CanonHeader(raw, hs.s.headerCan))
	}
	sum.Write(hs.sigCanon)
	return sum.Sum(nil)
}

// pickSkipping returns the n-th entry of list (0-based) once the positions
// in skip are left out, or -1.
func pickSkipping(list []int, n int, skip []int) int {
	for k, idx := range list {
		left := false
		for _, s := range skip {
			if s == k {
				left = true
			}
		}
		if left {
			continue
		}
		if n == 0 {
			return idx
		}
		n--
	}
	return -1
}

// matches reports whether the signature verifies over digest.
func (hs *headerSearch) matches(digest []byte) bool {
	if k, ok := hs.pub.(ed25519.PublicKey); ok {
		return ed25519.Verify(k, digest, hs.s.b)
	}
	return bytes.Equal(digest, hs.claimed)
}

// diagnoseHeader searches, when the header signature does not verify with
// a usable key, the changes transit commonly makes to signed header fields
// and returns the first guess under which the signature verifies, with the
// suspected findings when none does. Each try is one hash (and for Ed25519
// one signature check); the answer is computed, not guessed.
func (v *Verifier) diagnoseHeader(s *sig, self message.Field, pub crypto.PublicKey, claimed string) ([]Finding, []Family, tally) {
	hs := newHeaderSearch(v, s, self, pub, claimed)
	singles, tried := hs.singles()
	var t tally
	if hs.canVerify() {
		b := v.diag.share()
		for _, g := range combine(singles, MaxHeaderGuesses) {
			if !b.take(hs.size) {
				t.cut = cutBudget
				break
			}
			t.candidates++
			t.bytes += hs.size
			d := hs.digest(&g)
			if hs.matches(d) {
				out := make([]Finding, len(g.findings))
				for i, f := range g.findings {
					f.Status, f.Half, f.RepairedHash = Verified, HeaderHalf, hex.EncodeToString(d)
					out[i] = f
				}
				hs.headerChanges(&g, out)
				return out, tried, t
			}
		}
		if len(singles) > MaxHeaderGuesses && t.cut == "" {
			t.cut = "the header search stopped at its bound of guesses"
		}
	}
	return hs.suspects(), tried, t
}

// combine lists the single guesses, then pairs and triples of them on
// distinct fields (a list both tags the Subject and rewrites From), up to
// max guesses. Earlier singles are the likelier ones and combine first.
func combine(singles []headerGuess, max int) []headerGuess {
	out := append([]headerGuess(nil), singles...)
	if len(out) >= max {
		return out[:max]
	}
	distinct := func(gs ...headerGuess) bool {
		seen := map[int]bool{}
		for _, g := range gs {
			for _, e := range g.edits {
				if seen[e.field] {
					return false
				}
				seen[e.field] = true
			}
		}
		return true
	}
	join := func(gs ...headerGuess) headerGuess {
		var j headerGuess
		for _, g := range gs {
			j.edits = append(j.edits, g.edits...)
			j.findings = append(j.findings, g.findings...)
		}
		return j
	}
	for b := 1; b < len(singles); b++ {
		for a := 0; a < b; a++ {
			if len(out) >= max {
				return out
			}
			if distinct(singles[a], singles[b]) {
				out = append(out, join(singles[a], singles[b]))
			}
		}
	}
	n := min(len(singles), 8)
	for c := 2; c < n; c++ {
		for b := 1; b < c; b++ {
			for a := 0; a < b; a++ {
				if len(out) >= max {
					return out
				}
				if distinct(singles[a], singles[b], singles[c]) {
					out = append(out, join(singles[a], singles[b], singles[c]))
				}
			}
		}
	}
	return out
}

// singles lists the one-field guesses, likeliest family first, and the
// families they come from.
func (hs *headerSearch) singles() ([]headerGuess, []Family) {
	var out []headerGuess
	var tried []Family
	add := func(kind Family, gs []headerGuess) {
		if len(gs) > 0 { // a family that does not apply is not tried
			tried = append(tried, kind)
		}
		out = append(out, gs...)
	}
	add(KindSubjectTag, hs.subjectTags())
	add(KindFromRewritten, hs.fromRewrites())
	add(KindFieldAdded, hs.addedFields())
	add(KindEncodingHeader, hs.encodingHeaders())
	add(KindWrapped, hs.wrappedTypes())
	add(KindBoundaryRewritten, hs.boundaries())
	add(KindEncodedWord, hs.encodedWords())
	if hs.s.headerCan == Simple {
		add(KindRefolded, hs.refolds())
		add(KindNameCase, hs.nameCases())
	}
	add(KindDateReformatted, hs.dates())
	return out, tried
}

// selected returns the field the first h= entry named lname selects, or
// -1 when that name is not signed or absent.
func (hs *headerSearch) selected(lname string) int {
	for i, ln := range hs.lnames {
		if ln == lname {
			return hs.sel[i]
		}
	}
	return -1
}

// replaceValue returns field f with its value (after the colon and the
// white space that follows it) replaced, keeping the line end.
func replaceValue(f message.Field, value string) []byte {
	raw := f.Raw
	colon := bytes.IndexByte(raw, ':')
	lead := colon + 1
	for lead < len(raw) && (raw[lead] == ' ' || raw[lead] == '\t') {
		lead++
	}
	body := message.TrimLineEnd(raw)
	end := raw[len(body):]
	if len(end) == 0 {
		end = crlf
	}
	out := make([]byte, 0, lead+len(value)+len(end))
	out = append(out, raw[:lead]...)
	out = append(out, value...)
	return append(out, end...)
}

// fieldValue is the value of f after the colon and leading white space,
// line end removed, folding kept.
// It shares the message's one copy of the header (Field.ValueText), so
// every signature's search of a 20 MB Subject reads the same bytes.
func fieldValue(f message.Field) string {
	return strings.TrimLeft(f.ValueText(), " \t")
}

func (hs *headerSearch) edit(idx int, value string, f Finding) headerGuess {
	fd := hs.fields[idx]
	f.Field, f.FieldLine = fd.Name, fd.Line
	return headerGuess{edits: []headerEdit{{field: idx, raw: replaceValue(fd, value)}}, findings: []Finding{f}}
}

// addedFields guesses that a field of a signed name was added after
// signing: a signed name absent when signed (now selected), or a second
// field of a signed name added below the first (now selected instead, RFC
// 6376 section 5.4.2). The candidate is the bottom-most field of each
// signed name, at most 24 of them.
func (hs *headerSearch) addedFields() []headerGuess {
	var out []headerGuess
	seen := map[string]bool{}
	for _, ln := range hs.lnames {
		if seen[ln] || len(out) >= 24 {
			continue
		}
		seen[ln] = true
		list := hs.byName[ln]
		if len(list) == 0 {
			continue
		}
		f := hs.fields[list[0]]
		out = append(out, headerGuess{
			edits:    []headerEdit{{field: list[0], drop: true}},
			findings: []Finding{{Kind: KindFieldAdded, Field: f.Name, FieldLine: f.Line, Added: clipBytes(f.Raw)}},
		})
	}
	return out
}

// refolds guesses, under simple canonicalization, that an MTA re-wrapped a
// long signed field.
func (hs *headerSearch) refolds() []headerGuess {
	var out []headerGuess
	for _, idx := range hs.sel {
		if idx < 0 || len(out) >= 16 {
			continue
		}
		f := hs.fields[idx]
		if !bytes.Contains(message.TrimLineEnd(f.Raw), []byte("\n")) {
			continue
		}
		out = append(out, headerGuess{
			edits:    []headerEdit{{field: idx, raw: []byte(message.Unfold(string(f.Raw)))}},
			findings: []Finding{{Kind: KindRefolded, Field: f.Name, FieldLine: f.Line, Removed: clip(message.Unfold(f.Text())), Added: clipBytes(f.Raw)}},
		})
	}
	return out
}
