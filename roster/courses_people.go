package roster

import (
	"context"

	"skillcert/courses"
)

// Candidate returns a person as the courses need them for enrollment
// (it implements courses.People with PersonIDsByIDNumbers): name, masked
// ID number, target-group codes, town and village of residence. ENOTFOUND
// if there is no such person. The courses decide who may act on whom.
func (s *Service) Candidate(ctx context.Context, personID string) (courses.Candidate, error) {
	p, err := s.findPerson(ctx, personID)
	if err != nil {
		return courses.Candidate{}, err
	}
	groups := make([]string, len(p.Groups))
	for i, g := range p.Groups {
		groups[i] = string(g)
	}
	return courses.Candidate{PersonID: p.ID, Name: p.Name, IDMasked: p.IDMasked, Groups: groups,
		Town: p.Town, Village: p.Village}, nil
}

var _ courses.People = (*Service)(nil)
