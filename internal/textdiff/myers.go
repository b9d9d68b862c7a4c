package textdiff

// match pairs line i of the old text with line j of the new: the same line,
// kept.
type match struct{ i, j int }

// matches returns a longest common subsequence of x and y as pairs of line
// indexes, in order. Lines that occur in only one of the texts can never
// match, so they are set aside first (which makes a diff of two unrelated
// texts instant); the rest is compared by Myers' O(ND) algorithm in linear
// space (E. W. Myers, "An O(ND) difference algorithm and its variations",
// Algorithmica 1986, section 4b).
func matches(x, y []string) []match {
	a, ai, b, bi := comparable(x, y)
	d := &myers{a: a, b: b}
	n := len(a) + len(b) + 3
	d.vf, d.vb = make([]int, n), make([]int, n)
	d.compare(0, len(a), 0, len(b))
	for k := range d.out {
		d.out[k] = match{i: ai[d.out[k].i], j: bi[d.out[k].j]}
	}
	return d.out
}

// comparable numbers the lines of x and y that occur in both, so that equal
// lines get equal numbers, and returns those numbers with the lines' indexes
// in x and y.
func comparable(x, y []string) (a, ai, b, bi []int) {
	ids := make(map[string]int, len(x))
	for _, l := range x {
		if _, ok := ids[l]; !ok {
			ids[l] = -1 - len(ids) // negative: not seen in y yet
		}
	}
	for j, l := range y {
		if id, ok := ids[l]; ok {
			if id < 0 {
				ids[l] = -id
			}
			b, bi = append(b, ids[l]), append(bi, j)
		}
	}
	for i, l := range x {
		if id := ids[l]; id > 0 {
			a, ai = append(a, id), append(ai, i)
		}
	}
	return a, ai, b, bi
}

// myers holds the sequences being compared, the two diagonal vectors the
// middle-snake search reuses, and the matches found so far.
type myers struct {
	a, b   []int
	vf, vb []int
	out    []match
}

// compare appends the matches of a[aLo:aHi] and b[bLo:bHi], in order.
func (d *myers) compare(aLo, aHi, bLo, bHi int) {
	for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
		d.out = append(d.out, match{aLo, bLo})
		aLo, bLo = aLo+1, bLo+1
	}
	endA := aHi
	for aHi > aLo && bHi > bLo && d.a[aHi-1] == d.b[bHi-1] {
		aHi, bHi = aHi-1, bHi-1
	}
	if aLo < aHi && bLo < bHi {
		x0, y0, x1, y1 := d.middleSnake(aLo, aHi, bLo, bHi)
		d.compare(aLo, x0, bLo, y0)
		for ; x0 < x1; x0, y0 = x0+1, y0+1 {
			d.out = append(d.out, match{x0, y0})
		}
		d.compare(x1, aHi, y1, bHi)
	}
	for ; aHi < endA; aHi, bHi = aHi+1, bHi+1 {
		d.out = append(d.out, match{aHi, bHi})
	}
}

// middleSnake finds the middle snake of a shortest edit script of
// a[aLo:aHi] into b[bLo:bHi], both non-empty, searching from both ends at
// once: the run of equal lines from (x0, y0) to (x1, y1) that the script
// passes halfway through its edits.
func (d *myers) middleSnake(aLo, aHi, bLo, bHi int) (x0, y0, x1, y1 int) {
	n, m := aHi-aLo, bHi-bLo
	delta := n - m
	odd := delta%2 != 0
	half := (n + m + 1) / 2
	off := half + 1
	vf, vb := d.vf, d.vb
	vf[off+1], vb[off+1] = 0, 0
	for e := 0; e <= half; e++ {
		// Forward: vf[off+k] is the furthest x reached on diagonal x−y = k.
		for k := -e; k <= e; k += 2 {
			x := next(vf, off, k, e)
			sx, sy := x, x-k
			y := sy
			for x < n && y < m && d.a[aLo+x] == d.b[bLo+y] {
				x, y = x+1, y+1
			}
			vf[off+k] = x
			if c := delta - k; odd && c >= -(e-1) && c <= e-1 && x+vb[off+c] >= n {
				return aLo + sx, bLo + sy, aLo + x, bLo + y
			}
		}
		// Backward, from the ends: vb[off+c] is the furthest x' reached on
		// the reversed diagonal x'−y' = c, where x' = n−x and y' = m−y.
		for c := -e; c <= e; c += 2 {
			x := next(vb, off, c, e)
			sx, sy := x, x-c
			y := sy
			for x < n && y < m && d.a[aHi-1-x] == d.b[bHi-1-y] {
				x, y = x+1, y+1
			}
			vb[off+c] = x
			if k := delta - c; !odd && k >= -e && k <= e && x+vf[off+k] >= n {
				return aHi - x, bHi - y, aHi - sx, bHi - sy
			}
		}
	}
	panic("textdiff: no middle snake") // unreachable: the paths meet by e = half
}

// next is where a path of e edits starts on diagonal k: one step down from
// diagonal k+1 or one step right from diagonal k−1, whichever reached
// further.
func next(v []int, off, k, e int) int {
	if k == -e || (k != e && v[off+k-1] < v[off+k+1]) {
		return v[off+k+1]
	}
	return v[off+k-1] + 1
}
