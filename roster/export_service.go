package roster

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// MaxExportRows bounds one export; a larger list must be narrowed first.
const MaxExportRows = 50000

// Export writes the persons in the actor's scope matching the filter as
// an .xlsx file, by name, and returns it with the number of persons. ID
// numbers are masked unless fullID is asked for by a role that may see
// whole numbers. Every export is audited, saying which kind it was.
func (s *Service) Export(ctx context.Context, a *skillcert.Actor, f Filter, fullID bool) ([]byte, int, error) {
	if err := requirePermission(a, auth.PermRosterRead); err != nil {
		return nil, 0, err
	}
	if fullID && !auth.CanSeeFullIDNumbers(a) {
		return nil, 0, skillcert.Errorf(skillcert.EFORBIDDEN, "您的角色不能导出完整身份证号码")
	}
	if err := f.normalize(s.orgs, s.now()); err != nil {
		return nil, 0, err
	}
	s.hashFilter(&f)
	var persons []Person
	if q, none := f.query(a); !none {
		n, err := s.persons.Count(ctx, q)
		if err != nil {
			return nil, 0, err
		}
		if n > MaxExportRows {
			return nil, 0, skillcert.Errorf(skillcert.ETOOLARGE, "符合条件的有 %d 人，超过一次导出 %d 人的上限，请按村（社区）或人员类别分批导出", n, MaxExportRows)
		}
		opts := options.Find().SetSort(bson.D{{Key: "name", Value: 1}})
		if !fullID {
			opts.SetProjection(withoutIDNumber)
		}
		if err := s.persons.Find(ctx, q, &persons, opts); err != nil {
			return nil, 0, err
		}
		for i := range persons {
			if err := s.openID(&persons[i]); err != nil {
				return nil, 0, err
			}
		}
	}
	data, err := ExportPersonsWith(persons, ExportOptions{ShowFullID: fullID, OrgName: s.unitName})
	if err != nil {
		return nil, 0, err
	}
	kind := "masked"
	if fullID {
		kind = "full id numbers"
	}
	if err := s.audit.Record(ctx, "person.export", "persons", s.scopeName(a), audit.ResultOK, fmt.Sprintf("%d persons, %s", len(persons), kind)); err != nil {
		return nil, 0, err
	}
	return data, len(persons), nil
}

// unitName names an org unit by code (the code itself when unknown).
func (s *Service) unitName(code string) string {
	if u, ok := s.orgs.Unit(code); ok {
		return u.Name
	}
	return code
}
