package recruitment

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/roster"
	"skillcert/store"
)

// PolicyVersion is a stored version of the policy parameters. Versions are
// added, never changed: a post keeps the version it was opened under.
type PolicyVersion struct {
	PolicyParams `bson:",inline"`
	ID           string    `bson:"_id" json:"-"`
	CreatedBy    string    `bson:"createdBy" json:"createdBy"`
	CreatedAt    time.Time `bson:"createdAt" json:"createdAt"`
}

// PolicyInput is a new version as the city admin enters it; the effective
// date is YYYY-MM-DD.
type PolicyInput struct {
	PolicyParams
	EffectiveFrom string `json:"effectiveFrom"`
}

// policyVersions reads every version (a small reference collection).
func (s *Service) policyVersions(ctx context.Context) ([]PolicyVersion, error) {
	var out []PolicyVersion
	err := s.policies.Find(ctx, bson.D{}, &out)
	return out, err
}

func paramsOf(vs []PolicyVersion) []PolicyParams {
	out := make([]PolicyParams, len(vs))
	for i, v := range vs {
		out[i] = v.PolicyParams
	}
	return out
}

// PolicyInForce returns the policy parameters in force on day.
func (s *Service) PolicyInForce(ctx context.Context, day skillcert.Date) (PolicyParams, error) {
	vs, err := s.policyVersions(ctx)
	if err != nil {
		return PolicyParams{}, err
	}
	return PolicyAt(paramsOf(vs), day)
}

// PolicyVersions lists the versions, the latest effective date first.
// The city and the towns may read them.
func (s *Service) PolicyVersions(ctx context.Context, a *skillcert.Actor, page skillcert.PageRequest) (skillcert.Page[PolicyVersion], error) {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return skillcert.Page[PolicyVersion]{}, skillcert.Errorf(skillcert.EFORBIDDEN, "您无权查看政策参数")
	}
	vs, err := s.policyVersions(ctx)
	if err != nil {
		return skillcert.Page[PolicyVersion]{}, err
	}
	slices.SortFunc(vs, func(x, y PolicyVersion) int { return y.EffectiveFrom.Compare(x.EffectiveFrom) })
	total := int64(len(vs))
	from := min(int(page.Skip()), len(vs))
	to := min(from+int(page.Limit()), len(vs))
	return skillcert.NewPage(vs[from:to], total, page), nil
}

// AddPolicyVersion adds a version of the policy parameters (city admin
// only). It takes effect from its date on, which may not lie in the past:
// posts already opened keep their version, and what was in force on a past
// day never changes.
func (s *Service) AddPolicyVersion(ctx context.Context, a *skillcert.Actor, in PolicyInput) (*PolicyVersion, error) {
	const action = "recruitment.policy.create"
	if err := cityOnly(a, "修改政策参数"); err != nil {
		return nil, s.denied(ctx, a, action, "policy", in.Version, err)
	}
	p, err := s.policyFromInput(in)
	if err != nil {
		return nil, err
	}
	day := p.EffectiveFrom
	existing, err := s.policyVersions(ctx)
	if err != nil {
		return nil, err
	}
	p.SubsidyParams = inheritSubsidyParams(paramsOf(existing), p)
	if err := ValidateVersions(append(paramsOf(existing), p)); err != nil {
		return nil, err
	}
	v := &PolicyVersion{PolicyParams: p, ID: p.Version, CreatedBy: actorID(a), CreatedAt: s.stamp()}
	if err := s.policies.InsertOne(ctx, v); err != nil {
		if store.IsDuplicate(err) {
			return nil, &skillcert.Error{Code: skillcert.ECONFLICT, Field: "version", Message: fmt.Sprintf("政策参数版本号“%s”已存在", p.Version)}
		}
		return nil, err
	}
	detail := fmt.Sprintf("自 %s 起生效：年龄上限 %d 周岁，最低学历%s，公示 %d 个工作日", day.String(), p.AgeLimit, p.MinEducation.Label(), p.NoticeWorkingDays)
	return v, s.ok(ctx, a, action, "policy", v.ID, detail)
}

// policyFromInput normalizes an entered version and checks that its date
// is today or later (China time).
func (s *Service) policyFromInput(in PolicyInput) (PolicyParams, error) {
	p := in.PolicyParams
	p.Version = strings.TrimSpace(p.Version)
	p.Source = strings.TrimSpace(p.Source)
	if lvl, err := roster.ParseEducation(string(p.MinEducation)); err == nil {
		p.MinEducation = lvl // the code, whether the code or the label was given
	}
	day, err := ParseDay("effectiveFrom", "生效日期", in.EffectiveFrom)
	if err != nil {
		return PolicyParams{}, err
	}
	p.EffectiveFrom = day
	if today := s.Today(); day.Before(today) {
		return PolicyParams{}, skillcert.Invalid("effectiveFrom", "生效日期 %s 早于今天 %s；新版本只能从今天或以后生效", day.String(), today.String())
	}
	return p, nil
}

// HolidayYear is one year's holiday arrangement as the city entered it:
// the days off (法定节假日 and days off in lieu) and the weekend days worked
// (调休上班), as YYYY-MM-DD.
type HolidayYear struct {
	Year            int       `json:"year"`
	DaysOff         []string  `json:"daysOff"`
	WorkingWeekends []string  `json:"workingWeekends"`
	UpdatedBy       string    `json:"updatedBy,omitempty"`
	UpdatedAt       time.Time `json:"updatedAt,omitzero"`
}

// HolidayInput is a year's arrangement as entered, dates YYYY-MM-DD.
type HolidayInput struct {
	DaysOff         []string `json:"daysOff"`
	WorkingWeekends []string `json:"workingWeekends"`
}

type holidayDoc struct {
	Year            int              `bson:"_id"`
	DaysOff         []skillcert.Date `bson:"daysOff"`
	WorkingWeekends []skillcert.Date `bson:"workingWeekends"`
	UpdatedBy       string           `bson:"updatedBy"`
	UpdatedAt       time.Time        `bson:"updatedAt"`
}

func checkYear(year int) error {
	if year < 2000 || year > 2100 {
		return skillcert.Invalid("year", "年份 %d 无效，应在 2000 至 2100 之间", year)
	}
	return nil
}

func formatDays(ds []skillcert.Date) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.String())
	}
	slices.Sort(out)
	return out
}

// HolidayCalendar returns a year's arrangement; a year the city has not
// entered comes back empty (every weekday works).
func (s *Service) HolidayCalendar(ctx context.Context, a *skillcert.Actor, year int) (*HolidayYear, error) {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "您无权查看节假日安排")
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	var d holidayDoc
	err := s.calendars.FindOne(ctx, bson.D{{Key: "_id", Value: year}}, &d)
	if store.IsNotFound(err) {
		return &HolidayYear{Year: year, DaysOff: []string{}, WorkingWeekends: []string{}}, nil
	}
	if err != nil {
		return nil, err
	}
	return &HolidayYear{Year: year, DaysOff: formatDays(d.DaysOff), WorkingWeekends: formatDays(d.WorkingWeekends), UpdatedBy: d.UpdatedBy, UpdatedAt: d.UpdatedAt}, nil
}

// SetHolidayCalendar replaces a year's arrangement (city admin only). Every
// date must fall in the year; working weekend days must be Saturdays or
// Sundays and not also days off.
func (s *Service) SetHolidayCalendar(ctx context.Context, a *skillcert.Actor, year int, in HolidayInput) (*HolidayYear, error) {
	const action = "recruitment.holidays.set"
	if err := cityOnly(a, "设置节假日安排"); err != nil {
		return nil, s.denied(ctx, a, action, "holidays", fmt.Sprint(year), err)
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	parse := func(field, what string, items []string) ([]skillcert.Date, error) {
		out := []skillcert.Date{}
		seen := map[skillcert.Date]bool{}
		for _, s := range items {
			if strings.TrimSpace(s) == "" {
				continue
			}
			d, err := ParseDay(field, what, s)
			if err != nil {
				return nil, err
			}
			if d.Year != year {
				return nil, skillcert.Invalid(field, "%s %s 不在 %d 年内", what, d.String(), year)
			}
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
		if len(out) > 60 {
			return nil, skillcert.Invalid(field, "%s最多 60 天，当前为 %d 天", what, len(out))
		}
		return out, nil
	}
	off, err := parse("daysOff", "放假日", in.DaysOff)
	if err != nil {
		return nil, err
	}
	on, err := parse("workingWeekends", "调休上班日", in.WorkingWeekends)
	if err != nil {
		return nil, err
	}
	if err := (HolidayCalendar{DaysOff: off, WorkingWeekends: on}).Validate(); err != nil {
		return nil, err
	}
	d := holidayDoc{Year: year, DaysOff: off, WorkingWeekends: on, UpdatedBy: actorID(a), UpdatedAt: s.stamp()}
	if _, err := s.calendars.ReplaceOne(ctx, bson.D{{Key: "_id", Value: year}}, d, options.Replace().SetUpsert(true)); err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("放假 %d 天，调休上班 %d 天", len(off), len(on))
	if err := s.ok(ctx, a, action, "holidays", fmt.Sprint(year), detail); err != nil {
		return nil, err
	}
	return &HolidayYear{Year: year, DaysOff: formatDays(off), WorkingWeekends: formatDays(on), UpdatedBy: d.UpdatedBy, UpdatedAt: d.UpdatedAt}, nil
}

// calendarFrom merges the arrangements of the year of from and the next,
// enough for any notice that starts on from.
func (s *Service) calendarFrom(ctx context.Context, from skillcert.Date) (HolidayCalendar, error) {
	y := from.Year
	var docs []holidayDoc
	if err := s.calendars.Find(ctx, bson.D{{Key: "_id", Value: inList([]int{y, y + 1})}}, &docs); err != nil {
		return HolidayCalendar{}, err
	}
	var cal HolidayCalendar
	for _, d := range docs {
		cal.DaysOff = append(cal.DaysOff, d.DaysOff...)
		cal.WorkingWeekends = append(cal.WorkingWeekends, d.WorkingWeekends...)
	}
	return cal, nil
}
