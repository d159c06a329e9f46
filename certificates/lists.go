package certificates

import (
	"context"

	"skillcert"
	"skillcert/auth"
	"skillcert/store"
)

// notPending leaves out reissues in progress.
var notPending = bsonD("$ne", StatusPending)

// Get returns a certificate its holder or staff in scope may read.
func (s *Service) Get(ctx context.Context, a *skillcert.Actor, id string) (*Certificate, error) {
	c, err := s.find(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckCertificate(a, c.PersonID, c.Town, c.HolderTown, c.HolderVillage); err != nil {
		if code := skillcert.ErrorCode(err); code == skillcert.ENOTFOUND || code == skillcert.EFORBIDDEN {
			return nil, errNotFound // the same answer as for an ID that names nothing
		}
		return nil, err
	}
	return c, nil
}

// Mine lists the certificates of the actor's own person, newest first,
// superseded and revoked ones included; an account without a person has
// none.
func (s *Service) Mine(ctx context.Context, a *skillcert.Actor, req skillcert.PageRequest) (skillcert.Page[Certificate], error) {
	if a == nil || a.PersonID == "" {
		return skillcert.NewPage[Certificate](nil, 0, req), nil
	}
	return s.page(ctx, bsonD("personId", a.PersonID, "status", notPending), bsonD("issueDate", -1, "number", -1), req)
}

// CourseCertificates is a course's certificate page: the course, how many
// completed enrollments still lack a certificate, and one page of its
// certificates by number.
type CourseCertificates struct {
	Course CourseFacts `json:"course"`
	// Completed counts the completed enrollments; Unissued those without
	// a certificate in force. Both are -1 when the completions cannot be
	// read (the courses are not wired).
	Completed    int                         `json:"completed"`
	Unissued     int                         `json:"unissued"`
	Certificates skillcert.Page[Certificate] `json:"certificates"`
}

// Course returns a course's certificates for staff of the organizing town
// (or the city).
func (s *Service) Course(ctx context.Context, a *skillcert.Actor, courseID string, req skillcert.PageRequest) (*CourseCertificates, error) {
	out := &CourseCertificates{Completed: -1, Unissued: -1}
	course, completed, err := s.source().CompletedEnrollmentIDs(ctx, courseID)
	switch {
	case err == nil:
		out.Course, out.Completed = course, len(completed)
	case skillcert.ErrorCode(err) != skillcert.ENOTFOUND:
		return nil, err
	default: // the course is known only by its certificates, if any
		var first Certificate
		if ferr := s.certs.FindOne(ctx, bsonD("courseId", courseID, "status", notPending), &first); ferr != nil {
			if store.IsNotFound(ferr) {
				return nil, err
			}
			return nil, ferr
		}
		out.Course = CourseFacts{ID: courseID, Title: first.CourseTitle, Kind: first.Kind, Trade: first.Trade, Level: first.Level,
			ClassHours: first.ClassHours, Start: first.CourseStart, End: first.CourseEnd, Town: first.Town}
	}
	if err := auth.CheckScope(a, out.Course.Town, ""); err != nil {
		return nil, err
	}
	page, err := s.page(ctx, bsonD("courseId", courseID, "status", notPending), bsonD("number", 1), req)
	if err != nil {
		return nil, err
	}
	out.Certificates = page
	if out.Completed >= 0 {
		out.Unissued = out.Completed
		if len(completed) > 0 {
			// A certificate in force holds its enrollment's slot (unique):
			// counting the slots of the completed enrollments counts those
			// issued, without reading the certificates.
			issued, err := s.certs.Count(ctx, bsonD("slot", bsonD("$in", completed)))
			if err != nil {
				return nil, err
			}
			out.Unissued -= int(issued)
		}
	}
	return out, nil
}

// Expiry limits of the expiring list.
const (
	DefaultExpiryDays = 90
	MaxExpiryDays     = 366
)

// ExpiryFilter narrows the list of certificates expiring soon.
type ExpiryFilter struct {
	// Town is the holders' town; "" means the actor's own town (every
	// town for the city).
	Town string
	// Days: certificates whose last day is today or within the next Days
	// days (DefaultExpiryDays when 0).
	Days int
	// Kind narrows to one kind, e.g. KindJobPost for platform staff.
	Kind Kind
}

// Expiring lists the valid certificates whose holders live in a town and
// that expire within the coming days, soonest first: whom to invite to
// renewal training. Town staff see their own town; the city any or all.
func (s *Service) Expiring(ctx context.Context, a *skillcert.Actor, f ExpiryFilter, req skillcert.PageRequest) (skillcert.Page[Certificate], error) {
	if f.Days == 0 {
		f.Days = DefaultExpiryDays
	}
	if f.Days < 1 || f.Days > MaxExpiryDays {
		return skillcert.Page[Certificate]{}, skillcert.Invalid("days", "天数应在 1 到 %d 之间（现为 %d）", MaxExpiryDays, f.Days)
	}
	if f.Kind != "" && f.Kind.Title() == "" {
		return skillcert.Page[Certificate]{}, skillcert.Invalid("kind", "证书类型“%s”不正确", f.Kind)
	}
	scope := auth.ListScope(a)
	switch {
	case scope.None:
		return skillcert.Page[Certificate]{}, errNotFound
	case f.Town == "" && !scope.All:
		f.Town = scope.Town
	case f.Town != "" && !s.orgs.IsTown(f.Town):
		return skillcert.Page[Certificate]{}, skillcert.Invalid("town", "镇（街道）编码“%s”不存在", f.Town)
	}
	if f.Town != "" {
		if err := auth.CheckScope(a, f.Town, ""); err != nil {
			return skillcert.Page[Certificate]{}, err
		}
	}
	today := s.today()
	q := bsonD()
	if f.Town != "" {
		q = append(q, bsonD("holderTown", f.Town)...)
	}
	q = append(q, bsonD("status", StatusValid,
		"validUntil", bsonD("$gte", today.String(), "$lte", today.AddDays(f.Days).String()))...)
	if f.Kind != "" {
		q = append(q, bsonD("kind", f.Kind)...)
	}
	return s.page(ctx, q, bsonD("validUntil", 1, "number", 1), req)
}
