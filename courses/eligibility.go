package courses

import (
	"sort"
	"strings"
	"time"

	"skillcert"
)

// Candidate is what enrollment needs to know of a person: who they are
// (for lists, with the ID number masked), their target-group codes and the
// town and village of their registered residence (户籍). Eligibility reads
// only Groups and Town.
type Candidate struct {
	PersonID string
	Name     string
	IDMasked string // 330483********123X
	Groups   []string
	Town     string
	Village  string
}

// CheckEligibility returns nil if the candidate may enroll in c at now,
// else an error saying why, in this order:
//   - the course is not published (ECONFLICT);
//   - now is outside the window [EnrollOpens, EnrollCloses) (EINVALID);
//   - the candidate is in none of the course's target groups (EINVALID);
//   - the course is for its town's residents and the candidate lives
//     elsewhere (EINVALID); townName turns a town code into its name and
//     may be nil;
//   - a session of c overlaps a session of another course the candidate
//     is active in (ECONFLICT); activeSessions are those sessions and
//     courseSessions are c's own.
//
// Whether the candidate is already enrolled and whether a seat is free are
// the enrollment service's to decide.
func CheckEligibility(c Course, p Candidate, now time.Time, activeSessions, courseSessions []Session, townName func(code string) string) error {
	switch c.Status {
	case StatusPublished:
	case StatusDraft:
		return skillcert.Errorf(skillcert.ECONFLICT, "课程尚未发布，不能报名")
	case StatusInProgress:
		return skillcert.Errorf(skillcert.ECONFLICT, "课程已开课，不能再报名")
	case StatusCompleted:
		return skillcert.Errorf(skillcert.ECONFLICT, "课程已结业，不能报名")
	case StatusCancelled:
		return skillcert.Errorf(skillcert.ECONFLICT, "课程已取消，不能报名")
	default:
		return skillcert.Errorf(skillcert.ECONFLICT, "课程状态为“%s”，不能报名", c.Status.Label())
	}
	if now.Before(c.EnrollOpens) {
		return skillcert.Errorf(skillcert.EINVALID, "报名尚未开始，将于 %s 开始", formatMinute(c.EnrollOpens))
	}
	if !now.Before(c.EnrollCloses) {
		return skillcert.Errorf(skillcert.EINVALID, "报名已截止（截止时间：%s）", formatMinute(c.EnrollCloses))
	}
	if !inTargetGroups(c.TargetGroups, p.Groups) {
		labels := make([]string, len(c.TargetGroups))
		for i, g := range c.TargetGroups {
			labels[i] = groupLabel(g)
		}
		return skillcert.Errorf(skillcert.EINVALID, "不符合报名条件：该课程仅面向%s", strings.Join(labels, "、"))
	}
	if c.Residency == ResidencyTown && c.Town != "" && p.Town != c.Town {
		name := c.Town
		if townName != nil {
			if n := townName(c.Town); n != "" {
				name = n
			}
		}
		return skillcert.Errorf(skillcert.EINVALID, "不符合报名条件：该课程仅面向%s户籍居民", name)
	}
	if mine, theirs, ok := firstOverlap(c.ID, courseSessions, activeSessions); ok {
		return skillcert.Errorf(skillcert.ECONFLICT, "时间冲突：本课程 %s 的课次与您已报名的课程“%s”（%s）时间冲突",
			mine.TimeRange(), theirs.CourseTitle, theirs.TimeRange())
	}
	return nil
}

// inTargetGroups reports whether a person in groups may join a course open
// to allowed; an empty allowed list is open to everyone.
func inTargetGroups(allowed, groups []string) bool {
	if len(allowed) == 0 {
		return true
	}
	for _, a := range allowed {
		for _, g := range groups {
			if a == g {
				return true
			}
		}
	}
	return false
}

// firstOverlap returns the earliest pair of overlapping sessions, one of
// the course's and one of another course's; sessions of the course itself
// among others are ignored.
func firstOverlap(courseID string, course, others []Session) (mine, theirs Session, ok bool) {
	mineSorted := append([]Session(nil), course...)
	sort.SliceStable(mineSorted, func(i, j int) bool { return mineSorted[i].Start.Before(mineSorted[j].Start) })
	othersSorted := append([]Session(nil), others...)
	sort.SliceStable(othersSorted, func(i, j int) bool { return othersSorted[i].Start.Before(othersSorted[j].Start) })
	for _, m := range mineSorted {
		for _, o := range othersSorted {
			if courseID != "" && o.CourseID == courseID {
				continue
			}
			if m.Overlaps(o) {
				return m, o, true
			}
		}
	}
	return mine, theirs, false
}
