package dkim

import "slices"

// The bounded diff that aligns the words of two alternatives.

// altMaxEdits bounds the diff of two alternatives: words deleted plus
// inserted. Past it the parts differ too much to locate one edit, and the
// diff stops, so it costs at most altMaxEdits passes over the words.
const altMaxEdits = 64

// altHunk is one run of differences between two alternatives: the words
// of the plain part with no match, and those of the HTML part, between
// two matched words.
type altHunk struct {
	del, ins []altWord
}

// diffWords aligns a and b (Myers' O(ND) diff, D at most altMaxEdits) and
// returns the runs of words that differ, in order; false when more than
// altMaxEdits edits separate them.
func diffWords(a, b []altWord) ([]altHunk, bool) {
	ids := map[string]int32{}
	intern := func(ws []altWord) []int32 {
		out := make([]int32, len(ws))
		for i, w := range ws {
			id, seen := ids[w.key]
			if !seen {
				id = int32(len(ids))
				ids[w.key] = id
			}
			out[i] = id
		}
		return out
	}
	x, y := intern(a), intern(b)
	n, m := len(x), len(y)
	const off = altMaxEdits + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	for d := 0; d <= altMaxEdits; d++ {
		trace = append(trace, slices.Clone(v))
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				i = v[off+k+1] // a word of b inserted
			} else {
				i = v[off+k-1] + 1 // a word of a deleted
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i, j = i+1, j+1
			}
			v[off+k] = i
			if i >= n && j >= m {
				return backtrack(trace, a, b, d, k, off, i), true
			}
		}
	}
	return nil, false
}

// backtrack walks the saved diagonals of diffWords back from the end
// (d, k, x) and groups the words deleted from a and inserted from b into
// runs that matched words separate.
func backtrack(trace [][]int, a, b []altWord, d, k, off, x int) []altHunk {
	var hunks []altHunk
	var cur altHunk
	for ; d > 0; d-- {
		prev := trace[d]
		pk, xs, insert := k-1, prev[off+k-1]+1, false
		if k == -d || k != d && prev[off+k-1] < prev[off+k+1] {
			pk, xs, insert = k+1, prev[off+k+1], true
		}
		if x > xs && len(cur.del)+len(cur.ins) > 0 {
			// Matched words after this edit: the later ones are a run apart.
			hunks = append(hunks, cur)
			cur = altHunk{}
		}
		if insert {
			cur.ins = append(cur.ins, b[xs-k-1])
		} else {
			cur.del = append(cur.del, a[xs-1])
		}
		x, k = prev[off+pk], pk
	}
	if len(cur.del)+len(cur.ins) > 0 {
		hunks = append(hunks, cur)
	}
	slices.Reverse(hunks)
	for i := range hunks {
		slices.Reverse(hunks[i].del)
		slices.Reverse(hunks[i].ins)
	}
	return hunks
}
