package recruitment

import (
	"errors"

	"skillcert"
)

// Gap compares the staff a unit must have under the norm with the staff on
// post. Exactly one of Shortfall and Surplus can be above 0.
type Gap struct {
	Required  int `bson:"required" json:"required"`
	OnPost    int `bson:"onPost" json:"onPost"`
	Shortfall int `bson:"shortfall" json:"shortfall"` // Required − OnPost when positive
	Surplus   int `bson:"surplus" json:"surplus"`     // OnPost − Required when positive
}

func newGap(required, onPost int) Gap {
	return Gap{
		Required:  required,
		OnPost:    onPost,
		Shortfall: max(required-onPost, 0),
		Surplus:   max(onPost-required, 0),
	}
}

// Add sums two gaps field by field. A surplus in one unit does not cover a
// shortfall in another: the sum keeps both.
func (g Gap) Add(o Gap) Gap {
	return Gap{
		Required:  g.Required + o.Required,
		OnPost:    g.OnPost + o.OnPost,
		Shortfall: g.Shortfall + o.Shortfall,
		Surplus:   g.Surplus + o.Surplus,
	}
}

// TownRequired is the staff a town office needs for its registered
// population: population × Staff / Residents rounded up to a whole person,
// in integers (1.5 per 10,000: 10,000 → 2, 6,667 → 2, 6,666 → 1, 0 → 0).
// A population below 0 or a ratio without residents gives 0.
func TownRequired(p PolicyParams, population int) int {
	if population <= 0 || p.TownStaff.Residents <= 0 {
		return 0
	}
	num := int64(population) * int64(p.TownStaff.Staff)
	den := int64(p.TownStaff.Residents)
	return int((num + den - 1) / den)
}

// VillageRequired is the staff a village station needs: VillageStaffLarge
// from VillageLargePopulation residents on (inclusive), else
// VillageStaffSmall — also for a population of 0.
func VillageRequired(p PolicyParams, population int) int {
	if population >= p.VillageLargePopulation {
		return p.VillageStaffLarge
	}
	return p.VillageStaffSmall
}

func checkCounts(population, onPost int) error {
	if population < 0 {
		return skillcert.Invalid("population", "户籍人口不能为负数，当前为 %d", population)
	}
	if onPost < 0 {
		return skillcert.Invalid("onPost", "在岗人数不能为负数，当前为 %d", onPost)
	}
	return nil
}

// TownStaffing is a town office's gap for its registered population and
// staff on post.
func TownStaffing(p PolicyParams, population, onPost int) (Gap, error) {
	if err := checkCounts(population, onPost); err != nil {
		return Gap{}, err
	}
	return newGap(TownRequired(p, population), onPost), nil
}

// VillageStaffing is a village station's gap for its registered population
// and staff on post.
func VillageStaffing(p PolicyParams, population, onPost int) (Gap, error) {
	if err := checkCounts(population, onPost); err != nil {
		return Gap{}, err
	}
	return newGap(VillageRequired(p, population), onPost), nil
}

// Unit is a town or village with its registered population and staff on
// post; Town is the town a village belongs to (empty for a town).
type Unit struct {
	Code       string `bson:"code" json:"code"`
	Name       string `bson:"name" json:"name"`
	Town       string `bson:"town,omitempty" json:"town,omitempty"`
	Population int    `bson:"population" json:"population"`
	OnPost     int    `bson:"onPost" json:"onPost"`
}

// UnitStaffing is one unit's line in the staffing table.
type UnitStaffing struct {
	Unit `bson:",inline"`
	Gap  Gap `bson:"gap" json:"gap"`
}

// CityStaffing is the staffing table of the city: every town office and
// village station with its gap, and the totals.
type CityStaffing struct {
	Towns        []UnitStaffing `bson:"towns" json:"towns"`
	Villages     []UnitStaffing `bson:"villages" json:"villages"`
	TownTotal    Gap            `bson:"townTotal" json:"townTotal"`
	VillageTotal Gap            `bson:"villageTotal" json:"villageTotal"`
}

// Total sums the town offices and village stations.
func (c CityStaffing) Total() Gap { return c.TownTotal.Add(c.VillageTotal) }

// VillagesOf sums the village stations of one town.
func (c CityStaffing) VillagesOf(town string) Gap {
	var g Gap
	for _, v := range c.Villages {
		if v.Town == town {
			g = g.Add(v.Gap)
		}
	}
	return g
}

// SummarizeStaffing computes the gap of every town and village, in the
// order given, and the city-wide totals.
func SummarizeStaffing(p PolicyParams, towns, villages []Unit) (CityStaffing, error) {
	var c CityStaffing
	for _, u := range towns {
		g, err := TownStaffing(p, u.Population, u.OnPost)
		if err != nil {
			return CityStaffing{}, withUnit(err, u)
		}
		c.Towns = append(c.Towns, UnitStaffing{Unit: u, Gap: g})
		c.TownTotal = c.TownTotal.Add(g)
	}
	for _, u := range villages {
		g, err := VillageStaffing(p, u.Population, u.OnPost)
		if err != nil {
			return CityStaffing{}, withUnit(err, u)
		}
		c.Villages = append(c.Villages, UnitStaffing{Unit: u, Gap: g})
		c.VillageTotal = c.VillageTotal.Add(g)
	}
	return c, nil
}

// withUnit prefixes a count error with the unit's name.
func withUnit(err error, u Unit) error {
	var e *skillcert.Error
	if !errors.As(err, &e) {
		return err
	}
	return skillcert.Invalid(e.Field, "%s：%s", u.Name, e.Message)
}
