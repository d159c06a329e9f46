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
	for _, r := range text {
		n := len(toks)
		switch {
		case n > 0 && (joinNext || closing(r) || latinWord(r) && endsLatinWord(toks[n-1])):
			toks[n-1] += string(r)
		default:
			toks = append(toks, string(r))
		}
		joinNext = opening(r)
	}
	return toks
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
