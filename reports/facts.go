package reports

import (
	"slices"

	"skillcert"
	"skillcert/courses"
	"skillcert/roster"
)

// PersonFacts is what the reports know of one person: their place in the
// register now, and every enrollment and certificate of theirs that a
// figure can count. One document per person (collection report_people);
// the summaries are the sum of every person's contribution
// (contribution.go), so a change of one person is applied as the
// difference of their contribution before and after.
type PersonFacts struct {
	ID       string   `bson:"_id" json:"id"`
	Name     string   `bson:"name" json:"name"`
	IDMasked string   `bson:"idMasked" json:"idMasked"`
	Town     string   `bson:"town" json:"town"`
	Village  string   `bson:"village" json:"village"`
	Groups   []string `bson:"groups" json:"groups"`
	// Active is a confirmed record in the register; pending and deleted
	// people count nowhere.
	Active bool `bson:"active" json:"active"`
	// Registered is the day the person entered the register: the day the
	// record was created (China time), or the day of their first
	// enrollment, completion or certificate if earlier (a record imported
	// after the training it records).
	Registered  skillcert.Date   `bson:"registered" json:"registered"`
	Enrollments []EnrollmentFact `bson:"enrollments" json:"enrollments"`
	Certs       []CertFact       `bson:"certs" json:"certs"`
	// DoneDays are the days of the completions (sorted, unique), so the
	// outreach list finds the people without one in a period by index.
	DoneDays []string `bson:"doneDays" json:"doneDays"`
}

// EnrollmentFact is one enrollment as the figures read it.
type EnrollmentFact struct {
	Course     string         `bson:"course" json:"course"`
	CourseType courses.Type   `bson:"courseType" json:"courseType"`
	Enrolled   skillcert.Date `bson:"enrolled" json:"enrolled"` // day enrolled; zero if never enrolled (waitlisted, cancelled)
	// Evaluated is the day the completion was last evaluated, once the
	// course is completed (结业); zero before.
	Evaluated skillcert.Date `bson:"evaluated,omitempty" json:"evaluated"`
	Completed bool           `bson:"completed" json:"completed"`
	Attended  int            `bson:"attended" json:"attended"`
	Required  int            `bson:"required" json:"required"`
}

// CertFact is one certificate.
type CertFact struct {
	ID     string         `bson:"id" json:"id"`
	Kind   courses.Type   `bson:"kind" json:"kind"`
	Issued skillcert.Date `bson:"issued" json:"issued"`
	// Valid is false for a revoked or replaced certificate.
	Valid      bool           `bson:"valid" json:"valid"`
	ValidUntil skillcert.Date `bson:"validUntil,omitempty" json:"validUntil"`
}

// InGroup reports whether the person is in the target group.
func (p *PersonFacts) InGroup(g roster.TargetGroup) bool { return slices.Contains(p.Groups, string(g)) }

// normalize sorts what the facts hold, so equal facts are equal documents.
func (p *PersonFacts) normalize() {
	slices.SortFunc(p.Enrollments, func(a, b EnrollmentFact) int {
		if a.Course < b.Course {
			return -1
		}
		if a.Course > b.Course {
			return 1
		}
		return 0
	})
	slices.SortFunc(p.Certs, func(a, b CertFact) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	for _, e := range p.Enrollments {
		p.Registered = earliest(p.Registered, e.Enrolled)
		p.Registered = earliest(p.Registered, e.Evaluated)
	}
	for _, c := range p.Certs {
		p.Registered = earliest(p.Registered, c.Issued)
	}
	p.DoneDays = p.DoneDays[:0]
	for _, e := range p.Enrollments {
		if e.Completed && !e.Evaluated.IsZero() {
			p.DoneDays = append(p.DoneDays, e.Evaluated.String())
		}
	}
	slices.Sort(p.DoneDays)
	p.DoneDays = slices.Compact(p.DoneDays)
	if p.DoneDays == nil {
		p.DoneDays = []string{}
	}
}

// earliest is the earlier of two days; a zero day does not count unless
// both are zero.
func earliest(a, b skillcert.Date) skillcert.Date {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// PersonFigures is one person's part of the figures of one period.
type PersonFigures struct {
	Enrolled  bool // enrolled in at least one course in the period
	Completed bool // completed at least one course in the period
	ByType    map[courses.Type]bool
	Certified bool // holds a valid certificate issued in the period
	// Enrollments counts enrollments made in the period; Evaluated and
	// Passed the completions evaluated in it and those completed;
	// Attended and Required the sessions of the evaluated ones.
	Enrollments, Evaluated, Passed, Attended, Required int64
}

// counts reports whether the person counts in a period ending on end: in
// the register, confirmed, and registered on or before that day.
func (p *PersonFacts) counts(end skillcert.Date) bool {
	return p.Active && !p.Registered.IsZero() && !p.Registered.After(end)
}

// FiguresIn is the person's part of the figures of the period. This is
// the one definition of every numerator (docs/reports.md).
func (p *PersonFacts) FiguresIn(per Period) PersonFigures {
	f := PersonFigures{ByType: map[courses.Type]bool{}}
	if !p.counts(per.To) {
		return f
	}
	for _, e := range p.Enrollments {
		if per.Contains(e.Enrolled) {
			f.Enrolled = true
			f.Enrollments++
		}
		if per.Contains(e.Evaluated) {
			f.Evaluated++
			f.Attended += int64(e.Attended)
			f.Required += int64(e.Required)
			if e.Completed {
				f.Passed++
				f.Completed = true
				f.ByType[e.CourseType] = true
			}
		}
	}
	for _, c := range p.Certs {
		if c.Valid && per.Contains(c.Issued) {
			f.Certified = true
		}
	}
	return f
}

// lastJobPost is the day of the person's latest completed job-post
// course; zero if none.
func (p *PersonFacts) lastJobPost() skillcert.Date {
	var last skillcert.Date
	for _, e := range p.Enrollments {
		if e.Completed && e.CourseType == courses.TypeJobPost && e.Evaluated.After(last) {
			last = e.Evaluated
		}
	}
	return last
}
