package claims

import "encoding/binary"

// idIndex maps beneficiary identifiers to slots. Identifiers of up to 15
// bytes (an MBI has 11) are packed into two words and kept in an
// open-addressing table, which at a million beneficiaries is several times
// faster than a map of strings; longer identifiers fall back to a map.
// Lookups do not modify it, so claims can be read concurrently.
type idIndex struct {
	keys [][2]uint64 // {0, 0} is empty: a packed key's length byte is never 0
	vals []int32
	n    int
	long map[string]int32
}

func pack(id []byte) (k [2]uint64, ok bool) {
	if len(id) == 0 || len(id) > 15 {
		return k, false
	}
	var buf [16]byte
	copy(buf[:], id)
	buf[15] = byte(len(id))
	return [2]uint64{binary.LittleEndian.Uint64(buf[:8]), binary.LittleEndian.Uint64(buf[8:])}, true
}

func (x *idIndex) slot(k [2]uint64) uint64 {
	h := k[0]*0x9e3779b97f4a7c15 ^ k[1]*0xc2b2ae3d27d4eb4f
	h ^= h >> 29
	mask := uint64(len(x.keys) - 1)
	i := h & mask
	for x.keys[i] != k && x.keys[i] != [2]uint64{} {
		i = (i + 1) & mask
	}
	return i
}

func (x *idIndex) get(id []byte) (int32, bool) {
	k, ok := pack(id)
	if !ok {
		v, ok := x.long[string(id)]
		return v, ok
	}
	if len(x.keys) == 0 {
		return 0, false
	}
	i := x.slot(k)
	return x.vals[i], x.keys[i] == k
}

func (x *idIndex) put(id []byte, v int32) {
	k, ok := pack(id)
	if !ok {
		if x.long == nil {
			x.long = map[string]int32{}
		}
		x.long[string(id)] = v
		return
	}
	if 2*(x.n+1) > len(x.keys) {
		x.grow()
	}
	i := x.slot(k)
	if x.keys[i] != k {
		x.n++
	}
	x.keys[i], x.vals[i] = k, v
}

func (x *idIndex) grow() {
	keys, vals := x.keys, x.vals
	x.keys = make([][2]uint64, max(1024, 2*len(keys)))
	x.vals = make([]int32, len(x.keys))
	for j, k := range keys {
		if k != [2]uint64{} {
			i := x.slot(k)
			x.keys[i], x.vals[i] = k, vals[j]
		}
	}
}
