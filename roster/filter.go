package roster

import (
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/auth"
	"skillcert/orgs"
)

// Filter narrows a list or an export of the register. Empty fields do not
// filter. Staff are always held to their own town and village, whatever
// Town and Village say.
type Filter struct {
	Town      string       `json:"town"`      // org unit code; the city's lists only
	Village   string       `json:"village"`   // org unit code
	Name      string       `json:"name"`      // the name starts with this
	IDNumber  string       `json:"idNumber"`  // the last 4 characters, or the whole number
	Mobile    string       `json:"mobile"`    // the whole mobile number
	Group     TargetGroup  `json:"group"`     // one target group code
	Education Education    `json:"education"` // one education level code
	Status    PersonStatus `json:"status"`    // active or pending

	idHashes []string // the whole number's lookup hashes, set by the service
}

// FilterQueryKeys are the query parameter names of a Filter, in form order.
var FilterQueryKeys = []string{"town", "village", "name", "idNumber", "mobile", "group", "education", "status"}

// FilterFromQuery reads a filter from query parameters (get returns one
// parameter's value).
func FilterFromQuery(get func(string) string) Filter {
	return Filter{
		Town: get("town"), Village: get("village"), Name: get("name"), IDNumber: get("idNumber"), Mobile: get("mobile"),
		Group: TargetGroup(get("group")), Education: Education(get("education")), Status: PersonStatus(get("status")),
	}
}

// normalize trims the fields and checks the values: EINVALID naming the
// parameter at fault.
func (f *Filter) normalize(tree *orgs.Tree, today time.Time) error {
	for _, p := range []*string{&f.Town, &f.Village, &f.Name, &f.IDNumber, &f.Mobile} {
		*p = strings.TrimSpace(*p)
	}
	if utf8.RuneCountInString(f.Name) > maxNameLen {
		return skillcert.Invalid("name", "姓名不能超过%d个字", maxNameLen)
	}
	if f.Town != "" && !tree.IsTown(f.Town) {
		return skillcert.Invalid("town", "镇（街道）“%s”不存在", f.Town)
	}
	if f.Village != "" {
		u, ok := tree.Unit(f.Village)
		if !ok || !u.Type.IsVillageLevel() {
			return skillcert.Invalid("village", "村（社区）“%s”不存在", f.Village)
		}
		if f.Town != "" && u.Parent != f.Town {
			return skillcert.Invalid("village", "村（社区）“%s”不属于%s", u.Name, tree.TownName(f.Town))
		}
		f.Town = u.Parent
	}
	if f.IDNumber != "" {
		id := normalizeIDNumber(f.IDNumber)
		switch utf8.RuneCountInString(id) {
		case 4:
			f.IDNumber = id
		case 18:
			n, err := ParseIDNumber(id, today)
			if err != nil {
				return skillcert.Invalid("idNumber", "%s", skillcert.ErrorMessage(err))
			}
			f.IDNumber = n.String()
		default:
			return skillcert.Invalid("idNumber", "请输入身份证号码的后4位，或完整的18位号码")
		}
	}
	if f.Mobile != "" {
		m, err := normalizeMobile(f.Mobile)
		if err != nil {
			return skillcert.Invalid("mobile", "%s", skillcert.ErrorMessage(err))
		}
		f.Mobile = m
	}
	if f.Group != "" && !f.Group.Valid() {
		return skillcert.Invalid("group", "人员类别“%s”不存在", f.Group)
	}
	if f.Education != "" && !f.Education.Valid() {
		return skillcert.Invalid("education", "文化程度“%s”不存在", f.Education)
	}
	if f.Status != "" && !f.Status.Valid() {
		return skillcert.Invalid("status", "登记状态“%s”不存在", f.Status)
	}
	return nil
}

// query builds the database filter of a normalized Filter within the
// actor's scope; none is true when the scope and the filter exclude
// everything. The scope field (town) comes first, so every staff query is
// served by a town-led index, and every city query by the index of the
// field it searches.
func (f Filter) query(a *skillcert.Actor) (q bson.D, none bool) {
	sc := auth.ListScope(a)
	if sc.None {
		return nil, true
	}
	town, village := f.Town, f.Village
	if !sc.All {
		if town != "" && town != sc.Town {
			return nil, true
		}
		town = sc.Town
		if sc.Village != "" {
			if village != "" && village != sc.Village {
				return nil, true
			}
			village = sc.Village
		}
	}
	q = bson.D{}
	if town != "" {
		q = append(q, bson.E{Key: "town", Value: town})
	}
	if village != "" {
		q = append(q, bson.E{Key: "village", Value: village})
	}
	if f.Name != "" {
		q = append(q, bson.E{Key: "name", Value: prefixPattern(f.Name)})
	}
	switch len(f.IDNumber) {
	case 4:
		q = append(q, bson.E{Key: "idSuffix", Value: f.IDNumber})
	case 18:
		q = append(q, bson.E{Key: "idHash", Value: bson.D{{Key: "$in", Value: f.idHashes}}})
	}
	if f.Mobile != "" {
		q = append(q, bson.E{Key: "mobile", Value: f.Mobile})
	}
	if f.Group != "" {
		q = append(q, bson.E{Key: "groups", Value: f.Group})
	}
	if f.Education != "" {
		q = append(q, bson.E{Key: "education", Value: f.Education})
	}
	if f.Status != "" {
		q = append(q, bson.E{Key: "status", Value: f.Status})
	}
	return q, false
}
