package recruitment

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// AccountStaffCounter counts staff on post from the platform's accounts:
// every enabled town staff account counts for its town office, every
// enabled village staff account for its village station. Staff on post are
// all who work there — established staff (编制人员) and coordinators alike —
// and each has an account; a hired coordinator counts once their account
// is created. It reads the accounts collection (one query).
type AccountStaffCounter struct {
	accounts *store.Collection
}

// NewAccountStaffCounter returns the counter over db's accounts.
func NewAccountStaffCounter(db *store.DB) *AccountStaffCounter {
	return &AccountStaffCounter{accounts: db.Collection(store.CollAccounts)}
}

// StaffOnPost implements StaffCounter. It reads the role and scope of
// the staff accounts only and counts in Go (one query, served by the
// accounts' role index).
func (c *AccountStaffCounter) StaffOnPost(ctx context.Context) (towns, villages map[string]int, err error) {
	var rows []struct {
		Role     skillcert.Role `bson:"role"`
		Town     string         `bson:"town"`
		Village  string         `bson:"village"`
		Disabled bool           `bson:"disabled"`
	}
	q := bson.D{{Key: "role", Value: bson.D{{Key: "$in", Value: []skillcert.Role{skillcert.RoleTownStaff, skillcert.RoleVillageStaff}}}}}
	opts := options.Find().SetProjection(bson.D{{Key: "role", Value: 1}, {Key: "town", Value: 1}, {Key: "village", Value: 1}, {Key: "disabled", Value: 1}})
	if err := c.accounts.Find(ctx, q, &rows, opts); err != nil {
		return nil, nil, err
	}
	towns, villages = map[string]int{}, map[string]int{}
	for _, r := range rows {
		switch {
		case r.Disabled:
		case r.Role == skillcert.RoleTownStaff:
			towns[r.Town]++
		case r.Role == skillcert.RoleVillageStaff:
			villages[r.Village]++
		}
	}
	return towns, villages, nil
}

// StaffingView is the staffing table: the town offices the actor may see,
// the village stations of one town (paginated), and the city-wide totals.
type StaffingView struct {
	PolicyVersion string                       `json:"policyVersion"`
	TownNorm      string                       `json:"townNorm"`    // e.g. 每 1 万户籍人口不少于 1.5 名
	VillageNorm   string                       `json:"villageNorm"` // e.g. 户籍人口 3000 人以上（含 3000 人）2 名，不满 3000 人 1 名
	Towns         []UnitStaffing               `json:"towns"`
	Town          string                       `json:"town"` // the town whose villages are listed
	TownName      string                       `json:"townName"`
	Villages      skillcert.Page[UnitStaffing] `json:"villages"`
	TownVillages  Gap                          `json:"townVillages"` // the sum of Town's villages
	CityTowns     Gap                          `json:"cityTowns"`
	CityVillages  Gap                          `json:"cityVillages"`
	City          Gap                          `json:"city"`
}

// Staffing computes the staffing norms against the staff on post under
// the policy in force today: required vs on post and the gaps of every
// town office and village station, per town and city-wide. The city sees
// every town; a town's staff their own (and the city-wide totals).
func (s *Service) Staffing(ctx context.Context, a *skillcert.Actor, town string, page skillcert.PageRequest) (*StaffingView, error) {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "您无权查看人员配备情况")
	}
	if a.Role == skillcert.RoleTownStaff {
		if town != "" && town != a.Town {
			return nil, skillcert.Errorf(skillcert.ENOTFOUND, "记录不存在或不在您的管辖范围内")
		}
		town = a.Town
	}
	if town == "" && len(s.orgs.Towns()) > 0 {
		town = s.orgs.Towns()[0].Code
	}
	if !s.orgs.IsTown(town) {
		return nil, skillcert.Invalid("town", "镇（街道）“%s”不存在", town)
	}
	policy, err := s.PolicyInForce(ctx, s.Today())
	if err != nil {
		return nil, err
	}
	onTowns, onVillages, err := s.deps.Staff.StaffOnPost(ctx)
	if err != nil {
		return nil, err
	}
	var towns, villages []Unit
	for _, t := range s.orgs.Towns() {
		towns = append(towns, Unit{Code: t.Code, Name: t.Name, Population: t.Population, OnPost: onTowns[t.Code]})
		for _, v := range s.orgs.Villages(t.Code) {
			villages = append(villages, Unit{Code: v.Code, Name: v.Name, Town: t.Code, Population: v.Population, OnPost: onVillages[v.Code]})
		}
	}
	city, err := SummarizeStaffing(policy, towns, villages)
	if err != nil {
		return nil, err
	}
	v := &StaffingView{
		PolicyVersion: policy.Version, TownNorm: policy.TownStaff.String(),
		VillageNorm: villageNorm(policy),
		Town:        town, TownName: s.orgs.TownName(town), TownVillages: city.VillagesOf(town),
		CityTowns: city.TownTotal, CityVillages: city.VillageTotal, City: city.Total(),
	}
	for _, t := range city.Towns {
		if a.Role == skillcert.RoleCityAdmin || t.Code == a.Town {
			v.Towns = append(v.Towns, t)
		}
	}
	var of []UnitStaffing
	for _, vs := range city.Villages {
		if vs.Town == town {
			of = append(of, vs)
		}
	}
	from := min(int(page.Skip()), len(of))
	to := min(from+int(page.Limit()), len(of))
	v.Villages = skillcert.NewPage(of[from:to], int64(len(of)), page)
	return v, nil
}

func villageNorm(p PolicyParams) string {
	n := itoa(p.VillageLargePopulation)
	return "户籍人口 " + n + " 人以上（含 " + n + " 人）" + itoa(p.VillageStaffLarge) + " 名，不满 " + n + " 人 " + itoa(p.VillageStaffSmall) + " 名"
}
