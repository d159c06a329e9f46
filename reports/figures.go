package reports

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/auth"
	"skillcert/courses"
	"skillcert/orgs"
	"skillcert/roster"
	"skillcert/store"
)

// Figures are the coverage figures of one unit for one period
// (docs/reports.md defines each).
type Figures struct {
	Unit     string `json:"unit"` // "city", a town or a village code
	UnitName string `json:"unitName"`
	// Registered, Enrolled, Completed and Certified count people, by
	// "all" and by target group.
	Registered map[string]int64 `json:"registered"`
	Enrolled   map[string]int64 `json:"enrolled"`
	Completed  map[string]int64 `json:"completed"`
	Certified  map[string]int64 `json:"certified"`
	// ByType counts the people who completed a course of each type.
	ByType map[string]int64 `json:"byType"`
	// Enrollments, Evaluated, Passed, Attended, Required count
	// enrollments and sessions (see PersonFigures).
	Enrollments int64 `json:"enrollments"`
	Evaluated   int64 `json:"evaluated"`
	Passed      int64 `json:"passed"`
	Attended    int64 `json:"attended"`
	Required    int64 `json:"required"`
}

func newFigures(unit, name string) Figures {
	return Figures{Unit: unit, UnitName: name, Registered: map[string]int64{}, Enrolled: map[string]int64{},
		Completed: map[string]int64{}, Certified: map[string]int64{}, ByType: map[string]int64{}}
}

// Coverage is the share of the group (or "all") in the register who
// completed training in the period.
func (f Figures) Coverage(group string) Fraction {
	return Fraction{Num: f.Completed[group], Den: f.Registered[group]}
}

// TypeCoverage is the share of everyone in the register who completed a
// course of the type.
func (f Figures) TypeCoverage(t courses.Type) Fraction {
	return Fraction{Num: f.ByType[string(t)], Den: f.Registered[dimAll]}
}

// CompletionRate is the completions evaluated in the period that passed.
func (f Figures) CompletionRate() Fraction { return Fraction{Num: f.Passed, Den: f.Evaluated} }

// AttendanceRate is the sessions attended of those required, over the
// completions evaluated in the period.
func (f Figures) AttendanceRate() Fraction { return Fraction{Num: f.Attended, Den: f.Required} }

// addPerson adds one person's part to the figures (the from–to path and
// the brute-force tests).
func (f *Figures) addPerson(p *PersonFacts, per Period) {
	if !p.counts(per.To) {
		return
	}
	pf := p.FiguresIn(per)
	for _, g := range append([]string{dimAll}, p.Groups...) {
		f.Registered[g]++
		f.Enrolled[g] += boolInt(pf.Enrolled)
		f.Completed[g] += boolInt(pf.Completed)
		f.Certified[g] += boolInt(pf.Certified)
	}
	for t, ok := range pf.ByType {
		f.ByType[string(t)] += boolInt(ok)
	}
	f.Enrollments += pf.Enrollments
	f.Evaluated += pf.Evaluated
	f.Passed += pf.Passed
	f.Attended += pf.Attended
	f.Required += pf.Required
}

// summaryDoc is a staff or meta summary document as read.
type summaryDoc struct {
	ID     string           `bson:"_id"`
	AsOf   time.Time        `bson:"asOf"`
	Layout int              `bson:"layout"`
	N      int64            `bson:"n"`  // staff: people
	JP     map[string]int64 `bson:"jp"` // staff: latest job-post month → people
	EX     map[string]int64 `bson:"ex"` // staff: certificate expiry month → certificates
}

type bsonNums = map[string]int64

// covDoc is a unit's figures of one standard period (cov), or one
// child's part of a covc document.
type covDoc struct {
	EN bsonNums `bson:"en"`
	CO bsonNums `bson:"co"`
	CE bsonNums `bson:"ce"`
	R  bsonNums `bson:"r"`
	TY bsonNums `bson:"ty"`
	N  bsonNums `bson:"n"`
	// C holds each child's figures (covc documents).
	C map[string]*covDoc `bson:"c"`
}

// histDoc is a unit's registrations by year and completions by month
// (hist), or one child's part of a histc document.
type histDoc struct {
	Y map[string]bsonNums `bson:"y"` // year → dim → people registered
	T map[string]bsonNums `bson:"t"` // year → month "01".."12" → people completing
	// C holds each child's registrations (histc documents).
	C map[string]*histDoc `bson:"c"`
}

// child is a child's part of a covc document; nil if none.
func (d *covDoc) child(code string) *covDoc {
	if d == nil {
		return nil
	}
	return d.C[code]
}

// child is a child's part of a histc document; nil if none.
func (d *histDoc) child(code string) *histDoc {
	if d == nil {
		return nil
	}
	return d.C[code]
}

// fill sets f from a unit's cov document of a standard period and its
// hist document: registered is everyone registered in an earlier year
// plus those registered in the period's year by its last day.
func fill(f *Figures, cov *covDoc, hist *histDoc, per Period) {
	if hist != nil {
		year := strconv.Itoa(per.Year)
		for y, dims := range hist.Y {
			if len(y) == len(year) && y < year {
				for g, n := range dims {
					f.Registered[g] += n
				}
			}
		}
	}
	if cov == nil {
		return
	}
	for g, n := range cov.R {
		f.Registered[g] += n
	}
	for g, n := range cov.EN {
		f.Enrolled[g] = n
	}
	for g, n := range cov.CO {
		f.Completed[g] = n
	}
	for g, n := range cov.CE {
		f.Certified[g] = n
	}
	for t, n := range cov.TY {
		f.ByType[t] = n
	}
	c := cov.N
	f.Enrollments, f.Evaluated, f.Passed, f.Attended, f.Required = c["enr"], c["ev"], c["pa"], c["at"], c["rq"]
}

// Report is a unit's coverage for a period with its children's, the
// monthly trend beside the previous year's, and its platform staff.
type Report struct {
	Period   Period    `json:"period"`
	Unit     Figures   `json:"unit"`
	Children []Figures `json:"children"`
	// ChildLevel says what the children are: 镇（街道） or 村（社区）; empty
	// for a village.
	ChildLevel string `json:"childLevel"`
	// Trend is people completing training per month of the period's year
	// and of the year before (standard periods only).
	Trend []TrendPoint `json:"trend"`
	Staff StaffFigures `json:"staff"`
	AsOf  time.Time    `json:"asOf"`
	// FromSummaries is false for a from–to range, computed from the facts.
	FromSummaries bool `json:"fromSummaries"`
}

// TrendPoint is one month of the trend.
type TrendPoint struct {
	Month    int   `json:"month"`
	People   int64 `json:"people"`
	Previous int64 `json:"previous"`
}

// StaffFigures are the platform staff (基层平台工作人员) of the unit:
// those on post, those who completed job-post training within the last
// Months months (by month of completion), and their certificates expiring
// from this month to the end of the month after next.
type StaffFigures struct {
	OnPost   int64 `json:"onPost"`
	Months   int   `json:"months"`
	Trained  int64 `json:"trained"`
	Expiring int64 `json:"expiring"`
}

// Share is the share of the staff on post trained within the months.
func (s StaffFigures) Share() Fraction { return Fraction{Num: s.Trained, Den: s.OnPost} }

// DefaultStaffMonths is the default look-back of job-post training.
const DefaultStaffMonths = 12

// checkUnit decides the actor's access to a unit's figures: the city's
// admin every unit, a town's staff their town and its villages, a
// village's staff their village.
func (s *Service) checkUnit(a *skillcert.Actor, unit string) (orgs.Unit, string, error) {
	if unit == "" || unit == cityUnit {
		if err := auth.CheckScope(a, "", ""); err != nil {
			return orgs.Unit{}, "", err
		}
		return s.orgs.City(), cityUnit, nil
	}
	u, ok := s.orgs.Unit(unit)
	if !ok {
		return orgs.Unit{}, "", skillcert.Errorf(skillcert.ENOTFOUND, "找不到编码为 %s 的单位", unit)
	}
	town, village := u.Code, ""
	if u.Type.IsVillageLevel() {
		town, village = u.Parent, u.Code
	}
	if err := auth.CheckScope(a, town, village); err != nil {
		return orgs.Unit{}, "", err
	}
	return u, u.Code, nil
}

// children are the units under u whose figures the report lists.
func (s *Service) children(u orgs.Unit, key string) ([]orgs.Unit, string) {
	switch {
	case key == cityUnit:
		return s.orgs.Towns(), "镇（街道）"
	case u.Type.IsTownLevel():
		return s.orgs.Villages(u.Code), "村（社区）"
	}
	return nil, ""
}

// Coverage is the report of a unit ("" or "city" for the city) for a
// period. A standard period reads a fixed number of small summary
// documents, each by _id, whatever the size of the register; a from–to range
// reads the unit's per-person facts.
func (s *Service) Coverage(ctx context.Context, a *skillcert.Actor, unit string, per Period, staffMonths int) (*Report, error) {
	u, key, err := s.checkUnit(a, unit)
	if err != nil {
		return nil, err
	}
	if staffMonths <= 0 {
		staffMonths = DefaultStaffMonths
	}
	kids, level := s.children(u, key)
	r := &Report{Period: per, ChildLevel: level, Unit: newFigures(key, u.Name), FromSummaries: per.Kind != PeriodRange}
	if per.Kind == PeriodRange {
		return r, s.coverageFromFacts(ctx, r, key, u, kids)
	}
	// A fixed handful of small documents, each read by its _id alone (the
	// one filter the embedded engine answers by index): meta, the unit's
	// figures of the period, its history (registrations by year, trend)
	// and staff; for a city or town its children's figures of the period
	// and their registrations by year.
	var meta, staff summaryDoc
	var cov, kidsCov covDoc
	var hist, kidsHist histDoc
	type read struct {
		id  string
		out any // left zero when the document does not exist
	}
	reads := []read{{metaID, &meta}, {covID(per.Year, per.Key(), key), &cov}, {histID(key), &hist}, {staffID(key), &staff}}
	if len(kids) > 0 {
		reads = append(reads, read{covcID(per.Year, per.Key(), key), &kidsCov}, read{histcID(key), &kidsHist})
	}
	for _, rd := range reads {
		if err := s.sums.FindOne(ctx, bsonID(rd.id), rd.out); err != nil && !store.IsNotFound(err) {
			return nil, err
		}
	}
	r.AsOf = meta.AsOf
	fill(&r.Unit, &cov, &hist, per)
	for _, k := range kids {
		f := newFigures(k.Code, k.Name)
		fill(&f, kidsCov.child(k.Code), kidsHist.child(k.Code), per)
		r.Children = append(r.Children, f)
	}
	cur, prev := hist.T[strconv.Itoa(per.Year)], hist.T[strconv.Itoa(per.Year-1)]
	for m := 1; m <= 12; m++ {
		mm := fmt.Sprintf("%02d", m)
		r.Trend = append(r.Trend, TrendPoint{Month: m, People: cur[mm], Previous: prev[mm]})
	}
	r.Staff = staffFrom(&staff, s.Today(), staffMonths)
	return r, nil
}

func staffFrom(d *summaryDoc, today skillcert.Date, months int) StaffFigures {
	st := StaffFigures{Months: months}
	st.OnPost = d.N
	since := monthKey(skillcert.NewDate(today.Year, today.Month-time.Month(months), 1))
	for k, n := range d.JP {
		if k != noneKey && k >= since {
			st.Trained += n
		}
	}
	from, to := monthKey(today), monthKey(skillcert.NewDate(today.Year, today.Month+3, 0))
	for k, n := range d.EX {
		if k >= from && k <= to {
			st.Expiring += n
		}
	}
	return st
}

// coverageFromFacts fills a from–to report from the per-person facts of
// the unit (a scan of the unit's people on the embedded engine).
func (s *Service) coverageFromFacts(ctx context.Context, r *Report, key string, u orgs.Unit, kids []orgs.Unit) error {
	filter := bson.D{}
	switch {
	case key == cityUnit:
		filter = bson.D{{Key: "town", Value: bson.D{{Key: "$exists", Value: true}}}}
	case u.Type.IsTownLevel():
		filter = bson.D{{Key: "town", Value: u.Code}}
	default:
		filter = bson.D{{Key: "town", Value: u.Parent}, {Key: "village", Value: u.Code}}
	}
	var people []PersonFacts
	if err := s.people.Find(ctx, filter, &people); err != nil {
		return err
	}
	idx := map[string]int{}
	for i, k := range kids {
		idx[k.Code] = i
		r.Children = append(r.Children, newFigures(k.Code, k.Name))
	}
	for i := range people {
		p := &people[i]
		r.Unit.addPerson(p, r.Period)
		child := p.Village
		if key == cityUnit {
			child = p.Town
		}
		if j, ok := idx[child]; ok {
			r.Children[j].addPerson(p, r.Period)
		}
	}
	var meta summaryDoc
	if err := s.sums.FindOne(ctx, bson.D{{Key: "_id", Value: metaID}}, &meta); err == nil {
		r.AsOf = meta.AsOf
	}
	return nil
}

// OutreachRow is a person of the outreach list: ID number masked.
type OutreachRow struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	IDMasked string `json:"idMasked"`
}

// Outreach lists the people of the target group in the village, in the
// register at the period's end, who completed no course in the period
// (待培训名单), by name.
func (s *Service) Outreach(ctx context.Context, a *skillcert.Actor, village string, group roster.TargetGroup, per Period, page skillcert.PageRequest) (skillcert.Page[OutreachRow], error) {
	u, _, err := s.checkUnit(a, village)
	if err != nil {
		return skillcert.Page[OutreachRow]{}, err
	}
	if !u.Type.IsVillageLevel() {
		return skillcert.Page[OutreachRow]{}, skillcert.Invalid("village", "待培训名单按村（社区）查看，请选择一个村（社区）")
	}
	if !group.Valid() {
		return skillcert.Page[OutreachRow]{}, skillcert.Invalid("group", "请选择人员类别")
	}
	filter := outreachFilter(u.Code, group, per)
	var rows []OutreachRow
	page = page.Normalize()
	if err := s.people.Find(ctx, filter, &rows, options.Find().
		SetSort(bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}).
		SetSkip(page.Skip()).SetLimit(page.Limit()).
		SetProjection(bson.D{{Key: "name", Value: 1}, {Key: "idMasked", Value: 1}})); err != nil {
		return skillcert.Page[OutreachRow]{}, err
	}
	n, err := s.people.Count(ctx, filter)
	if err != nil {
		return skillcert.Page[OutreachRow]{}, err
	}
	if rows == nil {
		rows = []OutreachRow{}
	}
	return skillcert.NewPage(rows, n, page), nil
}

func outreachFilter(village string, group roster.TargetGroup, per Period) bson.D {
	var days []string
	for d := per.From; !d.After(per.To); d = d.AddDays(1) {
		days = append(days, d.String())
	}
	return bson.D{
		{Key: "village", Value: village},
		{Key: "groups", Value: string(group)},
		{Key: "active", Value: true},
		{Key: "registered", Value: bson.D{{Key: "$lte", Value: per.To.String()}}},
		{Key: "doneDays", Value: bson.D{{Key: "$nin", Value: days}}},
	}
}

// TypeOrder lists the course types for reports.
var TypeOrder = slices.Clone(courses.Types)
