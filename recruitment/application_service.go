package recruitment

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
)

// MaxApplicationsPerPost bounds the applications of one post, so that
// ranking a post reads a bounded number of records.
const MaxApplicationsPerPost = 1000

// postOpenForChanges reports whether the applications of the post may
// still change: not while the city reviews them, nor after the notice.
func postOpenForChanges(p *Post) error {
	switch p.Status {
	case PostOpen, PostSelecting, PostReviewed:
		return nil
	}
	return skillcert.Errorf(skillcert.ECONFLICT, "岗位当前为“%s”，报名信息不能再修改", p.Status.Label())
}

// person reads an applicant from the register.
func (s *Service) person(ctx context.Context, personID string) (Person, error) {
	if s.deps.Register == nil {
		return Person{}, errNoRegister
	}
	p, err := s.deps.Register.Person(ctx, personID)
	if skillcert.ErrorCode(err) == skillcert.ENOTFOUND {
		return Person{}, skillcert.Invalid("personId", "人员编号“%s”在人员登记库中不存在", personID)
	}
	return p, err
}

// Apply files an application for a post taking applications: a trainee for
// themselves, or a town's staff for a person, on a post of their town. The
// applicant is screened at once; the explanations are stored.
func (s *Service) Apply(ctx context.Context, a *skillcert.Actor, postID string, in ApplicationInput) (*Application, error) {
	const action = "recruitment.application.create"
	p, err := s.findPost(ctx, postID)
	if err != nil {
		return nil, err
	}
	in.PersonID = strings.TrimSpace(in.PersonID)
	onBehalf := false
	switch {
	case a != nil && a.Role == skillcert.RoleTrainee:
		if a.PersonID == "" {
			return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "您的账号未关联人员登记信息，请联系所在村（社区）工作站")
		}
		if in.PersonID != "" && in.PersonID != a.PersonID {
			return nil, s.denied(ctx, a, action, "post", postID, skillcert.Errorf(skillcert.EFORBIDDEN, "学员只能为本人报名"))
		}
		if p.Status != PostOpen {
			return nil, errPostNotVisible
		}
		in.PersonID = a.PersonID
	case canRunPost(a, p) == nil:
		if in.PersonID == "" {
			return nil, skillcert.Invalid("personId", "请先查找并选择代为报名的人员")
		}
		onBehalf = true
	default:
		return nil, s.denied(ctx, a, action, "post", postID, errPostNotVisible)
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	today := s.Today()
	if !p.Accepting(today) {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "岗位“%s”不在报名期内（报名时间 %s 至 %s）", p.Title, p.Opens.String(), p.Closes.String())
	}
	person, err := s.person(ctx, in.PersonID)
	if err != nil {
		return nil, err
	}
	dup := skillcert.Errorf(skillcert.ECONFLICT, "%s 已报名岗位“%s”，每人每个岗位只能报名一次", person.Name, p.Title)
	if n, err := s.apps.Count(ctx, byID(ApplicationID(p.ID, person.ID))); err != nil || n > 0 {
		if err != nil {
			return nil, err
		}
		return nil, dup
	}
	// Count the application on the post first, within the limit; undo the
	// count if the application cannot be stored.
	res, err := s.posts.UpdateOne(ctx, bson.D{{Key: "_id", Value: p.ID}, {Key: "applicants", Value: bson.D{{Key: "$lt", Value: MaxApplicationsPerPost}}}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "applicants", Value: 1}}}})
	if err != nil {
		return nil, err
	}
	if res.MatchedCount == 0 {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "岗位“%s”报名人数已达 %d 人上限", p.Title, MaxApplicationsPerPost)
	}
	now := s.stamp()
	app := &Application{
		ID: ApplicationID(p.ID, person.ID), PostID: p.ID, PostTitle: p.Title, PersonID: person.ID, Town: p.Town, Village: p.Village,
		Phone: in.Phone, Education: in.Education, ComputerSkill: in.ComputerSkill,
		Status: AppApplied, AppliedBy: actorID(a), OnBehalf: onBehalf, CreatedAt: now, UpdatedAt: now,
	}
	app.declare(in)
	app.fromPerson(person)
	app.Screening = Screen(app.Applicant(), p.Requirements)
	if err := s.apps.InsertOne(ctx, app); err != nil {
		_, _ = s.posts.UpdateOne(ctx, byID(p.ID), bson.D{{Key: "$inc", Value: bson.D{{Key: "applicants", Value: -1}}}})
		if store.IsDuplicate(err) {
			return nil, dup
		}
		return nil, err
	}
	return app, s.ok(ctx, a, action, "application", app.ID, screeningSummary(app.Screening))
}

// fromPerson copies what the register says of the applicant: who they
// are, and the education and computer skill where it records them.
func (app *Application) fromPerson(p Person) {
	app.Name, app.IDMasked, app.BirthDate, app.HomeTown = p.Name, p.IDMasked, p.BirthDate, p.Town
	app.useRegisterFacts(p)
}

// screeningSummary writes the outcome for the audit trail, e.g.
// "资格审查未通过：年龄、学历".
func screeningSummary(sc Screening) string {
	var failed, overridden []string
	for _, r := range sc.Results {
		switch {
		case r.Override != nil:
			overridden = append(overridden, r.Key.Label())
		case !r.Passed:
			failed = append(failed, r.Key.Label())
		}
	}
	out := "资格审查通过"
	if len(failed) > 0 {
		out = "资格审查未通过：" + strings.Join(failed, "、")
	}
	if len(overridden) > 0 {
		out += "；破格：" + strings.Join(overridden, "、")
	}
	return out
}

// findApplication reads an application by ID.
func (s *Service) findApplication(ctx context.Context, id string) (*Application, error) {
	var app Application
	if err := s.apps.FindOne(ctx, byID(id), &app); err != nil {
		if store.IsNotFound(err) {
			return nil, errAppNotVisible
		}
		return nil, err
	}
	return &app, nil
}

// Application returns an application the actor may see: the city, the
// post's town, the applicant.
func (s *Service) Application(ctx context.Context, a *skillcert.Actor, id string) (*Application, error) {
	app, err := s.findApplication(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := canSeeApplication(a, app); err != nil {
		return nil, err
	}
	return app, nil
}

// PostApplications lists a post's applications in order of arrival with
// their screening (the screening board): the city and the post's town.
func (s *Service) PostApplications(ctx context.Context, a *skillcert.Actor, postID string, page skillcert.PageRequest) (skillcert.Page[Application], error) {
	p, err := s.findPost(ctx, postID)
	if err != nil {
		return skillcert.Page[Application]{}, err
	}
	if err := canOverseePost(a, p); err != nil {
		return skillcert.Page[Application]{}, err
	}
	q := bson.D{{Key: "postId", Value: p.ID}}
	return s.pageOfApps(ctx, q, bson.D{{Key: "createdAt", Value: 1}}, page)
}

// MyApplications lists the trainee's own applications, newest first.
func (s *Service) MyApplications(ctx context.Context, a *skillcert.Actor, page skillcert.PageRequest) (skillcert.Page[Application], error) {
	if a == nil || a.PersonID == "" {
		return skillcert.NewPage[Application](nil, 0, page), nil
	}
	q := bson.D{{Key: "personId", Value: a.PersonID}}
	return s.pageOfApps(ctx, q, bson.D{{Key: "createdAt", Value: -1}}, page)
}

func (s *Service) pageOfApps(ctx context.Context, q, sort bson.D, page skillcert.PageRequest) (skillcert.Page[Application], error) {
	return findPage[Application](ctx, s.apps, q, sort, page)
}

// findPage reads one page of a list and its total; a first page that is
// not full is the whole list, so it needs no count.
func findPage[T any](ctx context.Context, coll *store.Collection, q, sort bson.D, page skillcert.PageRequest) (skillcert.Page[T], error) {
	var items []T
	opts := options.Find().SetSort(sort).SetSkip(page.Skip()).SetLimit(page.Limit())
	if err := coll.Find(ctx, q, &items, opts); err != nil {
		return skillcert.Page[T]{}, err
	}
	total := int64(len(items))
	if page.Skip() > 0 || total == page.Limit() {
		n, err := coll.Count(ctx, q)
		if err != nil {
			return skillcert.Page[T]{}, err
		}
		total = n
	}
	return skillcert.NewPage(items, total, page), nil
}

// UpdateApplication changes the form of an application and screens it
// again: the applicant while the post takes applications, the post's town
// until the city reviews it. An override stays only while the facts it was
// given on are unchanged. A proposed or returned application goes back to
// the pool (selection runs again).
func (s *Service) UpdateApplication(ctx context.Context, a *skillcert.Actor, id string, in ApplicationInput) (*Application, error) {
	const action = "recruitment.application.update"
	app, p, err := s.appForChange(ctx, a, id, action, true)
	if err != nil {
		return nil, err
	}
	if in.PersonID != "" && in.PersonID != app.PersonID {
		return nil, skillcert.Invalid("personId", "报名人员不能更改")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	next := *app
	next.Phone, next.Education, next.ComputerSkill = in.Phone, in.Education, in.ComputerSkill
	next.declare(in)
	if s.deps.Register != nil {
		person, err := s.person(ctx, app.PersonID)
		if err != nil {
			return nil, err
		}
		next.fromPerson(person)
	}
	return s.saveRescreened(ctx, a, app, &next, p, action)
}

// RescreenApplication reads the applicant again from the register and
// screens the application again (the post's town).
func (s *Service) RescreenApplication(ctx context.Context, a *skillcert.Actor, id string) (*Application, error) {
	const action = "recruitment.application.rescreen"
	app, p, err := s.appForChange(ctx, a, id, action, false)
	if err != nil {
		return nil, err
	}
	person, err := s.person(ctx, app.PersonID)
	if err != nil {
		return nil, err
	}
	next := *app
	next.fromPerson(person)
	return s.saveRescreened(ctx, a, app, &next, p, action)
}

// PersonChanged screens again every application of the person that may
// still change, after their register record changed (the register calls
// it; the lead wires it). It returns how many were screened again.
func (s *Service) PersonChanged(ctx context.Context, personID string) (int, error) {
	person, err := s.person(ctx, personID)
	if err != nil {
		return 0, err
	}
	var apps []Application
	if err := s.apps.Find(ctx, bson.D{{Key: "personId", Value: personID}}, &apps); err != nil {
		return 0, err
	}
	n := 0
	for i := range apps {
		app := &apps[i]
		if !app.Status.editable() {
			continue
		}
		p, err := s.findPost(ctx, app.PostID)
		if err != nil {
			return n, err
		}
		if postOpenForChanges(p) != nil {
			continue
		}
		next := *app
		next.fromPerson(person)
		if _, err := s.saveRescreened(ctx, skillcert.ActorFrom(ctx), app, &next, p, "recruitment.application.rescreen"); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// appForChange reads an application the actor may change: the post's town
// staff while it is editable, or (byApplicant) the applicant while the post
// takes applications.
func (s *Service) appForChange(ctx context.Context, a *skillcert.Actor, id, action string, byApplicant bool) (*Application, *Post, error) {
	app, err := s.Application(ctx, a, id)
	if err != nil {
		return nil, nil, s.denied(ctx, a, action, "application", id, err)
	}
	p, err := s.findPost(ctx, app.PostID)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case canRunPost(a, p) == nil:
	case byApplicant && a.Role == skillcert.RoleTrainee:
		if !p.Accepting(s.Today()) {
			return nil, nil, skillcert.Errorf(skillcert.ECONFLICT, "报名已于 %s 截止，报名信息请联系%s修改", p.Closes.String(), s.orgs.TownName(p.Town))
		}
	default:
		return nil, nil, s.denied(ctx, a, action, "application", id, skillcert.Errorf(skillcert.EFORBIDDEN, "只有岗位所在镇（街道）的工作人员可以修改报名信息"))
	}
	if err := postOpenForChanges(p); err != nil {
		return nil, nil, err
	}
	if !app.Status.editable() {
		return nil, nil, skillcert.Errorf(skillcert.ECONFLICT, "报名当前为“%s”，不能修改", app.Status.Label())
	}
	return app, p, nil
}

// saveRescreened screens next against the post, keeps the overrides whose
// facts are unchanged, puts a proposed or returned application back in the
// pool and saves it if prev is still as read.
func (s *Service) saveRescreened(ctx context.Context, a *skillcert.Actor, prev, next *Application, p *Post, action string) (*Application, error) {
	sc, dropped := Rescreen(prev.Screening, next.Applicant(), p.Requirements)
	next.Screening, next.DroppedOverrides = sc, dropped
	next.NeedsCityReview = len(sc.Overridden()) > 0
	next.backToPool()
	next.UpdatedAt = s.stamp()
	if err := s.replaceIfUnchanged(ctx, prev, next); err != nil {
		return nil, err
	}
	detail := screeningSummary(sc)
	if len(dropped) > 0 {
		var names []string
		for _, k := range dropped {
			names = append(names, k.Label())
		}
		detail += "；因情况变化撤销破格：" + strings.Join(names, "、")
	}
	return next, s.ok(ctx, a, action, "application", next.ID, detail)
}

// backToPool puts a proposed or returned application back among those
// selection ranks; the city's earlier return stays on record.
func (app *Application) backToPool() {
	if app.Status == AppProposed || app.Status == AppReturned {
		app.Status, app.Rank = AppApplied, 0
	}
}

// replaceIfUnchanged writes next over prev if the stored application still
// has prev's status and update time.
func (s *Service) replaceIfUnchanged(ctx context.Context, prev, next *Application) error {
	res, err := s.apps.ReplaceOne(ctx, bson.D{{Key: "_id", Value: prev.ID}, {Key: "status", Value: prev.Status}, {Key: "updatedAt", Value: prev.UpdatedAt}}, next)
	if err != nil {
		return err
	}
	if res.MatchedCount == 0 {
		return errChanged
	}
	return nil
}

// Override admits a failed requirement as an exception with a written
// reason (the post's town staff). The requirement stays failed, the
// application is flagged for the city's review.
func (s *Service) Override(ctx context.Context, a *skillcert.Actor, id string, key RequirementKey, reason string) (*Application, error) {
	const action = "recruitment.application.override"
	app, _, err := s.appForChange(ctx, a, id, action, false)
	if err != nil {
		return nil, err
	}
	next := *app
	next.Screening.Results = append([]RequirementResult(nil), app.Screening.Results...)
	if err := ApplyOverride(&next.Screening, key, reason, actorID(a), s.stamp()); err != nil {
		return nil, err
	}
	next.NeedsCityReview = true
	next.DroppedOverrides = nil
	next.backToPool()
	next.UpdatedAt = s.stamp()
	if err := s.replaceIfUnchanged(ctx, app, &next); err != nil {
		return nil, err
	}
	return &next, s.ok(ctx, a, action, "application", id, fmt.Sprintf("%s破格：%s", key.Label(), strings.TrimSpace(reason)))
}

// FormFor returns the application form as the actor starts it on a post:
// a trainee's own application if they applied (with it), else their
// register record's education, computer skills and mobile; town staff get
// an empty form.
func (s *Service) FormFor(ctx context.Context, a *skillcert.Actor, postID string) (ApplicationInput, *Application, error) {
	in := ApplicationInput{ComputerSkill: ComputerSkill{Level: ComputerNone}}
	if a == nil || a.Role != skillcert.RoleTrainee || a.PersonID == "" {
		return in, nil, nil
	}
	app, err := s.findApplication(ctx, ApplicationID(postID, a.PersonID))
	if err == nil {
		return ApplicationInput{Phone: app.Phone, Education: app.Education, ComputerSkill: app.ComputerSkill}, app, nil
	}
	if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		return in, nil, err
	}
	if s.deps.Register == nil {
		return in, nil, nil
	}
	p, err := s.deps.Register.Person(ctx, a.PersonID)
	if err != nil {
		return in, nil, nil // the form starts empty; Apply reports a missing record
	}
	in.Phone = p.Mobile
	in.Education.Level = p.Education
	if p.ComputerSkill.Level != "" {
		in.ComputerSkill = p.ComputerSkill
	}
	return in, nil, nil
}

// Hires lists the post's hired coordinators (the city and the post's
// town); a post has at most MaxPlaces.
func (s *Service) Hires(ctx context.Context, a *skillcert.Actor, postID string) ([]Application, error) {
	p, err := s.findPost(ctx, postID)
	if err != nil {
		return nil, err
	}
	if err := canOverseePost(a, p); err != nil {
		return nil, err
	}
	var out []Application
	err = s.apps.Find(ctx, bson.D{{Key: "postId", Value: p.ID}, {Key: "status", Value: AppHired}}, &out,
		options.Find().SetSort(bson.D{{Key: "rank", Value: 1}}).SetLimit(MaxPlaces))
	return out, err
}
