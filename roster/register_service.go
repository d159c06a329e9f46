package roster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
// register does not know the person yet.
type Registration struct {
	IDNumber string `json:"idNumber"`
	Name     string `json:"name"`
	Mobile   string `json:"mobile"`
	Password string `json:"password"`
	Village  string `json:"village"`
}

// Registered is the outcome of a registration.
type Registered struct {
	Username string       `json:"username"` // the login name: the mobile number
	PersonID string       `json:"personId"`
	Status   PersonStatus `json:"status"` // active: linked to the register; pending: awaiting the town
	Message  string       `json:"message"`
}

// Registration throttling: attempts per fixed window, per client IP and
// per ID number (the name check must not become a way to test names).
const (
	registerWindow    = time.Hour
	registerPerIP     = 20
	registerPerNumber = 5
)

// Register signs a trainee up. When the register has the ID number and
// the name matches, the new account links to that person (and their
// mobile number becomes the one given); when the register lacks the
// number, a pending person is created for the household town to confirm.
// A name that does not match is refused. The login name is the mobile
// number.
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
	ex, err := s.findByIDNumber(ctx, p.IDNumber)
	switch {
	case err == nil:
		if ex.Name != p.Name {
			_ = s.audit.Record(ctx, "person.register", "person", ex.ID, audit.ResultDenied, "name does not match")
			return nil, skillcert.Invalid(string(FieldName), "姓名与登记信息不一致，请核对后重试；如登记有误，请联系户籍所在村（社区）人力社保工作站")
		}
	case skillcert.ErrorCode(err) == skillcert.ENOTFOUND:
		now := s.now().UTC()
		p.ID, p.Status, p.CreatedAt, p.UpdatedAt = skillcert.NewID(), PersonPending, now, now
		if err := s.persons.InsertOne(ctx, &p); err != nil {
			return nil, err // a racing registration of the same number: the user retries and links
		}
		if err := s.audit.Record(ctx, "person.register", "person", p.ID, audit.ResultOK, "pending "+p.Name+" "+p.IDMasked); err != nil {
			return nil, err
		}
		ex = &p
	default:
		return nil, err
	}
	acc, err := s.accounts.RegisterTrainee(ctx, auth.NewTrainee{Mobile: p.Mobile, Name: ex.Name, Password: in.Password, PersonID: ex.ID})
	if err != nil {
		return nil, err
	}
	if ex.Mobile != p.Mobile {
		actor := acc.Actor()
		actor.IP = audit.IPFrom(ctx)
		if _, err := s.persons.UpdateOne(ctx, byID(ex.ID), bson.D{{Key: "$set", Value: bson.D{{Key: "mobile", Value: p.Mobile}, {Key: "updatedAt", Value: s.now().UTC()}}}}); err != nil {
			return nil, err
		}
		if err := s.audit.RecordAs(ctx, actor, "person.update", "person", ex.ID, audit.ResultOK, "本人注册时填写手机号码"); err != nil {
			return nil, err
		}
	}
	out := &Registered{Username: acc.Username, PersonID: ex.ID, Status: ex.Status}
	if ex.Status == PersonPending {
		out.Message = fmt.Sprintf("注册成功。您的登记信息已提交%s人力社保管理所确认；现在可以用手机号码 %s 登录。", s.orgs.TownName(ex.Town), acc.Username)
		return out, nil
	}
	if err := s.audit.Record(ctx, "person.register", "person", ex.ID, audit.ResultOK, "linked"); err != nil {
		return nil, err
	}
	out.Message = fmt.Sprintf("注册成功，账号已与您在%s的登记信息关联；请用手机号码 %s 登录。", s.PlaceName(ex.Town, ex.Village), acc.Username)
	return out, nil
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
	fe.add(Field("password"), auth.ValidatePassword(in.Password))
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
	sum := sha256.Sum256([]byte("register:" + number))
	keys := []struct {
		key   string
		limit int
	}{{"id:" + hex.EncodeToString(sum[:12]), registerPerNumber}}
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
