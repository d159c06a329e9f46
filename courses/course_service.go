package courses

import (
	"strings"

	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
)

// CreateCourse creates a draft course. Its organizer is the actor's town
// for a town's staff and the city for the city's administrators, whatever
// the input says.
func (s *Service) CreateCourse(ctx context.Context, a *skillcert.Actor, in CourseInput) (*Course, error) {
	if err := canCreate(a); err != nil {
		return nil, s.denied(ctx, a, "course.create", "course", "", err)
	}
	// The organizer is the creator's unit: the city bureau's courses are
	// the city's, a town's staff create their town's. A town asked for
	// that is not the creator's is refused, never silently replaced.
	own := ""
	if a.Role == skillcert.RoleTownStaff {
		own = a.Town
	}
	if t := strings.TrimSpace(in.Town); t != "" && t != own {
		if own == "" {
			return nil, skillcert.Invalid("town", "市局创建的课程由市局举办，不能指定镇（街道）“%s”；镇（街道）的课程请由该镇（街道）工作人员创建", t)
		}
		return nil, skillcert.Invalid("town", "只能创建本镇（街道）举办的课程，不能指定“%s”", t)
	}
	in.Town = own
	now := s.now()
	if err := in.Validate(now); err != nil {
		return nil, err
	}
	c := &Course{ID: skillcert.NewID(), Status: StatusDraft, CreatedBy: a.AccountID, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	in.Apply(c)
	if err := s.courses.InsertOne(ctx, c); err != nil {
		return nil, err
	}
	if err := s.record(ctx, a, "course.create", "course", c.ID, audit.ResultOK, c.Title); err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateCourse changes a draft or published course. The organizer never
// changes; the capacity may not drop below the seats taken, and a larger
// capacity promotes people from the waitlist.
func (s *Service) UpdateCourse(ctx context.Context, a *skillcert.Actor, id string, in CourseInput) (*Course, error) {
	c, err := s.findCourse(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := canManage(a, c); err != nil {
		return nil, s.denied(ctx, a, "course.update", "course", id, err)
	}
	if c.Status != StatusDraft && c.Status != StatusPublished {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "课程状态为“%s”，不能修改课程信息", c.Status.Label())
	}
	in.Town = c.Town
	now := s.now()
	if err := in.Validate(now); err != nil {
		return nil, err
	}
	next := *c
	in.Apply(&next)
	if next.Capacity < c.Enrolled {
		return nil, skillcert.Invalid("capacity", "招生人数（%d）不能少于已录取人数（%d 人）", next.Capacity, c.Enrolled)
	}
	next.UpdatedAt = now.UTC()
	// Conditional on the status read and on the seats taken fitting the
	// new capacity, so a concurrent enrollment cannot be squeezed out.
	ok, err := s.updateIf(ctx, s.courses, id, bsonD("status", c.Status, "enrolled", bsonD("$lte", next.Capacity)),
		set(editableFields(&next)...))
	if err != nil {
		return nil, err
	}
	if !ok {
		cur, err := s.findCourse(ctx, id)
		if err != nil {
			return nil, err
		}
		if cur.Status != c.Status {
			return nil, skillcert.Errorf(skillcert.ECONFLICT, "课程状态已变为“%s”，请刷新后重试", cur.Status.Label())
		}
		return nil, skillcert.Invalid("capacity", "招生人数（%d）不能少于已录取人数（%d 人）", next.Capacity, cur.Enrolled)
	}
	if next.Title != c.Title {
		if _, err := s.sessions.UpdateMany(ctx, bson.D{{Key: "courseId", Value: id}}, set(bson.E{Key: "courseTitle", Value: next.Title})); err != nil {
			return nil, err
		}
	}
	if err := s.record(ctx, a, "course.update", "course", id, audit.ResultOK, next.Title); err != nil {
		return nil, err
	}
	if next.Capacity > c.Capacity && next.Status == StatusPublished {
		if err := s.promoteWaitlist(ctx, a, id); err != nil {
			return nil, err
		}
	}
	return s.findCourse(ctx, id)
}

// editableFields are the fields the course editor writes; the seat and
// waitlist counters are never among them.
func editableFields(c *Course) []bson.E {
	return []bson.E{
		{Key: "title", Value: c.Title}, {Key: "type", Value: c.Type}, {Key: "trade", Value: c.Trade},
		{Key: "level", Value: c.Level}, {Key: "targetGroups", Value: c.TargetGroups},
		{Key: "residency", Value: c.Residency}, {Key: "capacity", Value: c.Capacity},
		{Key: "enrollOpens", Value: c.EnrollOpens}, {Key: "enrollCloses", Value: c.EnrollCloses},
		{Key: "classHours", Value: c.ClassHours}, {Key: "completion", Value: c.Completion},
		{Key: "certificateValidityMonths", Value: c.CertificateValidityMonths},
		{Key: "description", Value: c.Description}, {Key: "updatedAt", Value: c.UpdatedAt},
	}
}

// TransitionCourse moves a course to another status by the lifecycle
// rules. Publishing needs sessions and an open window; completing needs
// every session ended and evaluates every enrollment; cancelling notifies
// the people enrolled and waiting.
func (s *Service) TransitionCourse(ctx context.Context, a *skillcert.Actor, id string, to Status) (*Course, error) {
	c, err := s.findCourse(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := canManage(a, c); err != nil {
		return nil, s.denied(ctx, a, "course.status", "course", id, err)
	}
	now := s.now()
	sessions, err := s.courseSessions(ctx, id)
	if err != nil {
		return nil, err
	}
	switch to {
	case StatusPublished:
		err = CheckPublish(*c, sessions, now)
	case StatusCompleted:
		if err = Transition(c.Status, to); err == nil {
			for _, ss := range sessions {
				if !ss.Ended(now) {
					err = skillcert.Errorf(skillcert.ECONFLICT, "课次 %s 尚未结束，不能结业", ss.TimeRange())
					break
				}
			}
		}
	default:
		err = Transition(c.Status, to)
	}
	if err != nil {
		return nil, err
	}
	fields := []bson.E{bsonE("status", to), bsonE("updatedAt", now.UTC())}
	round := s.evaluationRound()
	if to == StatusCompleted {
		// The evaluation's marker goes with the status, in one write: a
		// crash after it leaves a pending evaluation to finish, never a
		// completed course with unevaluated people and no trace.
		fields = append(fields, pendingEvaluation(round))
	}
	ok, err := s.updateIf(ctx, s.courses, id, bsonD("status", c.Status), set(fields...))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "课程状态已变更，请刷新后重试")
	}
	from := c.Status
	c.Status, c.UpdatedAt = to, now.UTC()
	if err := s.record(ctx, a, "course.status", "course", id, audit.ResultOK, string(from)+"→"+string(to)); err != nil {
		return nil, err
	}
	switch to {
	case StatusCancelled:
		if from.Active() {
			s.notifyCourse(ctx, c, MessageCourseCancelled, "课程已取消",
				"您报名的课程“"+c.Title+"”已由主办单位取消。", now, EnrollmentEnrolled, EnrollmentWaitlisted)
		}
	case StatusCompleted:
		if _, _, err := s.runEvaluation(ctx, a, c, sessions, round, false); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// CourseDetail is a course page: the course, its sessions and the seats
// left.
type CourseDetail struct {
	Course    Course    `json:"course"`
	Organizer string    `json:"organizer"`
	Sessions  []Session `json:"sessions"`
	SeatsLeft int       `json:"seatsLeft"`
	// CanManage says whether the caller runs the course (edit, sessions,
	// enrollments).
	CanManage bool `json:"canManage"`
}

// GetCourse returns a course the actor may see, with its sessions.
func (s *Service) GetCourse(ctx context.Context, a *skillcert.Actor, id string) (*CourseDetail, error) {
	c, err := s.findCourse(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.canRead(ctx, a, c); err != nil {
		return nil, err
	}
	sessions, err := s.courseSessions(ctx, id)
	if err != nil {
		return nil, err
	}
	if sessions == nil {
		sessions = []Session{}
	}
	return &CourseDetail{Course: *c, Organizer: s.orgs.TownName(c.Town), Sessions: sessions,
		SeatsLeft: c.SeatsLeft(), CanManage: canManage(a, c) == nil}, nil
}

// CourseFilter narrows a course list.
type CourseFilter struct {
	// Town is an organizer's org code; the city's own code selects the
	// city's courses.
	Town   string
	Type   Type
	Trade  string
	Status Status
	// Open keeps the courses open for enrollment now.
	Open bool
}

// ListCourses lists the courses the actor may see, newest enrollment
// window first: the city every course, a town's staff their town's, an
// instructor the courses they teach in; everyone else sees the catalog.
func (s *Service) ListCourses(ctx context.Context, a *skillcert.Actor, f CourseFilter, page skillcert.PageRequest) (skillcert.Page[Course], error) {
	q := bson.D{}
	switch {
	case a != nil && a.Role == skillcert.RoleCityAdmin:
	case a != nil && a.Role == skillcert.RoleTownStaff:
		if f.Town != "" && f.Town != a.Town {
			return skillcert.NewPage[Course](nil, 0, page), nil
		}
		f.Town = a.Town
	case a != nil && a.Role == skillcert.RoleInstructor:
		ids, err := s.taughtCourseIDs(ctx, a.AccountID)
		if err != nil {
			return skillcert.Page[Course]{}, err
		}
		if len(ids) == 0 {
			return skillcert.NewPage[Course](nil, 0, page), nil
		}
		q = append(q, bson.E{Key: "_id", Value: inList(ids)})
	default:
		return s.Catalog(ctx, f, page)
	}
	fq, err := s.filterQuery(f, false)
	if err != nil {
		return skillcert.Page[Course]{}, err
	}
	return s.pageCourses(ctx, append(q, fq...), page)
}

// Catalog lists the courses open to the public (published or in
// progress), for anyone, logged in or not.
func (s *Service) Catalog(ctx context.Context, f CourseFilter, page skillcert.PageRequest) (skillcert.Page[Course], error) {
	q, err := s.filterQuery(f, true)
	if err != nil {
		return skillcert.Page[Course]{}, err
	}
	return s.pageCourses(ctx, q, page)
}

func (s *Service) filterQuery(f CourseFilter, public bool) (bson.D, error) {
	q := bson.D{}
	switch {
	case f.Open:
		now := s.now().UTC()
		q = append(q, bson.E{Key: "status", Value: StatusPublished},
			bson.E{Key: "enrollOpens", Value: bson.D{{Key: "$lte", Value: now}}},
			bson.E{Key: "enrollCloses", Value: bson.D{{Key: "$gt", Value: now}}})
	case f.Status != "":
		if !f.Status.Valid() {
			return nil, skillcert.Invalid("status", "课程状态“%s”无效", f.Status)
		}
		if public && !(Course{Status: f.Status}).Public() {
			return nil, skillcert.Invalid("status", "课程目录只包含报名中和进行中的课程")
		}
		q = append(q, bson.E{Key: "status", Value: f.Status})
	case public:
		q = append(q, bson.E{Key: "status", Value: inList([]Status{StatusPublished, StatusInProgress})})
	}
	if f.Town != "" {
		switch {
		case f.Town == s.orgs.City().Code:
			q = append(q, bson.E{Key: "town", Value: ""})
		case s.orgs.IsTown(f.Town):
			q = append(q, bson.E{Key: "town", Value: f.Town})
		default:
			return nil, skillcert.Invalid("town", "镇（街道）“%s”不存在", f.Town)
		}
	}
	if f.Type != "" {
		if !f.Type.Valid() {
			return nil, skillcert.Invalid("type", "培训类型“%s”无效", f.Type)
		}
		q = append(q, bson.E{Key: "type", Value: f.Type})
	}
	if f.Trade != "" {
		q = append(q, bson.E{Key: "trade", Value: f.Trade})
	}
	return q, nil
}

func (s *Service) pageCourses(ctx context.Context, q bson.D, page skillcert.PageRequest) (skillcert.Page[Course], error) {
	var items []Course
	opts := options.Find().SetSort(bson.D{{Key: "enrollOpens", Value: -1}, {Key: "_id", Value: 1}}).
		SetSkip(page.Skip()).SetLimit(page.Limit())
	if err := s.courses.Find(ctx, q, &items, opts); err != nil {
		return skillcert.Page[Course]{}, err
	}
	total, err := s.courses.Count(ctx, q)
	if err != nil {
		return skillcert.Page[Course]{}, err
	}
	return skillcert.NewPage(items, total, page), nil
}

// taughtCourseIDs lists the courses an instructor teaches a session of.
func (s *Service) taughtCourseIDs(ctx context.Context, accountID string) ([]string, error) {
	var rows []struct {
		CourseID string `bson:"courseId"`
	}
	err := s.sessions.Find(ctx, bson.D{{Key: "instructorId", Value: accountID}}, &rows,
		options.Find().SetProjection(bson.D{{Key: "courseId", Value: 1}}))
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var ids []string
	for _, r := range rows {
		if !seen[r.CourseID] {
			seen[r.CourseID] = true
			ids = append(ids, r.CourseID)
		}
	}
	return ids, nil
}
