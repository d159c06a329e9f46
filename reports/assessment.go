package reports

import (
	"context"
	"fmt"
	"sort"
	"time"

	"skillcert"
	"skillcert/auth"
	"skillcert/recruitment"
)

// AssessmentWeights are the weights of the town assessment (考核), in
// points out of 100, as a versioned policy parameter: the version in force
// on the assessed year's last day applies.
type AssessmentWeights struct {
	Version       string         `bson:"version" json:"version"`
	EffectiveFrom skillcert.Date `bson:"effectiveFrom" json:"effectiveFrom"`
	Coverage      int            `bson:"coverage" json:"coverage"`           // 培训覆盖率
	Completion    int            `bson:"completion" json:"completion"`       // 结业率
	Certification int            `bson:"certification" json:"certification"` // 获证率
	Staffing      int            `bson:"staffing" json:"staffing"`           // 人员配备到位率
	Rating        int            `bson:"rating" json:"rating"`               // 服务对象评议
}

// Validate checks that the weights are not negative and add up to 100.
func (w AssessmentWeights) Validate() error {
	for _, v := range []int{w.Coverage, w.Completion, w.Certification, w.Staffing, w.Rating} {
		if v < 0 {
			return skillcert.Invalid("weights", "考核权重不能为负数")
		}
	}
	if s := w.Coverage + w.Completion + w.Certification + w.Staffing + w.Rating; s != 100 {
		return skillcert.Invalid("weights", "考核权重合计应为 100 分，现为 %d 分", s)
	}
	return nil
}

// WeightsAt is the version in force on day.
func WeightsAt(versions []AssessmentWeights, day skillcert.Date) (AssessmentWeights, error) {
	var best *AssessmentWeights
	for i := range versions {
		v := &versions[i]
		if !v.EffectiveFrom.After(day) && (best == nil || v.EffectiveFrom.After(best.EffectiveFrom)) {
			best = v
		}
	}
	if best == nil {
		return AssessmentWeights{}, skillcert.Errorf(skillcert.ENOTFOUND, "%s 没有生效的考核权重", day)
	}
	return *best, nil
}

// ScoreItem is one line of a scorecard: the rate, the weight and the
// points, with the computation in words.
type ScoreItem struct {
	Label       string   `json:"label"`
	Rate        Fraction `json:"rate"`
	Weight      int      `json:"weight"`
	Tenths      int64    `json:"tenths"` // points in tenths
	Computation string   `json:"computation"`
}

// Scorecard is a town's assessment for a year.
type Scorecard struct {
	Town     string      `json:"town"`
	TownName string      `json:"townName"`
	Items    []ScoreItem `json:"items"`
	Tenths   int64       `json:"tenths"` // total points in tenths, out of 1000
	Rank     int         `json:"rank"`
}

// Points is the total as text, e.g. 78.5.
func (s Scorecard) Points() string { return tenthsText(s.Tenths) }

func tenthsText(t int64) string { return fmt.Sprintf("%d.%d", t/10, t%10) }

// item scores a rate: weight × num ÷ den points, in tenths rounded half
// up; a rate without a denominator scores 0.
func item(label string, r Fraction, weight int, what string) ScoreItem {
	it := ScoreItem{Label: label, Rate: r, Weight: weight}
	if r.Den > 0 {
		num := r.Num
		if num > r.Den {
			num = r.Den
		}
		it.Tenths = (int64(weight)*10*num*2 + r.Den) / (2 * r.Den)
		it.Computation = fmt.Sprintf("%s %d ÷ %d = %s，× %d 分 = %s 分", what, r.Num, r.Den, r.String(), weight, tenthsText(it.Tenths))
	} else {
		it.Computation = fmt.Sprintf("%s：无数据，计 0 分", what)
	}
	return it
}

// Assessment is the yearly scorecards of the towns, ranked.
type Assessment struct {
	Year      int               `json:"year"`
	Weights   AssessmentWeights `json:"weights"`
	Cards     []Scorecard       `json:"cards"`
	AsOf      time.Time         `json:"asOf"`
	TownCount int               `json:"townCount"`
}

// AssessmentDeps are what the assessment reads beyond the summaries.
type AssessmentDeps struct {
	// Policy is the recruitment policy in force on a day (staffing norms).
	Policy func(ctx context.Context, day skillcert.Date) (recruitment.PolicyParams, error)
	// Ratings sums each town's course ratings of a year.
	Ratings func(ctx context.Context, year int) (map[string]RatingSums, error)
}

// RatingSums are a town's ratings: the count and the sum of all three
// scores (each 1–5).
type RatingSums struct{ Count, Total int64 }

// SetAssessmentDeps wires the assessment's dependencies.
func (s *Service) SetAssessmentDeps(d AssessmentDeps) { s.assess = d }

// Assess scores every town for a year: coverage (people completed ÷
// registered), completion rate, certification (people certified ÷ people
// completed), staffing (platform staff on post, capped at the norm, ÷ the
// norm of the town office and its villages) and the trainees' rating
// (score sum ÷ 15 per rating), each times its weight; towns are ranked by
// total (equal totals share a rank). A town's staff see their own card
// and rank only.
func (s *Service) Assess(ctx context.Context, a *skillcert.Actor, year int) (*Assessment, error) {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "您无权查看考核结果")
	}
	if year < 2000 || year > 2100 {
		return nil, skillcert.Invalid("year", "年度应在 2000 至 2100 之间")
	}
	end := skillcert.NewDate(year, 12, 31)
	w, err := s.WeightsInForce(ctx, end)
	if err != nil {
		return nil, err
	}
	city := &skillcert.Actor{AccountID: "system", Role: skillcert.RoleCityAdmin}
	r, err := s.Coverage(ctx, city, cityUnit, YearPeriod(year), 0)
	if err != nil {
		return nil, err
	}
	var policy recruitment.PolicyParams
	havePolicy := false
	if s.assess.Policy != nil {
		if p, err := s.assess.Policy(ctx, end); err == nil {
			policy, havePolicy = p, true
		} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
			return nil, err
		}
	}
	ratings := map[string]RatingSums{}
	if s.assess.Ratings != nil {
		if ratings, err = s.assess.Ratings(ctx, year); err != nil {
			return nil, err
		}
	}
	staff, err := s.staffByTown(ctx)
	if err != nil {
		return nil, err
	}
	as := &Assessment{Year: year, Weights: w, AsOf: r.AsOf, TownCount: len(r.Children)}
	for _, f := range r.Children {
		card := Scorecard{Town: f.Unit, TownName: f.UnitName}
		card.Items = append(card.Items,
			item("培训覆盖率", f.Coverage(dimAll), w.Coverage, "结业人数 ÷ 登记人数"),
			item("结业率", f.CompletionRate(), w.Completion, "结业人次 ÷ 评定人次"),
			item("获证率", Fraction{Num: f.Certified[dimAll], Den: f.Completed[dimAll]}, w.Certification, "获证人数 ÷ 结业人数"))
		if havePolicy {
			required := int64(recruitment.TownRequired(policy, s.population(f.Unit)))
			for _, v := range s.orgs.Villages(f.Unit) {
				required += int64(recruitment.VillageRequired(policy, v.Population))
			}
			card.Items = append(card.Items, item("人员配备到位率", Fraction{Num: min(staff[f.Unit], required), Den: required}, w.Staffing,
				fmt.Sprintf("在岗平台工作人员（不超过标准）÷ 配备标准（政策 %s）", policy.Version)))
		} else {
			card.Items = append(card.Items, item("人员配备到位率", Fraction{}, w.Staffing, "无生效的配备标准"))
		}
		rs := ratings[f.Unit]
		card.Items = append(card.Items, item("服务对象评议", Fraction{Num: rs.Total, Den: 15 * rs.Count}, w.Rating,
			fmt.Sprintf("%d 份评议得分合计 ÷ 满分", rs.Count)))
		for _, it := range card.Items {
			card.Tenths += it.Tenths
		}
		as.Cards = append(as.Cards, card)
	}
	sort.SliceStable(as.Cards, func(i, k int) bool { return as.Cards[i].Tenths > as.Cards[k].Tenths })
	for i := range as.Cards {
		as.Cards[i].Rank = i + 1
		if i > 0 && as.Cards[i].Tenths == as.Cards[i-1].Tenths {
			as.Cards[i].Rank = as.Cards[i-1].Rank
		}
	}
	if a.Role == skillcert.RoleTownStaff {
		var own []Scorecard
		for _, c := range as.Cards {
			if auth.CheckScope(a, c.Town, "") == nil {
				own = append(own, c)
			}
		}
		as.Cards = own
	}
	return as, nil
}

func (s *Service) population(code string) int {
	u, _ := s.orgs.Unit(code)
	return u.Population
}

// staffByTown reads the platform staff on post of every town from the
// staff summaries (one document of the city's children).
func (s *Service) staffByTown(ctx context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range s.orgs.Towns() {
		var d summaryDoc
		err := s.sums.FindOne(ctx, bsonID(staffID(t.Code)), &d)
		if err != nil && !isNotFound(err) {
			return nil, err
		}
		out[t.Code] = d.N
	}
	return out, nil
}
