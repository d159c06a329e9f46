package certificates

import (
	"encoding/binary"
	"slices"
	"sort"
	"strconv"
)

// Composite glyph flags (TrueType 'glyf' table).
const (
	compArgsAreWords = 0x0001
	compHaveScale    = 0x0008
	compMore         = 0x0020
	compXYScale      = 0x0040
	compTwoByTwo     = 0x0080
)

// subset builds a small TrueType font holding only the glyphs of runes
// (and the components of composite glyphs), renumbered from 1, with a
// cmap for exactly those runes and glyph names. Outlines, hinting and
// metrics are copied unchanged. Runes the font lacks are left out. The
// tables of layout features, vertical metrics and signatures play no part
// in a PDF and are dropped.
func (f *trueType) subset(runes []rune) []byte {
	old := []uint16{0} // .notdef stays glyph 0
	seen := map[uint16]bool{0: true}
	var add func(g uint16)
	add = func(g uint16) {
		if seen[g] {
			return
		}
		seen[g] = true
		old = append(old, g)
		f.components(g, add)
	}
	runes = slices.Clone(runes)
	slices.Sort(runes)
	runes = slices.Compact(runes)
	mapped := runes[:0]
	for _, r := range runes {
		if g, ok := f.glyph(r); ok {
			add(g)
			mapped = append(mapped, r)
		}
	}
	slices.Sort(old)
	newID := make(map[uint16]uint16, len(old))
	for i, g := range old {
		newID[g] = uint16(i)
	}

	var glyf []byte
	loca := make([]byte, 4*(len(old)+1))
	hmtx := make([]byte, 4*len(old))
	for i, g := range old {
		binary.BigEndian.PutUint32(loca[4*i:], uint32(len(glyf)))
		binary.BigEndian.PutUint16(hmtx[4*i:], f.advance[g])
		binary.BigEndian.PutUint16(hmtx[4*i+2:], uint16(f.lsb[g]))
		start := len(glyf)
		glyf = append(glyf, f.glyf[f.loca[g]:f.loca[g+1]]...)
		f.renumberComponents(glyf[start:], newID)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	binary.BigEndian.PutUint32(loca[4*len(old):], uint32(len(glyf)))

	gids := make([]uint16, len(mapped))
	for i, r := range mapped {
		g, _ := f.glyph(r)
		gids[i] = newID[g]
	}

	head := slices.Clone(f.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	hhea := slices.Clone(f.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(old)))
	maxp := slices.Clone(f.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(old)))
	post := postNames(f.tables["post"][:32], old, mapped, f)

	out := map[string][]byte{
		"OS/2": f.tables["OS/2"], "cmap": cmapFormat4(mapped, gids),
		"cvt ": f.tables["cvt "], "fpgm": f.tables["fpgm"], "gasp": f.tables["gasp"],
		"glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx, "loca": loca,
		"maxp": maxp, "name": f.tables["name"], "post": post, "prep": f.tables["prep"],
	}
	return assembleFont(out)
}

// postNames builds a 'post' table of format 2 naming each glyph that
// prints a rune uniXXXX (and the others gN), so that a viewer may find
// glyphs by the names of the PDF encoding as well as through the cmap.
func postNames(header []byte, old []uint16, runes []rune, f *trueType) []byte {
	nameOf := make(map[uint16]string, len(runes))
	for _, r := range runes {
		g, _ := f.glyph(r)
		if _, ok := nameOf[g]; !ok {
			nameOf[g] = glyphName(r)
		}
	}
	post := slices.Clone(header)
	binary.BigEndian.PutUint32(post[0:], 0x00020000)
	post = binary.BigEndian.AppendUint16(post, uint16(len(old)))
	var names []byte
	for i, g := range old {
		if i == 0 {
			post = binary.BigEndian.AppendUint16(post, 0) // .notdef
			continue
		}
		post = binary.BigEndian.AppendUint16(post, uint16(258+i-1))
		name, ok := nameOf[g]
		if !ok {
			name = "g" + strconv.Itoa(i)
		}
		names = append(names, byte(len(name)))
		names = append(names, name...)
	}
	return append(post, names...)
}

// components calls fn for each glyph a composite glyph g is built from.
func (f *trueType) components(g uint16, fn func(uint16)) {
	data := f.glyf[f.loca[g]:f.loca[g+1]]
	walkComponents(data, func(at int) { fn(be16(data, at)) })
}

// renumberComponents rewrites the component references of a composite
// glyph (a copy) to the subset's glyph numbers.
func (f *trueType) renumberComponents(data []byte, newID map[uint16]uint16) {
	walkComponents(data, func(at int) {
		binary.BigEndian.PutUint16(data[at:], newID[be16(data, at)])
	})
}

// walkComponents calls fn with the offset of each component's glyph index
// in a composite glyph; simple glyphs have none.
func walkComponents(data []byte, fn func(at int)) {
	if len(data) < 10 || int16(be16(data, 0)) >= 0 {
		return
	}
	for at := 10; at+4 <= len(data); {
		flags := be16(data, at)
		fn(at + 2)
		at += 4
		if flags&compArgsAreWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&compHaveScale != 0:
			at += 2
		case flags&compXYScale != 0:
			at += 4
		case flags&compTwoByTwo != 0:
			at += 8
		}
		if flags&compMore == 0 {
			return
		}
	}
}

// cmapFormat4 builds a cmap with one Unicode BMP subtable mapping each of
// the sorted runes to its glyph; runs of consecutive runes and glyphs
// share a segment.
func cmapFormat4(runes []rune, gids []uint16) []byte {
	type segment struct{ start, end, delta uint16 }
	var segs []segment
	for i, r := range runes {
		n := len(segs)
		if n > 0 && rune(segs[n-1].end)+1 == r && gids[i-1]+1 == gids[i] {
			segs[n-1].end = uint16(r)
			continue
		}
		segs = append(segs, segment{uint16(r), uint16(r), gids[i] - uint16(r)})
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	searchRange, selector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		selector++
	}
	length := 16 + 8*n
	b := make([]byte, 12+length)
	put := func(at int, v uint16) { binary.BigEndian.PutUint16(b[at:], v) }
	put(2, 1)                             // one subtable
	put(4, 3)                             // platform Windows
	put(6, 1)                             // encoding Unicode BMP
	binary.BigEndian.PutUint32(b[8:], 12) // its offset
	t := 12
	put(t, 4)
	put(t+2, uint16(length))
	put(t+6, uint16(2*n))
	put(t+8, uint16(2*searchRange))
	put(t+10, uint16(selector))
	put(t+12, uint16(2*n-2*searchRange))
	for i, s := range segs {
		put(t+14+2*i, s.end)
		put(t+16+2*n+2*i, s.start)
		put(t+16+4*n+2*i, s.delta)
		// idRangeOffset stays 0
	}
	return b
}

// assembleFont writes the table directory and the tables, each padded to
// four bytes, and sets the checksums.
func assembleFont(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for tag, data := range tables {
		if len(data) > 0 {
			tags = append(tags, tag)
		}
	}
	sort.Strings(tags)
	n := len(tags)
	searchRange, selector := 1, 0
	for searchRange*2 <= n {
		searchRange *= 2
		selector++
	}
	size := 12 + 16*n
	for _, tag := range tags {
		size += (len(tables[tag]) + 3) &^ 3
	}
	b := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(b[0:], 0x00010000)
	binary.BigEndian.PutUint16(b[4:], uint16(n))
	binary.BigEndian.PutUint16(b[6:], uint16(16*searchRange))
	binary.BigEndian.PutUint16(b[8:], uint16(selector))
	binary.BigEndian.PutUint16(b[10:], uint16(16*n-16*searchRange))
	headAt := 0
	for i, tag := range tags {
		data := tables[tag]
		rec := 12 + 16*i
		copy(b[rec:], tag)
		binary.BigEndian.PutUint32(b[rec+4:], checksum(data))
		binary.BigEndian.PutUint32(b[rec+8:], uint32(len(b)))
		binary.BigEndian.PutUint32(b[rec+12:], uint32(len(data)))
		if tag == "head" {
			headAt = len(b)
		}
		b = append(b, data...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
	}
	binary.BigEndian.PutUint32(b[headAt+8:], 0xB1B0AFBA-checksum(b))
	return b
}

// checksum is the TrueType table checksum: the sum of big-endian uint32
// words, the last one zero-padded.
func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var w [4]byte
		copy(w[:], data[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
