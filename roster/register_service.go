package roster

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// Registration is what a trainee types to sign up (学员自助注册). Village
// is the village or community of their household registration (户籍所在
// 村（社区）), by code: the town is its parent. It is used only when the
// register does not know the person yet. ActivationCode is the one-time
// code the office hands to a resident already in the register.
type Registration struct {
	IDNumber       string `json:"idNumber"`
	Name           string `json:"name"`
	Mobile         string `json:"mobile"`
	Password       string `json:"password"`
	Village        string `json:"village"`
	ActivationCode string `json:"activationCode,omitempty"`
}

// Registered is the outcome of a registration.
type Registered struct {
	Username string       `json:"username"`           // the login name: the mobile number
	PersonID string       `json:"personId,omitempty"` // with an activation code only
	Status   PersonStatus `json:"status"`             // active: linked, can log in; pending: submitted
	Message  string       `json:"message"`
	// Warnings say what the registration accepted but the office should
	// look at, e.g. a name the certificate font cannot print
	// (NameWarnings); they depend on the input only.
	Warnings []string `json:"warnings,omitempty"`
}

// Registration throttling: attempts per fixed window, per client IP and
// per ID number (the name check must not become a way to test names).
const (
	registerWindow    = time.Hour
	registerPerIP     = 20
	registerPerNumber = 5
)

// Register signs a trainee up.
//
// With an activation code: the code must be an unexpired, unused code
// issued for the registered person with this ID number and name; the
// account links to that person and can log in, and the mobile number
// given becomes the person's. Any mismatch (unknown number, other name,
// wrong, used or expired code, an account already there) gets one and the
// same refusal.
//
// Without a code the reply is the same whatever the register holds, so
// that it tells nobody who is registered or where: for a number the
// register lacks, a pending person is created for the household town to
// confirm, with an account that can log in once confirmed; for a number
// the register has, nothing of the register changes and a pending
// account that links to nobody keeps the mobile number (the resident
// fetches a code; a registration with it takes the number over). Both
// pending accounts answer a login like a wrong password.
func (s *Service) Register(ctx context.Context, in Registration) (*Registered, error) {
	if s.accounts == nil {
		return nil, skillcert.Internal(fmt.Errorf("roster: no accounts service"))
	}
	p, err := s.checkRegistration(in)
	if err != nil {
		return nil, err
	}
	if err := s.throttleRegistration(ctx, audit.IPFrom(ctx), p.IDNumber); err != nil {
		return nil, err
	}
	if free, err := s.accounts.UsernameFree(ctx, p.Mobile, in.ActivationCode != ""); err != nil {
		return nil, err
	} else if !free {
		return nil, &skillcert.Error{Code: skillcert.ECONFLICT, Field: string(FieldMobile),
			Message: "手机号码 " + p.Mobile + " 已注册过账号，请直接登录；忘记密码请联系所在镇（街道）人力社保管理所"}
	}
	ex, err := s.findByIDNumber(ctx, p.IDNumber)
	if err != nil && skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		return nil, err
	}
	if in.ActivationCode != "" {
		res, err := s.registerWithCode(ctx, in, p, ex)
		if res != nil {
			res.Warnings = NameWarnings(p.Name)
		}
		return res, err
	}
	if ex == nil {
		now := s.now().UTC()
		p.ID, p.Status, p.CreatedAt, p.UpdatedAt = skillcert.NewID(), PersonPending, now, now
		s.sealID(&p)
		if err := s.persons.InsertOne(ctx, &p); err != nil {
			return nil, err // a racing registration of the same number: the user retries
		}
		if err := s.audit.Record(ctx, "person.register", "person", p.ID, audit.ResultOK, "pending "+p.Name+" "+p.IDMasked); err != nil {
			return nil, err
		}
		if _, err := s.accounts.RegisterTrainee(ctx, auth.NewTrainee{Mobile: p.Mobile, Name: p.Name, Password: in.Password,
			PersonID: p.ID, Town: p.Town, Pending: true}); err != nil {
			return nil, err
		}
	} else {
		detail := "registered person, no activation code"
		if ex.Name != p.Name {
			detail += "; name does not match"
		}
		if err := s.audit.Record(ctx, "person.register", "person", ex.ID, audit.ResultDenied, detail); err != nil {
			return nil, err
		}
		if _, err := s.accounts.RegisterTrainee(ctx, auth.NewTrainee{Mobile: p.Mobile, Name: p.Name, Password: in.Password,
			Town: p.Town, Pending: true}); err != nil {
			return nil, err
		}
	}
	return &Registered{Username: p.Mobile, Status: PersonPending, Warnings: NameWarnings(p.Name), Message: fmt.Sprintf("注册申请已提交。"+
		"如果您尚未在村（社区）登记：户籍所在镇（街道）人力社保管理所确认后，即可用手机号码 %s 登录。"+
		"如果您已经登记过：请到村（社区）人力社保工作站或镇（街道）管理所领取激活码，填入激活码再注册一次。", p.Mobile)}, nil
}

// errActivation is the one refusal of a registration with a code.
var errActivation = skillcert.Invalid("activationCode", "激活码无效或已过期，或与身份证号码、姓名不符；请核对，或到村（社区）人力社保工作站重新领取")

// registerWithCode links a new account to the registered person the
// code was issued for.
func (s *Service) registerWithCode(ctx context.Context, in Registration, p Person, ex *Person) (*Registered, error) {
	deny := func(detail string) (*Registered, error) {
		target := "-"
		if ex != nil {
			target = ex.ID
		}
		_ = s.audit.Record(ctx, "person.register", "person", target, audit.ResultDenied, detail)
		return nil, errActivation
	}
	if ex == nil {
		return deny("activation code for a number not in the register")
	}
	if ex.Status != PersonActive || ex.Name != p.Name {
		return deny("activation code: person pending or name does not match")
	}
	if _, err := s.accounts.TraineeAccountOf(ctx, ex.ID); err == nil {
		return deny("activation code: the person has an account")
	} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		return nil, err
	}
	ok, err := s.useActivationCode(ctx, in.ActivationCode, ex.ID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return deny("activation code wrong, used or expired")
	}
	acc, err := s.accounts.RegisterTrainee(ctx, auth.NewTrainee{Mobile: p.Mobile, Name: ex.Name, Password: in.Password,
		PersonID: ex.ID, Town: ex.Town})
	if err != nil {
		return nil, err
	}
	if ex.Mobile != p.Mobile {
		actor := acc.Actor()
		actor.IP = audit.IPFrom(ctx)
		if _, err := s.persons.UpdateOne(ctx, byID(ex.ID), bson.D{{Key: "$set", Value: bson.D{{Key: "mobile", Value: p.Mobile}, {Key: "updatedAt", Value: s.now().UTC()}}}}); err != nil {
			return nil, err
		}
		if err := s.audit.RecordAs(ctx, actor, "person.update", "person", ex.ID, audit.ResultOK, "本人凭激活码注册时填写手机号码"); err != nil {
			return nil, err
		}
	}
	if err := s.audit.Record(ctx, "person.register", "person", ex.ID, audit.ResultOK, "linked with activation code"); err != nil {
		return nil, err
	}
	return &Registered{Username: acc.Username, PersonID: ex.ID, Status: PersonActive,
		Message: fmt.Sprintf("注册成功，账号已与您的登记信息关联；请用手机号码 %s 登录。", acc.Username)}, nil
}

// checkRegistration checks every field of a registration and returns the
// pending person it would create; all faults together.
func (s *Service) checkRegistration(in Registration) (Person, error) {
	var fe FieldErrors
	var p Person
	name, err := normalizeName(in.Name)
	fe.add(FieldName, err)
	p.Name = name
	if id, err := ParseIDNumber(in.IDNumber, s.now()); err != nil {
		fe.add(FieldIDNumber, err)
	} else {
		p.IDNumber, p.IDMasked, p.IDSuffix = id.String(), id.Masked(), id.Suffix()
		p.BirthDate, p.Gender = id.BirthDate(), id.Gender()
	}
	mobile, err := normalizeMobile(in.Mobile)
	fe.add(FieldMobile, err)
	if err == nil && mobile == "" {
		fe.addf(FieldMobile, "请填写手机号码，它是您的登录名")
	}
	p.Mobile = mobile
	fe.add(Field("password"), auth.ValidatePasswordFor(in.Password, mobile))
	village := strings.TrimSpace(in.Village)
	if u, ok := s.orgs.Unit(village); ok && u.Type.IsVillageLevel() {
		p.Town, p.Village = u.Parent, u.Code
	} else if village == "" {
		fe.addf(FieldVillage, "请选择户籍所在的村（社区）")
	} else {
		fe.addf(FieldVillage, "村（社区）“%s”不存在", village)
	}
	if len(fe) > 0 {
		fe.sort()
		return Person{}, fe.AsError()
	}
	return p, nil
}

// throttleDoc counts the attempts of one key in its window.
type throttleDoc struct {
	ID          string    `bson:"_id"`
	Count       int       `bson:"count"`
	WindowStart time.Time `bson:"windowStart"`
}

// throttleRegistration counts an attempt against the client IP and the ID
// number and refuses it beyond either limit. Expired windows are deleted
// first (the embedded engine has no TTL indexes). The number is kept only
// as a hash.
func (s *Service) throttleRegistration(ctx context.Context, ip, number string) error {
	now := s.now().UTC()
	if _, err := s.throttle.DeleteMany(ctx, bson.D{{Key: "windowStart", Value: bson.D{{Key: "$lt", Value: now.Add(-registerWindow)}}}}); err != nil {
		return err
	}
	keys := []struct {
		key   string
		limit int
	}{{"id:" + s.ids.Tag("register", number), registerPerNumber}}
	if ip != "" {
		keys = append(keys, struct {
			key   string
			limit int
		}{"ip:" + ip, registerPerIP})
	}
	for _, k := range keys {
		var d throttleDoc
		err := s.throttle.FindOneAndUpdate(ctx, byID(k.key),
			bson.D{{Key: "$inc", Value: bson.D{{Key: "count", Value: 1}}}, {Key: "$setOnInsert", Value: bson.D{{Key: "windowStart", Value: now}}}},
			&d, options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After))
		if err != nil {
			return err
		}
		if d.Count > k.limit {
			mins := int(d.WindowStart.Add(registerWindow).Sub(now).Minutes()) + 1
			_ = s.audit.Record(ctx, "person.register", "throttle", k.key[:3], audit.ResultDenied, "rate limited")
			return skillcert.RateLimited(d.WindowStart.Add(registerWindow).Sub(now), "注册尝试过于频繁，请 %d 分钟后再试", mins)
		}
	}
	return nil
}
