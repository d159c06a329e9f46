package recruitment

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/auth"
)

// The on-hire actions a Hire may still have pending.
const (
	PendingPlatformStaffGroup = "platform_staff_group" // 加入“基层平台工作人员”人群
	PendingJobPostTraining    = "job_post_training"    // 报名岗位培训
)

// PendingLabel names a pending on-hire action in Chinese.
func PendingLabel(p string) string {
	switch p {
	case PendingPlatformStaffGroup:
		return "加入基层平台工作人员人群"
	case PendingJobPostTraining:
		return "报名岗位培训"
	}
	return p
}

// HireOutcome is what finalizing did for one hired coordinator.
type HireOutcome struct {
	ApplicationID        string   `json:"applicationId"`
	Name                 string   `json:"name"`
	PlatformStaffGroup   bool     `json:"platformStaffGroup"`
	TrainingCourseID     string   `json:"trainingCourseId,omitempty"`
	NeedsJobPostTraining bool     `json:"needsJobPostTraining"`
	Pending              []string `json:"pending"`
}

// HireReport is the outcome of FinalizeHires.
type HireReport struct {
	Post  *Post         `json:"post"`
	Hired []HireOutcome `json:"hired"`
}

// FinalizeHires makes the hires of a post final once its notice period has
// ended (the city, or the post's town staff), then runs the on-hire actions
// for each hire: the target group 基层平台工作人员, and enrollment in the next
// open job-post training course of the town or the city — or the flag
// "needs job-post training" when none is open. Each action is done once;
// calling it again on a closed post retries what is pending and tries the
// training enrollment again for those still without a course.
func (s *Service) FinalizeHires(ctx context.Context, a *skillcert.Actor, postID string) (*HireReport, error) {
	const action = "recruitment.hire"
	p, err := s.findPost(ctx, postID)
	if err != nil {
		return nil, err
	}
	if err := canHire(a, p); err != nil {
		return nil, s.denied(ctx, a, action, "post", postID, err)
	}
	today := s.Today()
	switch {
	case p.Status == PostClosed:
	case p.Status != PostNotice:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "岗位当前为“%s”；公示期满后才能确认录用", p.Status.Label())
	case !noticeOver(p, today):
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "公示期至 %s，期满后才能确认录用", p.Notice.End.String())
	}
	var apps []Application
	if err := s.apps.Find(ctx, bson.D{{Key: "postId", Value: p.ID}, {Key: "status", Value: inList([]ApplicationStatus{AppApproved, AppHired})}}, &apps); err != nil {
		return nil, err
	}
	report := &HireReport{Post: p, Hired: []HireOutcome{}}
	for i := range apps {
		app := &apps[i]
		if app.Status == AppApproved {
			now := s.stamp()
			app.Hire = &Hire{At: now, By: actorID(a)}
			res, err := s.apps.UpdateOne(ctx, bson.D{{Key: "_id", Value: app.ID}, {Key: "status", Value: AppApproved}},
				set(field("status", AppHired), field("hire", app.Hire), field("updatedAt", now)))
			if err != nil {
				return nil, err
			}
			if res.MatchedCount == 0 {
				return nil, errChanged
			}
			app.Status = AppHired
		}
		out, err := s.onHire(ctx, a, p, app)
		if err != nil {
			return nil, err
		}
		report.Hired = append(report.Hired, out)
	}
	if p.Status == PostNotice {
		if err := s.setPostStatus(ctx, p, PostNotice, PostClosed, field("closedAt", s.stamp())); err != nil {
			return nil, err
		}
		if err := s.ok(ctx, a, "recruitment.post.closed", "post", p.ID, fmt.Sprintf("录用 %d 人", len(report.Hired))); err != nil {
			return nil, err
		}
	}
	return report, nil
}

// onHire runs the on-hire actions still to do for a hired application and
// saves what was done.
func (s *Service) onHire(ctx context.Context, a *skillcert.Actor, p *Post, app *Application) (HireOutcome, error) {
	h := app.Hire
	if h == nil {
		h = &Hire{At: app.UpdatedAt, By: actorID(a)}
	}
	before := *h
	h.Pending = nil
	var notes []string
	if !h.PlatformStaffGroup {
		var err error = errNoRegister
		if s.deps.Register != nil {
			err = s.deps.Register.AddToPlatformStaff(ctx, app.PersonID)
		}
		if err == nil {
			h.PlatformStaffGroup = true
			notes = append(notes, "已加入基层平台工作人员人群")
		} else {
			h.Pending = append(h.Pending, PendingPlatformStaffGroup)
			notes = append(notes, "加入基层平台工作人员人群未完成："+skillcert.ErrorMessage(err))
		}
	}
	if h.TrainingCourseID == "" {
		courseID, err := "", error(errNoTraining)
		if s.deps.Training != nil {
			courseID, err = s.deps.Training.EnrollInNextJobPostCourse(ctx, app.PersonID, p.Town)
		}
		switch {
		case err == nil && courseID != "":
			h.TrainingCourseID, h.NeedsJobPostTraining = courseID, false
			notes = append(notes, "已报名岗位培训课程 "+courseID)
		case err == nil || skillcert.ErrorCode(err) == skillcert.ENOTFOUND:
			if !h.NeedsJobPostTraining {
				notes = append(notes, "暂无开班的岗位培训课程，标记为需参加岗位培训")
			}
			h.NeedsJobPostTraining = true
		default:
			h.Pending = append(h.Pending, PendingJobPostTraining)
			notes = append(notes, "报名岗位培训未完成："+skillcert.ErrorMessage(err))
		}
	}
	out := HireOutcome{ApplicationID: app.ID, Name: app.Name, PlatformStaffGroup: h.PlatformStaffGroup,
		TrainingCourseID: h.TrainingCourseID, NeedsJobPostTraining: h.NeedsJobPostTraining, Pending: append([]string{}, h.Pending...)}
	if len(notes) == 0 && samePending(before.Pending, h.Pending) {
		return out, nil
	}
	if _, err := s.apps.UpdateOne(ctx, byID(app.ID), set(field("hire", h), field("updatedAt", s.stamp()))); err != nil {
		return out, err
	}
	app.Hire = h
	return out, s.ok(ctx, a, "recruitment.hire", "application", app.ID, "录用："+strings.Join(notes, "；"))
}

func samePending(x, y []string) bool {
	return strings.Join(x, ",") == strings.Join(y, ",")
}

// CreateStaffAccount creates the staff account of a hired coordinator: a
// village staff account for a post of a village station, else a town staff
// account, linked to the person. The auth policy decides whether the actor
// may create it (a town's staff may create village staff accounts of their
// town; town staff accounts are the city's to create).
func (s *Service) CreateStaffAccount(ctx context.Context, a *skillcert.Actor, appID string, in StaffAccountInput) (*auth.Account, error) {
	const action = "recruitment.account.create"
	app, err := s.findApplication(ctx, appID)
	if err != nil {
		return nil, err
	}
	p, err := s.findPost(ctx, app.PostID)
	if err != nil {
		return nil, err
	}
	if err := canHire(a, p); err != nil {
		return nil, s.denied(ctx, a, action, "application", appID, errAppNotVisible)
	}
	switch {
	case app.Status != AppHired:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "%s 尚未确认录用，不能创建工作人员账号", app.Name)
	case app.Hire != nil && app.Hire.AccountID != "":
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "已为 %s 创建过工作人员账号", app.Name)
	case s.deps.Accounts == nil:
		return nil, errNoAccounts
	}
	na := auth.NewAccount{Username: in.Username, Name: app.Name, Password: in.Password, Role: skillcert.RoleTownStaff,
		Town: p.Town, PersonID: app.PersonID}
	if p.Village != "" {
		na.Role, na.Village = skillcert.RoleVillageStaff, p.Village
	}
	acc, err := s.deps.Accounts.CreateAccount(ctx, a, na)
	if err != nil {
		return nil, err
	}
	if _, err := s.apps.UpdateOne(ctx, byID(app.ID), set(field("hire.accountId", acc.ID), field("updatedAt", s.stamp()))); err != nil {
		return nil, err
	}
	return acc, s.ok(ctx, a, action, "application", app.ID, fmt.Sprintf("%s账号 %s", na.Role.Label(), acc.Username))
}
