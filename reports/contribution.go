package reports

import (
	"fmt"

	"skillcert"
)

// The summary documents (collection report_summaries), each read by _id:
//
//	cov:<year>:<unit>  the numerators of the year's 17 standard periods
//	reg:<unit>         people in the register by month of registration
//	staff:<unit>       platform staff: by month of their latest job-post
//	                   completion, and their certificates by expiry month
//	covp:<year>:<unit> the cov figures of each child of the unit, under c.<child>.
//	regp:<unit>        the reg figures of each child of the unit, under c.<child>.
//
// <unit> is "city", a town code or a village code. Paths inside:
// p.<period>.<metric>.<dim> with metric en (people enrolled), co (people
// completed), ce (people certified) and dim "all" or a target group; ty.<course type>
// (people completed by course type); n.<counter> (enr, ev, pa, at, rq).
const (
	cityUnit = "city"
	dimAll   = "all"
	noneKey  = "none"
)

func covID(year int, unit string) string { return fmt.Sprintf("cov:%d:%s", year, unit) }
func regID(unit string) string           { return "reg:" + unit }

// covpID and regpID hold the same figures of every child of a unit under
// c.<child>., so a page reads its children in one document.
func covpID(year int, parent string) string { return fmt.Sprintf("covp:%d:%s", year, parent) }
func regpID(parent string) string           { return "regp:" + parent }
func staffID(unit string) string            { return "staff:" + unit }

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

// merge adds e into d, times sign.
func (d Delta) merge(e Delta, sign int64) {
	for doc, m := range e {
		for path, n := range m {
			d.add(doc, path, sign*n)
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
	if !p.Active || p.Registered.IsZero() {
		return d
	}
	dims := append([]string{dimAll}, p.Groups...)
	units := p.units()
	// parent → child pairs: the city's town, the town's village.
	type pair struct{ parent, child string }
	var pairs []pair
	for i := 1; i < len(units); i++ {
		pairs = append(pairs, pair{units[i-1], units[i]})
	}
	for _, u := range units {
		for _, g := range dims {
			d.add(regID(u), "m."+monthKey(p.Registered)+"."+g, 1)
		}
	}
	for _, pc := range pairs {
		for _, g := range dims {
			d.add(regpID(pc.parent), "c."+pc.child+".m."+monthKey(p.Registered)+"."+g, 1)
		}
	}
	for _, y := range p.years() {
		for _, per := range StandardPeriods(y) {
			f := p.FiguresIn(per)
			type target struct{ doc, base string }
			var targets []target
			for _, u := range units {
				targets = append(targets, target{covID(y, u), "p." + per.Key() + "."})
			}
			for _, pc := range pairs {
				targets = append(targets, target{covpID(y, pc.parent), "c." + pc.child + ".p." + per.Key() + "."})
			}
			for _, tg := range targets {
				doc, base := tg.doc, tg.base
				for _, g := range dims {
					d.add(doc, base+"en."+g, boolInt(f.Enrolled))
					d.add(doc, base+"co."+g, boolInt(f.Completed))
					d.add(doc, base+"ce."+g, boolInt(f.Certified))
				}
				for t, ok := range f.ByType {
					d.add(doc, base+"ty."+string(t), boolInt(ok))
				}
				d.add(doc, base+"n.enr", f.Enrollments)
				d.add(doc, base+"n.ev", f.Evaluated)
				d.add(doc, base+"n.pa", f.Passed)
				d.add(doc, base+"n.at", f.Attended)
				d.add(doc, base+"n.rq", f.Required)
			}
		}
	}
	if p.InGroup("platform_staff") {
		last := noneKey
		if lj := p.lastJobPost(); !lj.IsZero() {
			last = monthKey(lj)
		}
		for _, u := range units {
			d.add(staffID(u), "n", 1)
			d.add(staffID(u), "jp."+last, 1)
			for _, c := range p.Certs {
				if c.Valid && !c.ValidUntil.IsZero() {
					d.add(staffID(u), "ex."+monthKey(c.ValidUntil), 1)
				}
			}
		}
	}
	return d
}
