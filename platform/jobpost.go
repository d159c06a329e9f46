package platform

import (
	"context"
	"sort"

	"skillcert"
	"skillcert/courses"
	"skillcert/orgs"
	"skillcert/recruitment"
)

// jobPostTraining enrolls newly hired coordinators in job-post training
// (it implements recruitment.JobPostTraining) through the courses, as the
// system.
type jobPostTraining struct {
	courses *courses.Service
	orgs    *orgs.Tree
}

var _ recruitment.JobPostTraining = jobPostTraining{}

// EnrollInNextJobPostCourse implements recruitment.JobPostTraining: among
// the published job-post courses open for enrollment, the town's first and
// then the city's, each by the soonest close of enrollment, the person is
// enrolled (or waitlisted) in the first that takes them; a person already
// in one of them stays there. ENOTFOUND when no such course is open; when
// every open course refuses the person, the first refusal.
func (j jobPostTraining) EnrollInNextJobPostCourse(ctx context.Context, personID, town string) (string, error) {
	var firstRefusal error
	for _, organizer := range []string{town, j.orgs.City().Code} {
		if organizer == "" {
			continue
		}
		page, err := j.courses.Catalog(ctx, courses.CourseFilter{Town: organizer, Type: courses.TypeJobPost, Open: true},
			skillcert.PageRequest{Page: 1, Size: skillcert.MaxPageSize})
		if err != nil {
			return "", err
		}
		list := page.Items
		sort.SliceStable(list, func(i, k int) bool { return list[i].EnrollCloses.Before(list[k].EnrollCloses) })
		for _, c := range list {
			if att, err := j.courses.PersonAttendance(ctx, systemActor, c.ID, personID); err == nil && att.Enrollment.Status.Active() {
				return c.ID, nil
			}
			_, err := j.courses.EnrollPerson(ctx, systemActor, c.ID, personID)
			if err == nil {
				return c.ID, nil
			}
			switch skillcert.ErrorCode(err) {
			case skillcert.EINVALID, skillcert.ECONFLICT, skillcert.EFORBIDDEN:
				if firstRefusal == nil {
					firstRefusal = err
				}
				continue
			}
			return "", err
		}
	}
	if firstRefusal != nil {
		return "", firstRefusal
	}
	return "", skillcert.Errorf(skillcert.ENOTFOUND, "本镇（街道）和市局目前都没有正在报名的岗位培训课程")
}

// JobPostTrainingOf is job-post training as recruitment needs it.
func JobPostTrainingOf(c *courses.Service, tree *orgs.Tree) recruitment.JobPostTraining {
	return jobPostTraining{courses: c, orgs: tree}
}
