package roster

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// ProfileInput is what a trainee may change of their own record: their
// contact details (我的资料). Everything else is kept by their town.
type ProfileInput struct {
	Mobile string `json:"mobile"`
}

// Profile is a trainee's own record, as the trainee sees it.
type Profile struct {
	Person    *Person `json:"person"`
	PlaceName string  `json:"placeName"`
	Username  string  `json:"username"`
}

// Profile returns the actor's own person record, without the whole ID
// number.
func (s *Service) Profile(ctx context.Context, a *skillcert.Actor) (*Profile, error) {
	p, err := s.own(ctx, a)
	if err != nil {
		return nil, err
	}
	return &Profile{Person: p.public(), PlaceName: s.PlaceName(p.Town, p.Village), Username: a.Username}, nil
}

// own reads the trainee's own person.
func (s *Service) own(ctx context.Context, a *skillcert.Actor) (*Person, error) {
	if err := requirePermission(a, auth.PermProfile); err != nil {
		return nil, err
	}
	p, err := s.findPerson(ctx, a.PersonID)
	if err != nil {
		return nil, skillcert.Errorf(skillcert.ENOTFOUND, "找不到您的登记信息，请联系户籍所在村（社区）人力社保工作站")
	}
	if err := auth.CheckOwner(a, p.ID); err != nil {
		return nil, err
	}
	return p, nil
}

// UpdateProfile changes the trainee's own contact details. When the login
// name is the old mobile number it follows the new one.
func (s *Service) UpdateProfile(ctx context.Context, a *skillcert.Actor, in ProfileInput) (*Profile, error) {
	p, err := s.own(ctx, a)
	if err != nil {
		return nil, err
	}
	mobile, err := normalizeMobile(in.Mobile)
	if err != nil {
		return nil, err
	}
	if mobile == "" {
		return nil, skillcert.Invalid(string(FieldMobile), "请填写手机号码")
	}
	if mobile != p.Mobile {
		renamed := false
		if s.accounts != nil {
			if renamed, err = s.accounts.RenameTrainee(ctx, a, p.Mobile, mobile); err != nil {
				return nil, err
			}
		}
		if _, err := s.persons.UpdateOne(ctx, byID(p.ID), bson.D{{Key: "$set", Value: bson.D{{Key: "mobile", Value: mobile}, {Key: "updatedAt", Value: s.now().UTC()}}}}); err != nil {
			return nil, err
		}
		if err := s.audit.Record(ctx, "person.update", "person", p.ID, audit.ResultOK, "本人修改手机号码"); err != nil {
			return nil, err
		}
		p.Mobile = mobile
		if renamed {
			a.Username = mobile
		}
	}
	return &Profile{Person: p.public(), PlaceName: s.PlaceName(p.Town, p.Village), Username: a.Username}, nil
}
