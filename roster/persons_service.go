package roster

import (
	"context"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// Create registers a person in the actor's town or village.
func (s *Service) Create(ctx context.Context, a *skillcert.Actor, in PersonInput) (*Person, error) {
	if err := requirePermission(a, auth.PermRosterManage); err != nil {
		return nil, err
	}
	p, err := s.validate(in)
	if err != nil {
		return nil, err
	}
	if err := s.checkWriteScope(a, p.Town, p.Village); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	p.ID, p.Status, p.CreatedAt, p.UpdatedAt = skillcert.NewID(), PersonActive, now, now
	s.sealID(&p)
	if err := s.persons.InsertOne(ctx, &p); err != nil {
		return nil, s.duplicateError(ctx, a, err, p.IDNumber)
	}
	s.notifyWritten(ctx, p.ID)
	if err := s.audit.Record(ctx, "person.create", "person", p.ID, audit.ResultOK, p.Name+" "+p.IDMasked); err != nil {
		return nil, err
	}
	return p.public(), nil
}

// validate checks a form's input and resolves its town and village
// (codes or names) into codes; every fault is reported, in field order.
func (s *Service) validate(in PersonInput) (Person, error) {
	p, err := in.Validate(s.now())
	var fe FieldErrors
	if err != nil {
		var ok bool
		if fe, ok = err.(FieldErrors); !ok {
			return Person{}, err
		}
	}
	town, village := strings.TrimSpace(in.Town), strings.TrimSpace(in.Village)
	if town != "" && village != "" {
		t, v, perr := s.resolvePlace(town, village)
		fe = append(fe, perr...)
		p.Town, p.Village = t, v
	}
	if len(fe) > 0 {
		fe.sort()
		return Person{}, fe.AsError()
	}
	return p, nil
}

// duplicateError explains a refused insert: the ID number is registered
// already, and where (in the actor's scope: to whom).
func (s *Service) duplicateError(ctx context.Context, a *skillcert.Actor, err error, number string) error {
	if skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		return err
	}
	msg := "身份证号码 " + skillcert.MaskIDNumber(number) + " 已登记，同一人只能登记一次"
	if holder, ferr := s.findByIDNumber(ctx, number); ferr == nil {
		if auth.CheckScope(a, holder.Town, holder.Village) == nil {
			msg += "（" + holder.Name + "，" + s.PlaceName(holder.Town, holder.Village) + "，" + holder.Status.Label() + "）"
		} else {
			// Not where: another town learns nothing of a person outside its
			// scope beyond the number being taken (issue 11).
			msg += "（登记在您管辖范围以外的单位；如户籍已迁入，请联系市人力社保局协调）"
		}
	}
	return &skillcert.Error{Code: skillcert.ECONFLICT, Field: string(FieldIDNumber), Message: msg}
}

// Get returns a person the actor may see, without the whole ID number.
func (s *Service) Get(ctx context.Context, a *skillcert.Actor, id string) (*Person, error) {
	p, err := s.reachable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return p.public(), nil
}

// reachable reads a person and checks the actor may reach them.
func (s *Service) reachable(ctx context.Context, a *skillcert.Actor, id string) (*Person, error) {
	p, err := s.findPerson(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckPersonAccess(a, p.ID, p.Town, p.Village); err != nil {
		return nil, errNotVisible
	}
	return p, nil
}

// Update changes a person the actor manages. An empty ID number keeps the
// one registered; a different one corrects it. A person can be moved to
// another village of the actor's scope. Nothing is written (or audited)
// when nothing changes.
func (s *Service) Update(ctx context.Context, a *skillcert.Actor, id string, in PersonInput) (*Person, error) {
	if err := requirePermission(a, auth.PermRosterManage); err != nil {
		return nil, err
	}
	before, err := s.reachable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(in.IDNumber) == "" {
		in.IDNumber = before.IDNumber
	}
	p, err := s.validate(in)
	if err != nil {
		return nil, err
	}
	if err := s.checkWriteScope(a, p.Town, p.Village); err != nil {
		return nil, err
	}
	return s.replace(ctx, a, before, p, "person.update")
}

// replace writes the new state of a person over before, keeping its key,
// status and creation time, and audits the changed fields.
func (s *Service) replace(ctx context.Context, a *skillcert.Actor, before *Person, p Person, action string) (*Person, error) {
	p.ID, p.CreatedAt, p.UpdatedAt = before.ID, before.CreatedAt, before.UpdatedAt
	if p.Status == "" {
		p.Status = before.Status
	}
	changed := changedFields(before, &p)
	if len(changed) == 0 {
		return before.public(), nil
	}
	p.UpdatedAt = s.now().UTC()
	s.sealID(&p)
	if _, err := s.persons.ReplaceOne(ctx, byID(p.ID), &p); err != nil {
		return nil, s.duplicateError(ctx, a, err, p.IDNumber)
	}
	s.notifyWritten(ctx, p.ID)
	if err := s.audit.Record(ctx, action, "person", p.ID, audit.ResultOK, strings.Join(changed, "、")); err != nil {
		return nil, err
	}
	if s.changed != nil {
		s.changed(ctx, p.ID)
	}
	return p.public(), nil
}

// Delete removes a person the actor manages. A person with an account is
// kept: the account would lose its record.
func (s *Service) Delete(ctx context.Context, a *skillcert.Actor, id string) error {
	if err := requirePermission(a, auth.PermRosterManage); err != nil {
		return err
	}
	p, err := s.reachable(ctx, a, id)
	if err != nil {
		return err
	}
	if s.accounts != nil {
		if _, err := s.accounts.TraineeAccountOf(ctx, p.ID); err == nil {
			return skillcert.Errorf(skillcert.ECONFLICT, "%s已注册学员账号，不能删除；如登记有误请修改", p.Name)
		} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
			return err
		}
	}
	if _, err := s.persons.DeleteOne(ctx, byID(p.ID)); err != nil {
		return err
	}
	s.notifyWritten(ctx, p.ID)
	return s.audit.Record(ctx, "person.delete", "person", p.ID, audit.ResultOK, p.Name+" "+p.IDMasked)
}

// List returns a page of the persons in the actor's scope matching the
// filter, by name. It costs two database commands whatever the size of
// the register: the page and the count.
func (s *Service) List(ctx context.Context, a *skillcert.Actor, f Filter, page skillcert.PageRequest) (skillcert.Page[Person], error) {
	if err := requirePermission(a, auth.PermRosterRead); err != nil {
		return skillcert.Page[Person]{}, err
	}
	if err := f.normalize(s.orgs, s.now()); err != nil {
		return skillcert.Page[Person]{}, err
	}
	s.hashFilter(&f)
	q, none := f.query(a)
	if none {
		return skillcert.NewPage[Person](nil, 0, page), nil
	}
	var items []Person
	opts := options.Find().SetSort(bson.D{{Key: "name", Value: 1}}).SetSkip(page.Skip()).SetLimit(page.Limit()).SetProjection(withoutIDNumber)
	if err := s.persons.Find(ctx, q, &items, opts); err != nil {
		return skillcert.Page[Person]{}, err
	}
	total, err := s.persons.Count(ctx, q)
	if err != nil {
		return skillcert.Page[Person]{}, err
	}
	return skillcert.NewPage(items, total, page), nil
}

// RevealIDNumber returns a person's whole ID number to an actor who may
// see it (staff in scope, a trainee their own) and audits the showing.
func (s *Service) RevealIDNumber(ctx context.Context, a *skillcert.Actor, id string) (string, error) {
	if err := requirePermission(a, auth.PermRosterReveal); err != nil {
		return "", err
	}
	p, err := s.findPerson(ctx, id)
	if err != nil {
		return "", err
	}
	if err := auth.CheckPersonAccess(a, p.ID, p.Town, p.Village); err != nil {
		_ = s.audit.Record(ctx, "person.reveal", "person", p.ID, audit.ResultDenied, "")
		return "", errNotVisible
	}
	if err := s.audit.Record(ctx, "person.reveal", "person", p.ID, audit.ResultOK, p.Name); err != nil {
		return "", err
	}
	return p.IDNumber, nil
}

// PersonByID returns a person for another service (courses,
// certificates), unscoped and with the whole ID number: the caller
// decides access and never shows the number to whom may not see it.
func (s *Service) PersonByID(ctx context.Context, id string) (*Person, error) {
	return s.findPerson(ctx, id)
}

// PersonIDsByIDNumbers maps each given ID number that names a person
// within the actor's scope to that person's ID; numbers that are invalid,
// unknown or out of scope are left out of the map.
func (s *Service) PersonIDsByIDNumbers(ctx context.Context, a *skillcert.Actor, numbers []string) (map[string]string, error) {
	byNumber := map[string]string{} // normalized → as given
	var valid []string
	for _, n := range numbers {
		id, err := ParseIDNumber(n, s.now())
		if err != nil {
			continue
		}
		if _, seen := byNumber[id.String()]; !seen {
			valid = append(valid, id.String())
		}
		byNumber[id.String()] = n
	}
	found, err := s.personsByIDNumbers(ctx, valid, idProjection)
	if err != nil {
		return nil, err
	}
	byHash := make(map[string]*Person, len(found))
	for i := range found {
		byHash[found[i].IDHash] = &found[i]
	}
	out := make(map[string]string, len(found))
	for _, n := range valid {
		if p, ok := s.holderOf(byHash, n); ok && auth.CheckScope(a, p.Town, p.Village) == nil {
			out[byNumber[n]] = p.ID
		}
	}
	return out, nil
}

// public is the person without the whole ID number, for every answer
// that is not an audited reveal.
func (p *Person) public() *Person {
	c := *p
	c.IDNumber, c.IDSealed, c.IDHash = "", "", ""
	c.Warnings = NameWarnings(c.Name)
	return &c
}

// changedFields names, in Chinese, the fields that differ between two
// states of a person (the audit trail records names, not values).
func changedFields(a, b *Person) []string {
	var out []string
	add := func(differs bool, f Field) {
		if differs {
			out = append(out, f.Column())
		}
	}
	add(a.Name != b.Name, FieldName)
	add(a.IDNumber != b.IDNumber, FieldIDNumber)
	add(a.Mobile != b.Mobile, FieldMobile)
	add(a.Town != b.Town, FieldTown)
	add(a.Village != b.Village, FieldVillage)
	add(!slices.Equal(a.Groups, b.Groups), FieldGroups)
	add(a.Education != b.Education, FieldEducation)
	add(a.ComputerSkill != b.ComputerSkill, FieldComputerLevel)
	add(a.Employment != b.Employment, FieldEmployment)
	add(a.Notes != b.Notes, FieldNotes)
	if a.Status != b.Status {
		out = append(out, "登记状态")
	}
	if a.IDMasked != b.IDMasked || a.IDSuffix != b.IDSuffix || a.Gender != b.Gender || a.BirthDate != b.BirthDate {
		out = append(out, "身份证派生信息")
	}
	return out
}

// AddTargetGroup adds a target group to a person for another service (a
// hired coordinator joins 基层平台工作人员); adding it twice changes
// nothing. The caller decides access; the change is audited as the actor
// in ctx.
func (s *Service) AddTargetGroup(ctx context.Context, personID string, g TargetGroup) error {
	if !g.Valid() {
		return skillcert.Invalid(string(FieldGroups), "人员类别“%s”不存在", g)
	}
	p, err := s.findPerson(ctx, personID)
	if err != nil {
		return err
	}
	if p.InGroup(g) {
		return nil
	}
	var groups []TargetGroup
	for _, x := range TargetGroups {
		if x == g || p.InGroup(x) {
			groups = append(groups, x)
		}
	}
	if _, err := s.persons.UpdateOne(ctx, byID(p.ID), bson.D{{Key: "$set", Value: bson.D{{Key: "groups", Value: groups}, {Key: "updatedAt", Value: s.now().UTC()}}}}); err != nil {
		return err
	}
	s.notifyWritten(ctx, p.ID)
	return s.audit.Record(ctx, "person.update", "person", p.ID, audit.ResultOK, "人员类别：加入"+g.Label())
}
