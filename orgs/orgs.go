// Package orgs is the three-level network (三级网络): the city bureau, its
// towns, streets and zones, and their villages and communities. The tree
// is reference data, loaded by the schema steps and read-only here.
package orgs

import (
	"context"
	"sort"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/store"
)

// Type is the kind of an org unit.
type Type string

// Unit types.
const (
	TypeCity      Type = "city"      // 市
	TypeStreet    Type = "street"    // 街道
	TypeTown      Type = "town"      // 镇
	TypeZone      Type = "zone"      // 经济开发区、新区
	TypeVillage   Type = "village"   // 村
	TypeCommunity Type = "community" // 社区
)

// Label is the type's Chinese name.
func (t Type) Label() string {
	return map[Type]string{TypeCity: "市", TypeStreet: "街道", TypeTown: "镇", TypeZone: "开发区（新区）", TypeVillage: "村", TypeCommunity: "社区"}[t]
}

// IsTownLevel reports whether units of this type are towns in the network.
func (t Type) IsTownLevel() bool { return t == TypeStreet || t == TypeTown || t == TypeZone }

// IsVillageLevel reports whether units of this type are villages.
func (t Type) IsVillageLevel() bool { return t == TypeVillage || t == TypeCommunity }

// Unit is one org unit of the network.
type Unit struct {
	Code       string `bson:"_id" json:"code"`
	Name       string `bson:"name" json:"name"`
	OfficeName string `bson:"officeName" json:"officeName"` // the office's full name, printed on certificates
	Type       Type   `bson:"type" json:"type"`
	Parent     string `bson:"parent" json:"parent,omitempty"`
	Town       string `bson:"town" json:"town,omitempty"`   // the town code of a town or village; "" for the city
	Population int    `bson:"population" json:"population"` // registered residents (户籍人口)
	Sample     bool   `bson:"sample" json:"sample"`         // sample data, to be replaced by the real figure
	Pilot      bool   `bson:"pilot" json:"pilot"`           // a pilot town of the 2012 policy
	Order      int    `bson:"order" json:"order"`
}

// Tree is the whole network in memory; it is small and never changes
// while the server runs.
type Tree struct {
	units    map[string]Unit
	children map[string][]Unit
	city     Unit
}

// Load reads the tree from the database.
func Load(ctx context.Context, db *store.DB) (*Tree, error) {
	var units []Unit
	if err := db.Collection(store.CollOrgUnits).Find(ctx, bson.D{}, &units); err != nil {
		return nil, err
	}
	return NewTree(units), nil
}

// NewTree builds a tree from its units.
func NewTree(units []Unit) *Tree {
	t := &Tree{units: map[string]Unit{}, children: map[string][]Unit{}}
	for _, u := range units {
		t.units[u.Code] = u
		if u.Type == TypeCity {
			t.city = u
		} else {
			t.children[u.Parent] = append(t.children[u.Parent], u)
		}
	}
	for k := range t.children {
		c := t.children[k]
		sort.Slice(c, func(i, j int) bool { return c[i].Order < c[j].Order })
	}
	return t
}

// City is the root unit.
func (t *Tree) City() Unit { return t.city }

// Unit returns the unit with the code.
func (t *Tree) Unit(code string) (Unit, bool) {
	u, ok := t.units[code]
	return u, ok
}

// Get returns the unit with the code or ENOTFOUND.
func (t *Tree) Get(code string) (Unit, error) {
	u, ok := t.units[code]
	if !ok {
		return Unit{}, skillcert.Errorf(skillcert.ENOTFOUND, "找不到编码为 %s 的单位", code)
	}
	return u, nil
}

// Towns lists the towns, streets and zones in their official order.
func (t *Tree) Towns() []Unit { return t.children[t.city.Code] }

// Villages lists the villages and communities of a town.
func (t *Tree) Villages(town string) []Unit { return t.children[town] }

// Children lists the units directly under code.
func (t *Tree) Children(code string) []Unit { return t.children[code] }

// TownName returns the town's name, or the code if unknown.
func (t *Tree) TownName(code string) string {
	if code == "" {
		return t.city.Name
	}
	if u, ok := t.units[code]; ok {
		return u.Name
	}
	return code
}

// IsTown reports whether code is a town-level unit.
func (t *Tree) IsTown(code string) bool {
	u, ok := t.units[code]
	return ok && u.Type.IsTownLevel()
}

// VillageInTown reports whether village is a village of town.
func (t *Tree) VillageInTown(town, village string) bool {
	u, ok := t.units[village]
	return ok && u.Type.IsVillageLevel() && u.Parent == town
}

// TownByName finds a town by its name (e.g. 乌镇镇), also without its
// suffix (乌镇).
func (t *Tree) TownByName(name string) (Unit, bool) {
	for _, u := range t.Towns() {
		if u.Name == name || u.Code == name || trimSuffix(u.Name) == name {
			return u, true
		}
	}
	return Unit{}, false
}

// VillageByName finds a village of town by its name or code.
func (t *Tree) VillageByName(town, name string) (Unit, bool) {
	for _, u := range t.Villages(town) {
		if u.Name == name || u.Code == name {
			return u, true
		}
	}
	return Unit{}, false
}

// CheckPlace validates a town and (optional) village pair.
func (t *Tree) CheckPlace(town, village string) error {
	if !t.IsTown(town) {
		return skillcert.Invalid("town", "镇（街道）“%s”不存在", town)
	}
	if village != "" && !t.VillageInTown(town, village) {
		return skillcert.Invalid("village", "村（社区）“%s”不属于%s", village, t.TownName(town))
	}
	return nil
}

func trimSuffix(name string) string {
	for _, s := range []string{"街道", "镇", "新区"} {
		if len(name) > len(s) && name[len(name)-len(s):] == s {
			return name[:len(name)-len(s)]
		}
	}
	return name
}
