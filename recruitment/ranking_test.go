package recruitment

import (
	"slices"
	"testing"
	"time"

	"skillcert"
)

func TestParseScore(t *testing.T) {
	good := []struct {
		in   string
		want Score
	}{
		{"0", 0}, {"0.0", 0}, {"85", 850}, {"85.5", 855}, {" 99.9 ", 999}, {"100", 1000}, {"100.0", 1000}, {"007.5", 75},
	}
	for _, tt := range good {
		got, err := ParseScore(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseScore(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", " ", "100.1", "101", "-1", "85.55", "85.", ".5", "8a", "85,5", "1e2", "１００", "1000"} {
		_, err := ParseScore(in)
		wantError(t, err, skillcert.EINVALID, "score", "成绩“"+in+"”无效，应为 0 至 100 之间、最多一位小数的数字")
	}
}

func TestScoreAndTotalString(t *testing.T) {
	scores := map[Score]string{0: "0.0", 5: "0.5", 855: "85.5", 1000: "100.0"}
	for s, want := range scores {
		if got := s.String(); got != want {
			t.Errorf("Score(%d) = %q, want %q", int(s), got, want)
		}
	}
	totals := []struct {
		w         Weights
		written   Score
		interview Score
		want      string
	}{
		{DefaultWeights(), 855, 901, "87.8"},
		{Weights{40, 60}, 855, 901, "88.26"},
		{Weights{33, 67}, 855, 901, "88.582"},
		{DefaultWeights(), 1000, 1000, "100.0"},
		{DefaultWeights(), 0, 0, "0.0"},
		{DefaultWeights(), 1, 0, "0.05"},
	}
	for _, tt := range totals {
		if got := tt.w.Total(tt.written, tt.interview).String(); got != tt.want {
			t.Errorf("%+v.Total(%s, %s) = %q, want %q", tt.w, tt.written, tt.interview, got, tt.want)
		}
	}
}

func TestWeightsValidate(t *testing.T) {
	if err := DefaultWeights().Validate(); err != nil {
		t.Errorf("default weights: %v", err)
	}
	for _, w := range []Weights{{100, 0}, {0, 100}, {30, 70}} {
		if err := w.Validate(); err != nil {
			t.Errorf("%+v: %v", w, err)
		}
	}
	wantError(t, Weights{60, 60}.Validate(), skillcert.EINVALID, "weights", "笔试与面试权重之和应为 100%，当前为 120%")
	wantError(t, Weights{50, 49}.Validate(), skillcert.EINVALID, "weights", "笔试与面试权重之和应为 100%，当前为 99%")
	wantError(t, Weights{-10, 110}.Validate(), skillcert.EINVALID, "weights.written", "笔试权重应在 0% 至 100% 之间，当前为 -10%")
	wantError(t, Weights{50, -10}.Validate(), skillcert.EINVALID, "weights.interview", "面试权重应在 0% 至 100% 之间，当前为 -10%")
}

func sc(v Score) *Score { return &v }

var day = ymd(2026, time.November, 1)

func app(id string, eligible bool, written, interview Score, minutes int) Scored {
	return Scored{ApplicationID: id, Name: "申请人" + id, AppliedAt: day.Start().Add(time.Duration(minutes) * time.Minute),
		Eligible: eligible, Written: sc(written), Interview: sc(interview)}
}

func ids(rs []Ranked) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ApplicationID)
	}
	return out
}

func TestRankOrderAndTieBreaks(t *testing.T) {
	tests := []struct {
		name string
		w    Weights
		apps []Scored
		want []string
	}{
		{"by total", DefaultWeights(), []Scored{
			app("a", true, 800, 800, 0), app("b", true, 900, 900, 1), app("c", true, 850, 850, 2),
		}, []string{"b", "c", "a"}},
		{"ineligible left out even when best", DefaultWeights(), []Scored{
			app("a", true, 700, 700, 0), {ApplicationID: "x", Eligible: false, Written: sc(1000), Interview: sc(1000)}, {ApplicationID: "y", Eligible: false},
		}, []string{"a"}},
		{"equal total: higher interview first", DefaultWeights(), []Scored{
			app("a", true, 900, 800, 0), app("b", true, 800, 900, 1),
		}, []string{"b", "a"}},
		{"equal total and interview: higher written first", Weights{0, 100}, []Scored{
			app("a", true, 700, 900, 0), app("b", true, 800, 900, 1),
		}, []string{"b", "a"}},
		{"equal scores: earlier application first", DefaultWeights(), []Scored{
			app("a", true, 800, 900, 5), app("b", true, 800, 900, 3),
		}, []string{"b", "a"}},
		{"everything equal: application ID", DefaultWeights(), []Scored{
			app("b", true, 800, 900, 3), app("a", true, 800, 900, 3),
		}, []string{"a", "b"}},
		{"tenths decide", DefaultWeights(), []Scored{
			app("a", true, 800, 900, 0), app("b", true, 800, 901, 1),
		}, []string{"b", "a"}},
		{"weights decide", Weights{70, 30}, []Scored{
			app("a", true, 900, 600, 0), app("b", true, 700, 950, 1), // 81.0 vs 77.5
		}, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Rank(tt.apps, tt.w)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), tt.want) {
				t.Errorf("order %v, want %v", ids(got), tt.want)
			}
			for i, r := range got {
				if r.Rank != i+1 || r.Proposed {
					t.Errorf("%s: rank %d proposed %v", r.ApplicationID, r.Rank, r.Proposed)
				}
			}
		})
	}
	got, _ := Rank([]Scored{app("a", true, 855, 901, 0)}, Weights{40, 60})
	if got[0].Total != 88260 {
		t.Errorf("Total = %d, want 88260", got[0].Total)
	}
}

func TestRankRefusals(t *testing.T) {
	noWritten := app("a", true, 0, 800, 0)
	noWritten.Written = nil
	noInterview := app("b", true, 800, 0, 0)
	noInterview.Interview, noInterview.Name = nil, ""
	tooHigh := app("c", true, 1001, 800, 0)
	negative := app("d", true, 800, -1, 0)
	tests := []struct {
		name    string
		apps    []Scored
		w       Weights
		field   string
		message string
	}{
		{"written missing", []Scored{noWritten}, DefaultWeights(), "written", "申请人a 的笔试成绩尚未录入"},
		{"interview missing, named by ID", []Scored{noInterview}, DefaultWeights(), "interview", "b 的面试成绩尚未录入"},
		{"written above 100", []Scored{tooHigh}, DefaultWeights(), "written", "申请人c 的笔试成绩 100.1 超出 0 至 100 分"},
		{"interview below 0", []Scored{negative}, DefaultWeights(), "interview", "申请人d 的面试成绩 -0.1 超出 0 至 100 分"},
		{"bad weights", nil, Weights{}, "weights", "笔试与面试权重之和应为 100%，当前为 0%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Rank(tt.apps, tt.w)
			wantError(t, err, skillcert.EINVALID, tt.field, tt.message)
		})
	}
	// Ineligible applications need no scores.
	if got, err := Rank([]Scored{{ApplicationID: "z"}}, DefaultWeights()); err != nil || len(got) != 0 {
		t.Errorf("Rank(ineligible, unscored) = %v, %v", got, err)
	}
}

func TestSelect(t *testing.T) {
	ranked, err := Rank([]Scored{
		app("a", true, 900, 900, 0), app("b", true, 800, 800, 1), app("c", true, 700, 700, 2),
	}, DefaultWeights())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		places int
		want   []bool
	}{
		{-1, []bool{false, false, false}},
		{0, []bool{false, false, false}},
		{1, []bool{true, false, false}},
		{2, []bool{true, true, false}},
		{3, []bool{true, true, true}},
		{5, []bool{true, true, true}},
	}
	for _, tt := range tests {
		got := Select(ranked, tt.places)
		var proposed []bool
		for _, r := range got {
			proposed = append(proposed, r.Proposed)
		}
		if !slices.Equal(proposed, tt.want) {
			t.Errorf("Select(%d) = %v, want %v", tt.places, proposed, tt.want)
		}
	}
	// Selecting again with fewer places un-proposes, and the input is untouched.
	twice := Select(Select(ranked, 3), 1)
	if !twice[0].Proposed || twice[1].Proposed || ranked[0].Proposed {
		t.Errorf("reselect: %v, input %v", twice, ranked)
	}
}
