package recruitment

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
)

// CoordinatorPosting is a hired coordinator's time on post as the subsidy
// ledger reads it: from the day the hire was made final (Hire.At, China
// time) to LeftOn, both included; a zero To means still on post.
type CoordinatorPosting struct {
	Posting
	ApplicationID string `json:"applicationId"`
	Village       string `json:"village,omitempty"`
	MonthlyPay    Fen    `json:"monthlyPayFen"`
}

// PostingInput is what a town records of a hired coordinator: the last
// day on post (YYYY-MM-DD, empty = still on post) and the actual monthly
// pay in yuan (empty = not recorded).
type PostingInput struct {
	LeftOn     string `json:"leftOn" form:"leftOn"`
	MonthlyPay string `json:"monthlyPay" form:"monthlyPay"`
}

// Postings lists the hired coordinators of a town's posts (town office and
// village stations) with their time on post. It reads the town's posts and
// each post's hired applications (both indexed); the caller decides
// access.
func (s *Service) Postings(ctx context.Context, town string) ([]CoordinatorPosting, error) {
	var posts []Post
	if err := s.posts.Find(ctx, bson.D{{Key: "town", Value: town}}, &posts); err != nil {
		return nil, err
	}
	out := []CoordinatorPosting{}
	for _, p := range posts {
		var apps []Application
		if err := s.apps.Find(ctx, bson.D{{Key: "postId", Value: p.ID}, {Key: "status", Value: AppHired}}, &apps); err != nil {
			return nil, err
		}
		for _, app := range apps {
			if app.Hire == nil {
				continue
			}
			out = append(out, CoordinatorPosting{
				Posting:       Posting{PersonID: app.PersonID, Name: app.Name, From: skillcert.DateOf(app.Hire.At), To: app.Hire.LeftOn},
				ApplicationID: app.ID, Village: p.Village, MonthlyPay: app.Hire.MonthlyPay,
			})
		}
	}
	return out, nil
}

// TownPostings lists a town's hired coordinators for the actor: the city
// any town, a town's staff their own.
func (s *Service) TownPostings(ctx context.Context, a *skillcert.Actor, town string) ([]CoordinatorPosting, error) {
	if err := canOverseePost(a, &Post{Town: town}); err != nil {
		return nil, errPostNotVisible
	}
	return s.Postings(ctx, town)
}

// UpdatePosting records a hired coordinator's departure date and actual
// monthly pay (the post's town staff only, audited). The departure may not
// precede the hire nor lie in the future; clearing it (empty) puts the
// coordinator back on post.
func (s *Service) UpdatePosting(ctx context.Context, a *skillcert.Actor, appID string, in PostingInput) (*CoordinatorPosting, error) {
	const action = "recruitment.posting.update"
	app, err := s.findApplication(ctx, appID)
	if err != nil {
		return nil, err
	}
	p, err := s.findPost(ctx, app.PostID)
	if err != nil {
		return nil, err
	}
	if a == nil || a.Role != skillcert.RoleTownStaff || canHire(a, p) != nil {
		return nil, s.denied(ctx, a, action, "application", appID, errAppNotVisible)
	}
	if app.Status != AppHired || app.Hire == nil {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "%s 尚未确认录用，不能登记在岗信息", app.Name)
	}
	var left skillcert.Date
	if strings.TrimSpace(in.LeftOn) != "" {
		if left, err = ParseDay("leftOn", "离岗日期", in.LeftOn); err != nil {
			return nil, err
		}
		hired := skillcert.DateOf(app.Hire.At)
		switch {
		case left.Before(hired):
			return nil, skillcert.Invalid("leftOn", "离岗日期 %s 早于录用日期 %s", left, hired)
		case left.After(s.Today()):
			return nil, skillcert.Invalid("leftOn", "离岗日期 %s 晚于今天，请在离岗后登记", left)
		}
	}
	var pay Fen
	if strings.TrimSpace(in.MonthlyPay) != "" {
		if pay, err = ParseYuan(in.MonthlyPay); err != nil {
			return nil, skillcert.Invalid("monthlyPay", "实际月报酬“%s”无效，应为最多两位小数的元数，如 2500 或 2500.50", strings.TrimSpace(in.MonthlyPay))
		}
	}
	res, err := s.apps.UpdateOne(ctx, bson.D{{Key: "_id", Value: app.ID}, {Key: "status", Value: AppHired}},
		set(field("hire.leftOn", left), field("hire.monthlyPayFen", pay), field("updatedAt", s.stamp())))
	if err != nil {
		return nil, err
	}
	if res.MatchedCount == 0 {
		return nil, errChanged
	}
	detail := fmt.Sprintf("%s：实际月报酬 %s", app.Name, pay)
	if !left.IsZero() {
		detail += "，离岗日期 " + left.String()
	} else {
		detail += "，在岗"
	}
	out := &CoordinatorPosting{Posting: Posting{PersonID: app.PersonID, Name: app.Name, From: skillcert.DateOf(app.Hire.At), To: left},
		ApplicationID: app.ID, Village: p.Village, MonthlyPay: pay}
	return out, s.ok(ctx, a, action, "application", app.ID, detail)
}

// AllPolicyParams returns every stored version of the policy parameters
// (a small reference collection), for computations over past dates.
func (s *Service) AllPolicyParams(ctx context.Context) ([]PolicyParams, error) {
	vs, err := s.policyVersions(ctx)
	if err != nil {
		return nil, err
	}
	return paramsOf(vs), nil
}
