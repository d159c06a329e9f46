package certificates

import (
	"context"
	"errors"
	"fmt"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/store"
)

// Audit actions of certificates.
const (
	ActionIssue   = "certificate.issue"
	ActionRevoke  = "certificate.revoke"
	ActionReissue = "certificate.reissue"
	ActionZip     = "certificate.zip"
)

// auditTarget is the target type of the audit entries.
const auditTarget = "certificate"

// Issue issues the certificate of one completed enrollment. Issuing again
// returns the certificate in force, with created false; however many
// requests race, the enrollment gets one certificate. An enrollment whose
// certificate was revoked gets no new one here (ECONFLICT): a revocation
// is not undone by issuing.
//
// The writes: a number is drawn from the series' counter, then the
// certificate is inserted under the enrollment's unique slot. A crash
// between the two leaves a gap in the numbers and nothing else; a retry
// issues normally.
func (s *Service) Issue(ctx context.Context, a *skillcert.Actor, enrollmentID string) (c *Certificate, created bool, err error) {
	comp, err := s.source().CompletedEnrollment(ctx, enrollmentID)
	if err != nil {
		return nil, false, err
	}
	if err := auth.CheckScope(a, comp.Course.Town, ""); err != nil {
		return nil, false, err
	}
	cur, err := s.current(ctx, comp.EnrollmentID)
	if err != nil {
		return nil, false, err
	}
	if cur != nil {
		if cur.Status == StatusRevoked {
			return cur, false, errRevokedEnrollment(cur)
		}
		return cur, false, nil
	}
	c, err = s.build(comp, a)
	if err != nil {
		return nil, false, err
	}
	series := numberSeries(c.IssueDate, c.Town)
	first, err := s.drawNumbers(ctx, series, 1)
	if err != nil {
		return nil, false, err
	}
	c.Number = formatNumber(series, first)
	if err := s.certs.InsertOne(ctx, c); err != nil {
		if !store.IsDuplicate(err) {
			return nil, false, err
		}
		// Another request issued this enrollment's certificate meanwhile.
		cur, cerr := s.current(ctx, comp.EnrollmentID)
		if cerr != nil {
			return nil, false, cerr
		}
		if cur == nil {
			return nil, false, skillcert.Internal(err) // a number or token collision: a bug
		}
		return cur, false, nil
	}
	s.holderChanged(ctx, c.PersonID)
	s.record(ctx, a, ActionIssue, c.ID, c.Number+" "+c.CourseTitle)
	return c, true, nil
}

func errRevokedEnrollment(c *Certificate) error {
	return skillcert.Errorf(skillcert.ECONFLICT, "%s的证书（编号%s）已于%s撤销，不能再次发证", c.HolderName, c.Number, dateText(skillcert.DateOf(c.RevokedAt)))
}

// build makes the certificate of a completion as issued today by a,
// without its number, and checks that it prints.
func (s *Service) build(comp Completion, a *skillcert.Actor) (*Certificate, error) {
	issuer, ok := s.issuer(comp.Course.Town)
	if !ok {
		return nil, skillcert.Invalid("town", "找不到主办单位（编码 %s），无法确定发证机构", comp.Course.Town)
	}
	now := s.now()
	id := skillcert.NewID()
	c := &Certificate{
		ID: id, Token: newToken(), Slot: comp.EnrollmentID, Status: StatusValid,
		EnrollmentID: comp.EnrollmentID, PersonID: comp.PersonID, CourseID: comp.Course.ID,
		HolderName: comp.HolderName, Gender: comp.Gender, IDMasked: comp.IDMasked,
		HolderTown: comp.HolderTown, HolderVillage: comp.HolderVillage,
		Kind: comp.Course.Kind, CourseTitle: comp.Course.Title, Trade: comp.Course.Trade, Level: comp.Course.Level,
		ClassHours: comp.Course.ClassHours, CourseStart: comp.Course.Start, CourseEnd: comp.Course.End,
		Town: comp.Course.Town, Issuer: issuer,
		IssueDate: skillcert.DateOf(now), CreatedAt: now.UTC(),
	}
	if a != nil {
		c.IssuedBy = a.AccountID
	}
	c.ValidUntil = validUntil(c.IssueDate, comp.Course.ValidityMonths)
	if err := s.check(c); err != nil {
		return nil, err
	}
	return c, nil
}

// check makes sure a certificate prints, with a number of its series in
// place of the one it will get (numbers print in the same characters).
func (s *Service) check(c *Certificate) error {
	d := c.Document(s.baseURL)
	if d.Number == "" {
		d.Number = formatNumber(numberSeries(c.IssueDate, c.Town), 0)
	}
	if err := s.renderer.Check(d); err != nil {
		return forHolder(c.HolderName, err)
	}
	return nil
}

// forHolder prefixes a user-facing error with the holder's name.
func forHolder(name string, err error) error {
	var e *skillcert.Error
	if errors.As(err, &e) && e.Code != skillcert.EINTERNAL {
		return &skillcert.Error{Code: e.Code, Field: e.Field, Message: "学员" + name + "：" + e.Message, Err: e.Err}
	}
	return err
}

// BatchResult is what issuing a course's certificates did.
type BatchResult struct {
	CourseID string `json:"courseId"`
	// Issued are the certificates issued now, in number order.
	Issued []IssuedCertificate `json:"issued"`
	// AlreadyIssued counts completed enrollments that had a valid
	// certificate; Revoked those whose certificate was revoked (not
	// issued again).
	AlreadyIssued int `json:"alreadyIssued"`
	Revoked       int `json:"revoked"`
	// Failed are the enrollments whose certificate cannot be printed,
	// with the reason; nothing was issued for them.
	Failed []BatchFailure `json:"failed"`
}

// IssuedCertificate names one certificate of a batch.
type IssuedCertificate struct {
	ID         string `json:"id"`
	Number     string `json:"number"`
	HolderName string `json:"holderName"`
}

// BatchFailure is an enrollment a batch could not issue.
type BatchFailure struct {
	EnrollmentID string `json:"enrollmentId"`
	HolderName   string `json:"holderName"`
	Message      string `json:"message"`
}

// Summary says in one Chinese sentence what the batch did.
func (r BatchResult) Summary() string {
	msg := fmt.Sprintf("新发证书 %d 张，已有证书 %d 人", len(r.Issued), r.AlreadyIssued)
	if r.Revoked > 0 {
		msg += fmt.Sprintf("，证书已撤销 %d 人（未重新发证）", r.Revoked)
	}
	if len(r.Failed) > 0 {
		msg += fmt.Sprintf("，%d 人无法发证：%s", len(r.Failed), r.Failed[0].Message)
		if len(r.Failed) > 1 {
			msg += " 等"
		}
	}
	return msg
}

// IssueCourse issues the certificates of every completed enrollment of a
// course that has none, numbered in the order the completions come. It is
// safe to run again and to run concurrently: enrollments with a
// certificate in force are counted and skipped, and a race on one
// enrollment leaves one certificate (the loser's number stays unused).
// An enrollment whose certificate cannot be printed is reported in Failed
// and does not stop the others.
func (s *Service) IssueCourse(ctx context.Context, a *skillcert.Actor, courseID string) (*BatchResult, error) {
	course, comps, err := s.source().CompletedEnrollments(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if err := auth.CheckScope(a, course.Town, ""); err != nil {
		return nil, err
	}
	existing, err := s.courseInForce(ctx, course.ID)
	if err != nil {
		return nil, err
	}
	have := make(map[string]*Certificate, len(existing))
	for i := range existing {
		have[existing[i].EnrollmentID] = &existing[i]
	}
	res := &BatchResult{CourseID: course.ID, Issued: []IssuedCertificate{}, Failed: []BatchFailure{}}
	var fresh []*Certificate
	for _, comp := range comps {
		if cur, ok := have[comp.EnrollmentID]; ok {
			switch {
			case cur == nil: // listed twice: issued once
			case cur.Status == StatusRevoked:
				res.Revoked++
			default:
				res.AlreadyIssued++
			}
			continue
		}
		have[comp.EnrollmentID] = nil
		c, err := s.build(comp, a)
		if err != nil {
			if code := skillcert.ErrorCode(err); code == skillcert.EINTERNAL || code == skillcert.EUNAVAILABLE {
				return nil, err
			}
			res.Failed = append(res.Failed, BatchFailure{EnrollmentID: comp.EnrollmentID, HolderName: comp.HolderName, Message: skillcert.ErrorMessage(err)})
			continue
		}
		fresh = append(fresh, c)
	}
	if len(fresh) == 0 {
		return res, nil
	}
	// One increment reserves the whole batch's numbers.
	series := numberSeries(fresh[0].IssueDate, fresh[0].Town)
	first, err := s.drawNumbers(ctx, series, len(fresh))
	if err != nil {
		return nil, err
	}
	for i, c := range fresh {
		c.Number = formatNumber(series, first+int64(i))
	}
	// The marker first, so that a crash from here on is finished by
	// FinishBatches (batch.go).
	b, err := s.startBatch(ctx, a, course.ID, fresh)
	if err != nil {
		return nil, err
	}
	inserted, err := s.runBatch(ctx, b, false)
	if err != nil {
		return nil, err
	}
	res.AlreadyIssued += len(fresh) - len(inserted)
	for _, c := range inserted {
		res.Issued = append(res.Issued, IssuedCertificate{ID: c.ID, Number: c.Number, HolderName: c.HolderName})
	}
	return res, nil
}

// which returns those of fresh that are stored.
func (s *Service) which(ctx context.Context, courseID string, fresh []*Certificate) ([]*Certificate, error) {
	stored, err := s.courseInForce(ctx, courseID)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(stored))
	for _, c := range stored {
		ids[c.ID] = true
	}
	var out []*Certificate
	for _, c := range fresh {
		if ids[c.ID] {
			out = append(out, c)
		}
	}
	return out, nil
}

// record writes an audit entry for a change; a failure to write it is
// logged, the change stands.
func (s *Service) record(ctx context.Context, a *skillcert.Actor, action, targetID, detail string) {
	var err error
	if a != nil {
		err = s.audit.RecordAs(ctx, a, action, auditTarget, targetID, audit.ResultOK, detail)
	} else {
		err = s.audit.Record(ctx, action, auditTarget, targetID, audit.ResultOK, detail)
	}
	if err != nil {
		s.log.Error("audit entry not written", "action", action, "target", targetID, "err", err)
	}
}

// today is the current day in China Standard Time.
func (s *Service) today() skillcert.Date { return skillcert.DateOf(s.now()) }
