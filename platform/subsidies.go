package platform

import (
	"context"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/subsidies"
)

// wireSubsidies builds the subsidies service over the recruitment data
// (policy versions, coordinators on post) and the town assessment (the
// reward band).
func (s *Services) wireSubsidies() {
	assessor := &skillcert.Actor{AccountID: "system", Username: "system", Name: "补助计算", Role: skillcert.RoleCityAdmin}
	s.Subsidies = subsidies.NewService(s.DB, s.Audit, s.Orgs, subsidies.Deps{
		Policies: s.Recruitment.AllPolicyParams,
		Postings: func(ctx context.Context, town string) ([]recruitment.CoordinatorPosting, error) {
			return s.Recruitment.Postings(ctx, town)
		},
		Score: func(ctx context.Context, town string, year int) (int64, bool, error) {
			as, err := s.Reports.Assess(ctx, assessor, year)
			if err != nil {
				// No weights in force, or a year outside the assessment's range.
				if code := skillcert.ErrorCode(err); code == skillcert.ENOTFOUND || code == skillcert.EINVALID {
					return 0, false, nil
				}
				return 0, false, err
			}
			if as.AsOf.IsZero() {
				return 0, false, nil
			}
			for _, c := range as.Cards {
				if c.Town == town {
					return c.Tenths, true, nil
				}
			}
			return 0, false, nil
		},
	})
}
