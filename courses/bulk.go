package courses

import (
	"context"
	"strconv"
	"strings"

	"skillcert"
)

// MaxBulkEnroll is the most people one bulk enrollment takes.
const MaxBulkEnroll = 500

// BulkOutcome is what happened to one person of a bulk enrollment.
type BulkOutcome string

// The outcomes.
const (
	BulkEnrolled   BulkOutcome = "enrolled"   // 已录取
	BulkWaitlisted BulkOutcome = "waitlisted" // 候补
	BulkRefused    BulkOutcome = "refused"    // 未报名
)

// Label is the outcome in Chinese.
func (o BulkOutcome) Label() string {
	switch o {
	case BulkEnrolled:
		return "已录取"
	case BulkWaitlisted:
		return "候补"
	case BulkRefused:
		return "未报名"
	}
	return string(o)
}

// BulkLine is the result for one person of a bulk enrollment.
type BulkLine struct {
	// IDMasked is the ID number as given, masked; empty when the line
	// named a person by ID.
	IDMasked string      `json:"idMasked,omitempty"`
	PersonID string      `json:"personId,omitempty"`
	Name     string      `json:"name,omitempty"`
	Outcome  BulkOutcome `json:"outcome"`
	Position int         `json:"position,omitempty"` // waitlist position
	Reason   string      `json:"reason,omitempty"`   // why refused, in Chinese
}

// EnrollByIDNumbers enrolls people named by ID number on behalf of staff,
// one after another, and returns a line per distinct number in the order
// given: enrolled, waitlisted with the position, or refused with the
// reason (unknown or out-of-scope person, not eligible, already enrolled).
// Only a failure of the database stops the run; what was done stands.
func (s *Service) EnrollByIDNumbers(ctx context.Context, a *skillcert.Actor, courseID string, idNumbers []string) ([]BulkLine, error) {
	numbers := distinct(idNumbers, func(n string) string { return strings.ToUpper(strings.TrimSpace(n)) })
	c, err := s.bulkCourse(ctx, a, courseID, len(numbers))
	if err != nil {
		return nil, err
	}
	ids, err := s.people.PersonIDsByIDNumbers(ctx, a, numbers)
	if err != nil {
		return nil, err
	}
	out := make([]BulkLine, 0, len(numbers))
	for _, n := range numbers {
		line := BulkLine{IDMasked: skillcert.MaskIDNumber(n)}
		pid, ok := ids[n]
		if !ok {
			line.Outcome, line.Reason = BulkRefused, "人员名册中没有该身份证号，或该人员不在您的管辖范围内"
			out = append(out, line)
			continue
		}
		line.PersonID = pid
		if err := s.bulkOne(ctx, a, c, &line); err != nil {
			return out, err
		}
		out = append(out, line)
	}
	return out, nil
}

// EnrollPeople enrolls people named by person ID (e.g. picked by a roster
// filter) on behalf of staff, with a line per distinct person as in
// EnrollByIDNumbers.
func (s *Service) EnrollPeople(ctx context.Context, a *skillcert.Actor, courseID string, personIDs []string) ([]BulkLine, error) {
	pids := distinct(personIDs, strings.TrimSpace)
	c, err := s.bulkCourse(ctx, a, courseID, len(pids))
	if err != nil {
		return nil, err
	}
	out := make([]BulkLine, 0, len(pids))
	for _, pid := range pids {
		line := BulkLine{PersonID: pid}
		if err := s.bulkOne(ctx, a, c, &line); err != nil {
			return out, err
		}
		out = append(out, line)
	}
	return out, nil
}

func (s *Service) bulkCourse(ctx context.Context, a *skillcert.Actor, courseID string, n int) (*Course, error) {
	if n == 0 {
		return nil, skillcert.Invalid("people", "请至少填写一名人员")
	}
	if n > MaxBulkEnroll {
		return nil, &skillcert.Error{Code: skillcert.ETOOLARGE, Field: "people",
			Message: "一次最多批量报名 " + strconv.Itoa(MaxBulkEnroll) + " 人（现为 " + strconv.Itoa(n) + " 人），请分批提交"}
	}
	c, err := s.findCourse(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if err := canEnrollOthers(a, c); err != nil {
		return nil, s.denied(ctx, a, "enrollment.bulk", "course", courseID, err)
	}
	return c, nil
}

// bulkOne enrolls the line's person and fills in the outcome; a refusal
// the person can be told about becomes the line's reason, anything else
// stops the run.
func (s *Service) bulkOne(ctx context.Context, a *skillcert.Actor, c *Course, line *BulkLine) error {
	cand, err := s.candidate(ctx, line.PersonID)
	var res *EnrollResult
	if err == nil {
		line.Name = cand.Name
		res, err = s.enrollOther(ctx, a, c, cand)
	}
	if err != nil {
		switch skillcert.ErrorCode(err) {
		case skillcert.EINTERNAL, skillcert.EUNAVAILABLE:
			return err
		}
		line.Outcome, line.Reason = BulkRefused, skillcert.ErrorMessage(err)
		return nil
	}
	switch res.Enrollment.Status {
	case EnrollmentEnrolled:
		line.Outcome = BulkEnrolled
	case EnrollmentWaitlisted:
		line.Outcome, line.Position = BulkWaitlisted, res.Position
	default:
		line.Outcome, line.Reason = BulkRefused, res.Message
	}
	return nil
}

// distinct normalizes the items and drops empty ones and repeats, keeping
// the first occurrence's place.
func distinct(items []string, norm func(string) string) []string {
	seen := make(map[string]bool, len(items))
	out := make([]string, 0, len(items))
	for _, it := range items {
		it = norm(it)
		if it == "" || seen[it] {
			continue
		}
		seen[it] = true
		out = append(out, it)
	}
	return out
}
