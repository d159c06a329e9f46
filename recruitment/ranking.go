package recruitment

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"skillcert"
)

// Score is a written-test or interview score in tenths of a point, 0–1000
// for 0–100 with one decimal, so scores add and compare exactly.
type Score int

// MaxScore is 100 points.
const MaxScore Score = 1000

// ParseScore reads a score as typed: 0 to 100 with at most one decimal,
// e.g. "85" or "85.5".
func ParseScore(s string) (Score, error) {
	t := strings.TrimSpace(s)
	whole, frac, hasDot := strings.Cut(t, ".")
	bad := skillcert.Invalid("score", "成绩“%s”无效，应为 0 至 100 之间、最多一位小数的数字", s)
	if whole == "" || !digits(whole) || len(whole) > 3 || (hasDot && (len(frac) != 1 || !digits(frac))) {
		return 0, bad
	}
	n, _ := strconv.Atoi(whole)
	v := Score(n * 10)
	if hasDot {
		v += Score(frac[0] - '0')
	}
	if v > MaxScore {
		return 0, bad
	}
	return v, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String writes the score with one decimal, e.g. "85.5".
func (s Score) String() string {
	sign, n := "", int(s)
	if n < 0 {
		sign, n = "-", -n
	}
	return sign + strconv.Itoa(n/10) + "." + strconv.Itoa(n%10)
}

// Valid reports whether the score is within 0–100.
func (s Score) Valid() bool { return s >= 0 && s <= MaxScore }

// Weights are the shares, in percent, of the written test and the interview
// in the total score; a post sets them, they add up to 100.
type Weights struct {
	Written   int `bson:"written" json:"written"`
	Interview int `bson:"interview" json:"interview"`
}

// DefaultWeights weighs the written test and the interview equally.
func DefaultWeights() Weights { return Weights{Written: 50, Interview: 50} }

// Validate checks that the weights are 0–100 and add up to 100.
func (w Weights) Validate() error {
	switch {
	case w.Written < 0 || w.Written > 100:
		return skillcert.Invalid("weights.written", "笔试权重应在 0%% 至 100%% 之间，当前为 %d%%", w.Written)
	case w.Interview < 0 || w.Interview > 100:
		return skillcert.Invalid("weights.interview", "面试权重应在 0%% 至 100%% 之间，当前为 %d%%", w.Interview)
	case w.Written+w.Interview != 100:
		return skillcert.Invalid("weights", "笔试与面试权重之和应为 100%%，当前为 %d%%", w.Written+w.Interview)
	}
	return nil
}

// Total is a weighted total score in thousandths of a point (a score in
// tenths times a weight in percent), exact for any whole-percent weights.
type Total int

// Total returns the weighted total of the two scores.
func (w Weights) Total(written, interview Score) Total {
	return Total(int(written)*w.Written + int(interview)*w.Interview)
}

// String writes the total exactly with one to three decimals, e.g. "87.8"
// or "88.26".
func (t Total) String() string {
	sign, n := "", int(t)
	if n < 0 {
		sign, n = "-", -n
	}
	frac := strings.TrimRight(strconv.Itoa(1000 + n%1000)[1:], "0")
	if frac == "" {
		frac = "0"
	}
	return sign + strconv.Itoa(n/1000) + "." + frac
}

// Scored is an application as ranking sees it. Written and Interview are nil
// until entered; ineligible applications need none.
type Scored struct {
	ApplicationID string    `bson:"applicationId" json:"applicationId"`
	Name          string    `bson:"name" json:"name"`
	AppliedAt     time.Time `bson:"appliedAt" json:"appliedAt"`
	// Eligible is the screening's verdict: every requirement passed or was
	// overridden.
	Eligible  bool   `bson:"eligible" json:"eligible"`
	Written   *Score `bson:"written,omitempty" json:"written,omitempty"`
	Interview *Score `bson:"interview,omitempty" json:"interview,omitempty"`
}

// Ranked is an eligible application in ranking order. Rank counts from 1;
// Proposed marks those selected for hire.
type Ranked struct {
	Scored   `bson:",inline"`
	Total    Total `bson:"total" json:"total"`
	Rank     int   `bson:"rank" json:"rank"`
	Proposed bool  `bson:"proposed" json:"proposed"`
}

// Rank orders the eligible applications by weighted total, highest first;
// ties go to the higher interview score, then the higher written score, then
// the earlier application, then the application ID. Ineligible ones are left
// out. Every eligible application must have both scores, within 0–100.
func Rank(apps []Scored, w Weights) ([]Ranked, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	var out []Ranked
	for _, a := range apps {
		if !a.Eligible {
			continue
		}
		who := a.Name
		if who == "" {
			who = a.ApplicationID
		}
		switch {
		case a.Written == nil:
			return nil, skillcert.Invalid("written", "%s 的笔试成绩尚未录入", who)
		case a.Interview == nil:
			return nil, skillcert.Invalid("interview", "%s 的面试成绩尚未录入", who)
		case !a.Written.Valid():
			return nil, skillcert.Invalid("written", "%s 的笔试成绩 %s 超出 0 至 100 分", who, a.Written)
		case !a.Interview.Valid():
			return nil, skillcert.Invalid("interview", "%s 的面试成绩 %s 超出 0 至 100 分", who, a.Interview)
		}
		out = append(out, Ranked{Scored: a, Total: w.Total(*a.Written, *a.Interview)})
	}
	slices.SortStableFunc(out, func(x, y Ranked) int {
		switch {
		case x.Total != y.Total:
			return int(y.Total) - int(x.Total)
		case *x.Interview != *y.Interview:
			return int(*y.Interview) - int(*x.Interview)
		case *x.Written != *y.Written:
			return int(*y.Written) - int(*x.Written)
		case !x.AppliedAt.Equal(y.AppliedAt):
			return x.AppliedAt.Compare(y.AppliedAt)
		}
		return strings.Compare(x.ApplicationID, y.ApplicationID)
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out, nil
}

// Select returns a copy of ranked with the first places marked Proposed and
// the rest not; places below 1 propose nobody.
func Select(ranked []Ranked, places int) []Ranked {
	out := slices.Clone(ranked)
	for i := range out {
		out[i].Proposed = i < places
	}
	return out
}
