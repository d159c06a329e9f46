package platform

import (
	"context"
	"strings"

	"skillcert"
	"skillcert/certificates"
	"skillcert/courses"
	"skillcert/roster"
)

// systemActor is the platform acting on its own behalf between services
// (reading completions for the certificates, enrolling new hires in
// job-post training): the whole city in scope, and named in the audit
// trail as the system.
var systemActor = &skillcert.Actor{AccountID: "system", Username: "system", Name: "系统", Role: skillcert.RoleCityAdmin}

// completions reads who completed which course for the certificates
// (it implements certificates.Completions) from the courses, and the
// holder's gender from the register.
type completions struct {
	courses *courses.Service
	roster  *roster.Service
}

var _ certificates.Completions = completions{}

// CompletedEnrollment implements certificates.Completions. The
// enrollment's ID is courseID:personID; it must be enrolled in a completed
// course and evaluated as completed.
func (c completions) CompletedEnrollment(ctx context.Context, enrollmentID string) (certificates.Completion, error) {
	courseID, personID, ok := strings.Cut(enrollmentID, ":")
	if !ok || courseID == "" || personID == "" {
		return certificates.Completion{}, skillcert.Errorf(skillcert.ENOTFOUND, "报名记录不存在")
	}
	facts, err := c.courseFacts(ctx, courseID)
	if err != nil {
		return certificates.Completion{}, err
	}
	att, err := c.courses.PersonAttendance(ctx, systemActor, courseID, personID)
	if err != nil {
		return certificates.Completion{}, err
	}
	e := att.Enrollment
	if e.Status != courses.EnrollmentEnrolled {
		return certificates.Completion{}, skillcert.Invalid("enrollmentId", "%s的报名状态为“%s”，不能发证", e.Name, e.Status.Label())
	}
	if att.Course.Status != courses.StatusCompleted {
		return certificates.Completion{}, skillcert.Invalid("enrollmentId", "课程“%s”尚未结业，不能为%s发证", att.Course.Title, e.Name)
	}
	if e.Completion == nil || !e.Completion.Completed {
		reason := "尚未评定结业"
		if e.Completion != nil {
			reason = e.Completion.Reason
		}
		return certificates.Completion{}, skillcert.Invalid("enrollmentId", "%s未结业：%s", e.Name, reason)
	}
	return c.completion(ctx, e, facts)
}

// CompletedEnrollments implements certificates.Completions: the enrolled
// people evaluated as completed, in the order they enrolled. A course not
// yet completed has none.
func (c completions) CompletedEnrollments(ctx context.Context, courseID string) (certificates.CourseFacts, []certificates.Completion, error) {
	var out []certificates.Completion
	facts, err := c.eachCompleted(ctx, courseID, func(e courses.Enrollment, facts courseFactsOf) error {
		comp, err := c.completion(ctx, e, facts)
		out = append(out, comp)
		return err
	})
	if err != nil {
		return facts, nil, err
	}
	return facts, out, nil
}

// CompletedEnrollmentIDs implements certificates.Completions: the same
// enrollments as CompletedEnrollments, without reading each holder.
func (c completions) CompletedEnrollmentIDs(ctx context.Context, courseID string) (certificates.CourseFacts, []string, error) {
	var out []string
	facts, err := c.eachCompleted(ctx, courseID, func(e courses.Enrollment, _ courseFactsOf) error {
		out = append(out, e.ID)
		return nil
	})
	if err != nil {
		return facts, nil, err
	}
	return facts, out, nil
}

// eachCompleted calls fn for each enrolled person of a course evaluated
// as completed, in the order they enrolled. A course not yet completed
// has none; a course whose evaluation is pending is a conflict.
func (c completions) eachCompleted(ctx context.Context, courseID string, fn func(courses.Enrollment, courseFactsOf) error) (certificates.CourseFacts, error) {
	facts, err := c.courseFacts(ctx, courseID)
	if err != nil || facts.status != courses.StatusCompleted {
		return facts.CourseFacts, err
	}
	if facts.evaluation.Pending() {
		// Some enrollments may not be evaluated yet: a count now would
		// present part of the course as the whole.
		return facts.CourseFacts, skillcert.Errorf(skillcert.ECONFLICT,
			"课程“%s”的结业评定尚未完成（正在评定，或评定中断后待系统自动补完），暂不能统计结业人数或发证，请稍后再试", facts.Title)
	}
	for page := 1; ; page++ {
		p, err := c.courses.ListEnrollments(ctx, systemActor, courseID, courses.EnrollmentEnrolled,
			skillcert.PageRequest{Page: page, Size: skillcert.MaxPageSize})
		if err != nil {
			return facts.CourseFacts, err
		}
		for _, row := range p.Items {
			if row.Completion == nil || !row.Completion.Completed {
				continue
			}
			if err := fn(row.Enrollment, facts); err != nil {
				return facts.CourseFacts, err
			}
		}
		if page >= p.Pages() {
			return facts.CourseFacts, nil
		}
	}
}

// courseFactsOf is a course as a certificate prints it, with its status.
type courseFactsOf struct {
	certificates.CourseFacts
	status     courses.Status
	evaluation *courses.Evaluation
}

func (c completions) courseFacts(ctx context.Context, courseID string) (courseFactsOf, error) {
	d, err := c.courses.GetCourse(ctx, systemActor, courseID)
	if err != nil {
		return courseFactsOf{}, err
	}
	co := d.Course
	f := certificates.CourseFacts{ID: co.ID, Title: co.Title, Kind: certificates.Kind(co.Type), Trade: co.Trade,
		ClassHours: co.ClassHours, Town: co.Town, ValidityMonths: co.CertificateValidityMonths}
	if co.Level != "" {
		f.Level = co.Level.Label()
	}
	for i, ss := range d.Sessions {
		if i == 0 || skillcert.DateOf(ss.Start).Before(f.Start) {
			f.Start = skillcert.DateOf(ss.Start)
		}
		if i == 0 || skillcert.DateOf(ss.End).After(f.End) {
			f.End = skillcert.DateOf(ss.End)
		}
	}
	if n := courses.ClassHoursOf(d.Sessions); n > 0 {
		f.ClassHours = n // what the sessions held give, not the plan
	}
	return courseFactsOf{CourseFacts: f, status: co.Status, evaluation: co.Evaluation}, nil
}

func (c completions) completion(ctx context.Context, e courses.Enrollment, f courseFactsOf) (certificates.Completion, error) {
	comp := certificates.Completion{EnrollmentID: e.ID, PersonID: e.PersonID, HolderName: e.Name, IDMasked: e.IDMasked,
		HolderTown: e.Town, HolderVillage: e.Village, Course: f.CourseFacts}
	p, err := c.roster.PersonByID(ctx, e.PersonID)
	if err != nil {
		return comp, err
	}
	comp.HolderName, comp.IDMasked, comp.HolderTown, comp.HolderVillage = p.Name, p.IDMasked, p.Town, p.Village
	switch p.Gender {
	case roster.GenderMale:
		comp.Gender = certificates.GenderMale
	case roster.GenderFemale:
		comp.Gender = certificates.GenderFemale
	}
	return comp, nil
}
