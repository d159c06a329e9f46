package certificates

import (
	"strings"
	"unicode"
)

// mmPerPt converts typographic points to millimetres.
const mmPerPt = 25.4 / 72

// fit says how a value may be set in its box: at most maxPt, on one line
// down to oneLinePt, else on up to maxLines lines down to minPt.
type fit struct {
	width     float64 // mm
	maxPt     float64
	oneLinePt float64
	minPt     float64
	maxLines  int
}

// lineHeight is the distance between baselines of text at size pt, in mm.
func lineHeight(pt float64) float64 { return pt * mmPerPt * 1.45 }

// set lays text out by the rule: one line at the largest size that fits,
// else wrapped at the largest size that fits in maxLines lines. ok is false
// when even the smallest size needs more lines: the text is too long to be
// printed whole, and the caller refuses it rather than cut it.
func (s *fontSet) set(text string, f fit) (lines []string, pt float64, ok bool) {
	const step = 0.5
	for pt = f.maxPt; pt >= f.oneLinePt-1e-9; pt -= step {
		if s.width(text, pt) <= f.width {
			return []string{text}, pt, true
		}
	}
	for pt = f.maxPt; pt >= f.minPt-1e-9; pt -= step {
		if lines = s.wrap(text, f.width, pt); len(lines) <= f.maxLines {
			return lines, pt, true
		}
	}
	return nil, 0, false
}

// wrap breaks text into lines no wider than width at size pt. It breaks
// between Han characters, keeps runs of Latin letters and digits whole
// where they fit, never starts a line with closing punctuation nor ends
// one with opening punctuation, and drops spaces at the breaks.
func (s *fontSet) wrap(text string, width, pt float64) []string {
	var lines []string
	line := ""
	for _, tok := range tokens(text) {
		switch {
		case s.width(line+tok, pt) <= width:
			line += tok
		case s.width(strings.TrimSpace(tok), pt) <= width:
			lines = appendLine(lines, line)
			line = strings.TrimLeft(tok, " ")
		default: // a token wider than the line is split where it must be
			for _, r := range tok {
				if line != "" && s.width(line+string(r), pt) > width {
					lines = appendLine(lines, line)
					line = ""
				}
				line += string(r)
			}
		}
	}
	return appendLine(lines, line)
}

func appendLine(lines []string, line string) []string {
	if line = strings.TrimSpace(line); line != "" {
		lines = append(lines, line)
	}
	return lines
}

// tokens splits text into the pieces a line may break between: a run of
// Latin letters and digits, or one other character, with closing
// punctuation held to what precedes it and opening punctuation to what
// follows.
func tokens(text string) []string {
	var toks []string
	joinNext := false
	runes := []rune(text)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		piece := string(r)
		if w := wordAt(runes[i:]); w > 1 {
			piece = string(runes[i : i+w])
			i += w - 1
		}
		n := len(toks)
		switch {
		case n > 0 && (joinNext || closing(r) || latinWord(r) && endsLatinWord(toks[n-1])):
			toks[n-1] += piece
		default:
			toks = append(toks, piece)
		}
		joinNext = opening([]rune(piece)[len([]rune(piece))-1])
	}
	return toks
}

// unbreakableWords are the words of the organizers' and courses' names
// that a line must not split (桐乡市乌镇镇人力资源和社会保障管理所 breaks
// before 社会保障, never between 社 and 会). Longer words come first where
// one contains another.
var unbreakableWords = []string{
	"桐乡经济开发区", "经济开发区", "人力资源", "社会保障", "管理所", "工作站", "人民政府", "开发区", "新区",
	"街道", "社区", "职业技能", "培训班", "创业培训",
}

// wordAt is the length in runes of the unbreakable word text starts with,
// or 0.
func wordAt(text []rune) int {
	for _, w := range unbreakableWords {
		wr := []rune(w)
		if len(wr) <= len(text) && string(text[:len(wr)]) == w {
			return len(wr)
		}
	}
	return 0
}

func latinWord(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./:@%&=?#+~*", r))
}

func endsLatinWord(tok string) bool {
	last := []rune(tok)
	return len(last) > 0 && latinWord(last[len(last)-1])
}

func closing(r rune) bool {
	return strings.ContainsRune("，。、；：！？）》」』”’〕】,.;:!?)]}%", r)
}
func opening(r rune) bool { return strings.ContainsRune("（《「『“‘〔【([{", r) }
