package platform

import (
	"context"

	"skillcert/courses"
	"skillcert/roster"
)

// people is the register as the courses need it: PersonIDsByIDNumbers
// comes from the roster service, Candidate turns a person into what
// enrollment reads.
type people struct{ *roster.Service }

var _ courses.People = people{}

// Candidate returns a person as the courses need them for enrollment:
// name, masked ID number, target-group codes, town and village of
// residence. ENOTFOUND if there is no such person. The courses decide who
// may act on whom.
func (p people) Candidate(ctx context.Context, personID string) (courses.Candidate, error) {
	r, err := p.PersonByID(ctx, personID)
	if err != nil {
		return courses.Candidate{}, err
	}
	groups := make([]string, len(r.Groups))
	for i, g := range r.Groups {
		groups[i] = string(g)
	}
	return courses.Candidate{PersonID: r.ID, Name: r.Name, IDMasked: r.IDMasked, Groups: groups,
		Town: r.Town, Village: r.Village}, nil
}
