package platform

import (
	"context"

	"skillcert/recruitment"
	"skillcert/roster"
)

// register is the register of residents as recruitment needs it.
type register struct{ roster *roster.Service }

var _ recruitment.Register = register{}

// Person returns the applicant's record from the register.
func (r register) Person(ctx context.Context, personID string) (recruitment.Person, error) {
	p, err := r.roster.PersonByID(ctx, personID)
	if err != nil {
		return recruitment.Person{}, err
	}
	return recruitment.Person{
		ID: p.ID, Name: p.Name, IDMasked: p.IDMasked, BirthDate: p.BirthDate,
		Town: p.Town, Village: p.Village, Education: p.Education,
		ComputerSkill: recruitment.ComputerSkill{Level: recruitment.ComputerSkillLevel(p.ComputerSkill.Level), CertName: p.ComputerSkill.CertName},
		Mobile:        p.Mobile,
	}, nil
}

// AddToPlatformStaff marks a hired coordinator as platform staff.
func (r register) AddToPlatformStaff(ctx context.Context, personID string) error {
	return r.roster.AddTargetGroup(ctx, personID, roster.GroupPlatformStaff)
}

// RegisterOf is the register as recruitment needs it.
func RegisterOf(r *roster.Service) recruitment.Register { return register{roster: r} }
