package reports

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"skillcert"
	"skillcert/courses"
	"skillcert/orgs"
	"skillcert/roster"
	"skillcert/store"
)

// A generated world of raw records, the way the platform stores them
// (instants in UTC), for the brute-force comparison.

type rawPerson struct {
	id, name, town, village string
	groups                  []string
	active, deleted         bool
	created                 time.Time
}

type rawEnrollment struct {
	person, course string
	ctype          courses.Type
	status         courses.EnrollmentStatus
	enrolledAt     time.Time
	courseDone     bool // the course is completed (结业)
	evaluatedAt    time.Time
	completed      bool
	attended, req  int
}

type rawCert struct {
	id, person string
	kind       courses.Type
	issued     skillcert.Date
	status     string // valid, revoked, superseded
	validUntil skillcert.Date
}

type world struct {
	mu          sync.Mutex
	people      map[string]*rawPerson
	enrollments []*rawEnrollment
	certs       []*rawCert
}

func testTree() *orgs.Tree {
	units := []orgs.Unit{{Code: "C", Name: "测试市", Type: orgs.TypeCity}}
	for t := 1; t <= 3; t++ {
		tc := fmt.Sprintf("T%d", t)
		units = append(units, orgs.Unit{Code: tc, Name: fmt.Sprintf("镇%d", t), Type: orgs.TypeTown, Parent: "C", Town: tc, Order: t})
		for v := 1; v <= 2; v++ {
			vc := fmt.Sprintf("%sV%d", tc, v)
			units = append(units, orgs.Unit{Code: vc, Name: fmt.Sprintf("镇%d村%d", t, v), Type: orgs.TypeVillage, Parent: tc, Town: tc, Order: v})
		}
	}
	return orgs.NewTree(units)
}

var villages = []string{"T1V1", "T1V2", "T2V1", "T2V2", "T3V1", "T3V2"}

// cst builds an instant from a China-time wall clock.
func cst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, skillcert.CST).UTC()
}

func genWorld(seed uint64, n int) *world {
	r := rand.New(rand.NewPCG(seed, 7))
	w := &world{people: map[string]*rawPerson{}}
	groups := []string{string(roster.GroupEnterpriseWorker), string(roster.GroupLandlessFarmer),
		string(roster.GroupEmploymentDifficult), string(roster.GroupPlatformStaff)}
	rnd := func(y int) time.Time {
		return cst(y, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60))
	}
	for i := range n {
		v := villages[r.IntN(len(villages))]
		p := &rawPerson{id: fmt.Sprintf("p%04d", i), name: fmt.Sprintf("人%04d", i), town: v[:2], village: v,
			active: r.IntN(10) > 0, created: rnd(2024 + r.IntN(3))}
		for _, g := range groups {
			if r.IntN(3) == 0 {
				p.groups = append(p.groups, g)
			}
		}
		w.people[p.id] = p
		for k := range r.IntN(4) {
			e := &rawEnrollment{person: p.id, course: fmt.Sprintf("c%d", r.IntN(40)+k*40), ctype: courses.Types[r.IntN(3)],
				status: courses.EnrollmentEnrolled, enrolledAt: rnd(2025 + r.IntN(2))}
			switch r.IntN(8) {
			case 0:
				e.status = courses.EnrollmentCancelled
			case 1:
				e.status = courses.EnrollmentWaitlisted
			}
			if r.IntN(3) > 0 {
				e.courseDone = true
				e.evaluatedAt = e.enrolledAt.Add(time.Duration(r.IntN(90*24)) * time.Hour)
				e.req = 10
				e.attended = 5 + r.IntN(6)
				e.completed = e.attended >= 8
			}
			w.enrollments = append(w.enrollments, e)
			if e.completed && r.IntN(2) == 0 {
				c := &rawCert{id: fmt.Sprintf("x%d", len(w.certs)), person: p.id, kind: e.ctype,
					issued: skillcert.DateOf(e.evaluatedAt).AddDays(r.IntN(20)), status: "valid"}
				if r.IntN(6) == 0 {
					c.status = "revoked"
				}
				if r.IntN(2) == 0 {
					c.validUntil = c.issued.AddDays(365 * 2)
				}
				w.certs = append(w.certs, c)
			}
		}
	}
	return w
}

// source serves the world as the platform's source does.
type source struct{ w *world }

func (s source) facts(p *rawPerson) PersonFacts {
	f := PersonFacts{ID: p.id, Name: p.name, IDMasked: "330483********" + p.id[1:], Town: p.town, Village: p.village,
		Groups: append([]string{}, p.groups...), Active: p.active, Registered: skillcert.DateOf(p.created)}
	for _, e := range s.w.enrollments {
		if e.person != p.id || e.status != courses.EnrollmentEnrolled {
			continue
		}
		ef := EnrollmentFact{Course: e.course, CourseType: e.ctype, Enrolled: skillcert.DateOf(e.enrolledAt)}
		if e.courseDone {
			ef.Evaluated, ef.Completed, ef.Attended, ef.Required = skillcert.DateOf(e.evaluatedAt), e.completed, e.attended, e.req
		}
		f.Enrollments = append(f.Enrollments, ef)
	}
	for _, c := range s.w.certs {
		if c.person == p.id {
			f.Certs = append(f.Certs, CertFact{ID: c.id, Kind: c.kind, Issued: c.issued, Valid: c.status == "valid", ValidUntil: c.validUntil})
		}
	}
	return f
}

func (s source) PersonFacts(_ context.Context, id string) (PersonFacts, error) {
	s.w.mu.Lock()
	defer s.w.mu.Unlock()
	p, ok := s.w.people[id]
	if !ok || p.deleted {
		return PersonFacts{}, store.ErrNotFound
	}
	return s.facts(p), nil
}

func (s source) EachPersonFacts(_ context.Context, fn func(PersonFacts) error, progress func(int, int)) error {
	s.w.mu.Lock()
	var list []PersonFacts
	for _, id := range s.w.ids() {
		if p := s.w.people[id]; !p.deleted {
			list = append(list, s.facts(p))
		}
	}
	s.w.mu.Unlock()
	for i, f := range list {
		if err := fn(f); err != nil {
			return err
		}
		progress(i+1, len(list))
	}
	return nil
}

func (w *world) ids() []string {
	var ids []string
	for id := range w.people {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// brute computes a unit's figures for a period straight from the raw
// records, following docs/reports.md word by word.
func (w *world) brute(unit string, per Period) Figures {
	f := newFigures(unit, "")
	in := func(t time.Time) bool {
		d := t.In(skillcert.CST)
		day := skillcert.NewDate(d.Year(), d.Month(), d.Day())
		return !t.IsZero() && !day.Before(per.From) && !day.After(per.To)
	}
	for _, id := range w.ids() {
		p := w.people[id]
		if p.deleted || !p.active {
			continue
		}
		if unit != cityUnit && p.town != unit && p.village != unit {
			continue
		}
		// in the register at the period's end (China time)
		if !w.inRegisterBy(p, per.To) {
			continue
		}
		var enrolled, completed, certified bool
		types := map[courses.Type]bool{}
		for _, e := range w.enrollments {
			if e.person != id || e.status != courses.EnrollmentEnrolled {
				continue
			}
			if in(e.enrolledAt) {
				enrolled = true
				f.Enrollments++
			}
			if e.courseDone && in(e.evaluatedAt) {
				f.Evaluated++
				f.Attended += int64(e.attended)
				f.Required += int64(e.req)
				if e.completed {
					f.Passed++
					completed = true
					types[e.ctype] = true
				}
			}
		}
		for _, c := range w.certs {
			if c.person == id && c.status == "valid" && !c.issued.Before(per.From) && !c.issued.After(per.To) {
				certified = true
			}
		}
		for _, g := range append([]string{dimAll}, p.groups...) {
			f.Registered[g]++
			if enrolled {
				f.Enrolled[g]++
			}
			if completed {
				f.Completed[g]++
			}
			if certified {
				f.Certified[g]++
			}
		}
		for t := range types {
			f.ByType[string(t)]++
		}
	}
	return f
}

// bruteOutreach lists the village's people of the group in the register
// at the period's end without a completion in it, by name.
func (w *world) bruteOutreach(village, group string, per Period) []string {
	var names []string
	for _, id := range w.ids() {
		p := w.people[id]
		if p.deleted || !p.active || p.village != village || !w.inRegisterBy(p, per.To) {
			continue
		}
		in := false
		for _, g := range p.groups {
			in = in || g == group
		}
		if !in {
			continue
		}
		done := false
		for _, e := range w.enrollments {
			if e.person == id && e.status == courses.EnrollmentEnrolled && e.courseDone && e.completed {
				d := skillcert.DateOf(e.evaluatedAt)
				done = done || (!d.Before(per.From) && !d.After(per.To))
			}
		}
		if !done {
			names = append(names, p.name)
		}
	}
	sort.Strings(names)
	return names
}

// inRegisterBy: created before the end of the day, or anything of theirs
// (a seat-holding enrollment, its completion, a certificate) happened by then.
func (w *world) inRegisterBy(p *rawPerson, day skillcert.Date) bool {
	end := day.AddDays(1).Start()
	if p.created.Before(end) {
		return true
	}
	for _, e := range w.enrollments {
		if e.person == p.id && e.status == courses.EnrollmentEnrolled &&
			(e.enrolledAt.Before(end) || (e.courseDone && e.evaluatedAt.Before(end))) {
			return true
		}
	}
	for _, c := range w.certs {
		if c.person == p.id && !c.issued.After(day) {
			return true
		}
	}
	return false
}
