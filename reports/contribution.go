package reports

import (
	"fmt"

	"skillcert"
)

// The summary documents (collection report_summaries), each read by _id.
// Every document the coverage page reads holds one unit (or one parent's
// children) and at most one standard period, so its size is bounded by
// units × periods, never by people (docs/benchmarks.md: a page that read
// one document per parent holding all 17 periods of all its children
// decoded most of a megabyte per view):
//
//	cov:<year>:<period>:<unit>   the unit's figures of one standard period
//	covc:<year>:<period>:<unit>  the same figures of each child of the unit,
//	                             under c.<child>.
//	hist:<unit>                  people registered by year of registration,
//	                             and people completing training by month
//	histc:<unit>                 each child's registrations by year, under c.<child>.
//	staff:<unit>                 platform staff: by month of their latest
//	                             job-post completion, and their certificates
//	                             by expiry month
//
// <unit> is "city", a town code or a village code; <period> is Period.Key
// (Y, Q1..Q4, M01..M12). Paths inside cov and covc: en.<dim> (people
// enrolled), co.<dim> (people completed), ce.<dim> (people certified),
// r.<dim> (people registered in <year> on or before the period's last day)
// with dim "all" or a target group; ty.<course type> (people completed by
// course type); n.<counter> (enr, ev, pa, at, rq). Paths inside hist:
// y.<year>.<dim> (people registered in the year), t.<year>.<MM> (people
// completing training in the month). The registered of a period is the
// sum of y over the earlier years plus the period's r.
const (
	cityUnit = "city"
	dimAll   = "all"
	noneKey  = "none"
)

// summaryLayout is the version of the layout above; meta.layout holds the
// version the stored summaries were written in, and a service finding an
// older one rebuilds them (MigrateLayout). Version 1 (no layout field)
// held cov:<year>:<unit> with all 17 periods, reg:<unit> by month, and the
// children of a parent in covp:<year>:<unit> and regp:<unit>.
const summaryLayout = 2

func covID(year int, key, unit string) string  { return fmt.Sprintf("cov:%d:%s:%s", year, key, unit) }
func covcID(year int, key, unit string) string { return fmt.Sprintf("covc:%d:%s:%s", year, key, unit) }
func histID(unit string) string                { return "hist:" + unit }
func histcID(parent string) string             { return "histc:" + parent }
func staffID(unit string) string               { return "staff:" + unit }

// monthKey is "YYYYMM" of a day.
func monthKey(d skillcert.Date) string { return fmt.Sprintf("%04d%02d", d.Year, int(d.Month)) }

// Delta is a set of increments: summary document ID → path → amount.
type Delta map[string]map[string]int64

func (d Delta) add(doc, path string, n int64) {
	if n == 0 {
		return
	}
	m := d[doc]
	if m == nil {
		m = map[string]int64{}
		d[doc] = m
	}
	m[path] += n
	if m[path] == 0 {
		delete(m, path)
		if len(m) == 0 {
			delete(d, doc)
		}
	}
}

func (p *PersonFacts) units() []string {
	out := []string{cityUnit}
	if p.Town != "" {
		out = append(out, p.Town)
	}
	if p.Village != "" {
		out = append(out, p.Village)
	}
	return out
}

// years are the calendar years in which something of the person falls.
func (p *PersonFacts) years() []int {
	seen := map[int]bool{}
	var out []int
	add := func(d skillcert.Date) {
		if !d.IsZero() && !seen[d.Year] {
			seen[d.Year] = true
			out = append(out, d.Year)
		}
	}
	for _, e := range p.Enrollments {
		add(e.Enrolled)
		add(e.Evaluated)
	}
	for _, c := range p.Certs {
		add(c.Issued)
	}
	return out
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Contribution is what the person adds to the summaries.
func (p *PersonFacts) Contribution() Delta {
	d := Delta{}
	p.contribute(d, 1)
	return d
}

// contribute adds the person's contribution times sign to d (the rebuild
// sums everyone's into one Delta, a refresh the difference of two).
func (p *PersonFacts) contribute(d Delta, sign int64) {
	if !p.Active || p.Registered.IsZero() {
		return
	}
	dims := append([]string{dimAll}, p.Groups...)
	units := p.units()
	// parent → child pairs: the city's town, the town's village.
	type pair struct{ parent, child string }
	var pairs []pair
	for i := 1; i < len(units); i++ {
		pairs = append(pairs, pair{units[i-1], units[i]})
	}
	// Registration: by year in hist, and in every period of the year
	// of registration that ends on or after the day.
	ry := p.Registered.Year
	for _, u := range units {
		for _, g := range dims {
			d.add(histID(u), fmt.Sprintf("y.%d.%s", ry, g), sign)
		}
	}
	for _, pc := range pairs {
		for _, g := range dims {
			d.add(histcID(pc.parent), fmt.Sprintf("c.%s.y.%d.%s", pc.child, ry, g), sign)
		}
	}
	// target is a summary document and the path of the figures in it.
	type target struct{ doc, base string }
	targets := func(y int, per Period) []target {
		var out []target
		for _, u := range units {
			out = append(out, target{covID(y, per.Key(), u), ""})
		}
		for _, pc := range pairs {
			out = append(out, target{covcID(y, per.Key(), pc.parent), "c." + pc.child + "."})
		}
		return out
	}
	for _, per := range StandardPeriods(ry) {
		if per.To.Before(p.Registered) {
			continue
		}
		for _, tg := range targets(ry, per) {
			for _, g := range dims {
				d.add(tg.doc, tg.base+"r."+g, sign)
			}
		}
	}
	for _, y := range p.years() {
		for _, per := range StandardPeriods(y) {
			f := p.FiguresIn(per)
			if per.Kind == PeriodMonth {
				for _, u := range units {
					d.add(histID(u), fmt.Sprintf("t.%d.%02d", y, per.N), sign*boolInt(f.Completed))
				}
			}
			for _, tg := range targets(y, per) {
				doc, base := tg.doc, tg.base
				for _, g := range dims {
					d.add(doc, base+"en."+g, sign*boolInt(f.Enrolled))
					d.add(doc, base+"co."+g, sign*boolInt(f.Completed))
					d.add(doc, base+"ce."+g, sign*boolInt(f.Certified))
				}
				for t, ok := range f.ByType {
					d.add(doc, base+"ty."+string(t), sign*boolInt(ok))
				}
				d.add(doc, base+"n.enr", sign*f.Enrollments)
				d.add(doc, base+"n.ev", sign*f.Evaluated)
				d.add(doc, base+"n.pa", sign*f.Passed)
				d.add(doc, base+"n.at", sign*f.Attended)
				d.add(doc, base+"n.rq", sign*f.Required)
			}
		}
	}
	if p.InGroup("platform_staff") {
		last := noneKey
		if lj := p.lastJobPost(); !lj.IsZero() {
			last = monthKey(lj)
		}
		for _, u := range units {
			d.add(staffID(u), "n", sign)
			d.add(staffID(u), "jp."+last, sign)
			for _, c := range p.Certs {
				if c.Valid && !c.ValidUntil.IsZero() {
					d.add(staffID(u), "ex."+monthKey(c.ValidUntil), sign)
				}
			}
		}
	}
}
