package recruitment

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
)

// postApplications reads every application of a post (at most
// MaxApplicationsPerPost), in order of arrival.
func (s *Service) postApplications(ctx context.Context, postID string) ([]Application, error) {
	var out []Application
	err := s.apps.Find(ctx, bson.D{{Key: "postId", Value: postID}}, &out)
	slices.SortStableFunc(out, func(x, y Application) int { return x.CreatedAt.Compare(y.CreatedAt) })
	return out, err
}

// inPool reports whether selection ranks the application: eligible and
// neither with the city nor decided.
func (app *Application) inPool() bool {
	return app.Screening.Eligible && (app.Status == AppApplied || app.Status == AppProposed)
}

func scoredOf(app *Application) Scored {
	return Scored{ApplicationID: app.ID, Name: app.Name, AppliedAt: app.CreatedAt, Eligible: app.Screening.Eligible,
		Written: app.Written, Interview: app.Interview}
}

// placesLeft is the number of places not yet taken by applications the
// city approved or is reviewing.
func placesLeft(p *Post, apps []Application) (left, approved, pending int) {
	for _, app := range apps {
		switch app.Status {
		case AppApproved, AppHired:
			approved++
		case AppSubmitted:
			pending++
		}
	}
	return max(p.Places-approved-pending, 0), approved, pending
}

// EnterScores records written-test and interview scores of eligible
// applications of a post after its application period (the post's town
// staff). Rows with both scores blank are skipped; every row is checked
// before any is saved. A proposed or returned application goes back to
// the pool.
func (s *Service) EnterScores(ctx context.Context, a *skillcert.Actor, postID string, entries []ScoreEntry) (int, error) {
	const action = "recruitment.scores.enter"
	p, err := s.findPost(ctx, postID)
	if err != nil {
		return 0, err
	}
	if err := canRunPost(a, p); err != nil {
		return 0, s.denied(ctx, a, action, "post", postID, err)
	}
	if p.Status != PostSelecting && p.Status != PostReviewed {
		return 0, skillcert.Errorf(skillcert.ECONFLICT, "岗位当前为“%s”；报名结束后、报市局审定前才能录入成绩", p.Status.Label())
	}
	apps, err := s.postApplications(ctx, p.ID)
	if err != nil {
		return 0, err
	}
	byID := map[string]*Application{}
	for i := range apps {
		byID[apps[i].ID] = &apps[i]
	}
	type change struct {
		prev, next *Application
	}
	var changes []change
	for i, e := range entries {
		if strings.TrimSpace(e.Written) == "" && strings.TrimSpace(e.Interview) == "" {
			continue
		}
		app, ok := byID[e.ApplicationID]
		if !ok {
			return 0, skillcert.Invalid("applicationId", "第 %d 行的报名记录不属于该岗位", i+1)
		}
		switch {
		case !app.Screening.Eligible:
			return 0, skillcert.Invalid("applicationId", "%s 未通过资格审查，不能录入成绩", app.Name)
		case !app.Status.editable():
			return 0, skillcert.Invalid("applicationId", "%s 的报名当前为“%s”，成绩不能修改", app.Name, app.Status.Label())
		}
		w, err := parseScoreOf(app.Name, "written", "笔试", e.Written)
		if err != nil {
			return 0, err
		}
		iv, err := parseScoreOf(app.Name, "interview", "面试", e.Interview)
		if err != nil {
			return 0, err
		}
		next := *app
		next.Written, next.Interview = &w, &iv
		next.Total = p.Weights.Total(w, iv)
		if app.Written == nil || app.Interview == nil || *app.Written != w || *app.Interview != iv {
			next.backToPool()
		}
		next.UpdatedAt = s.stamp()
		changes = append(changes, change{prev: app, next: &next})
	}
	for _, c := range changes {
		if err := s.replaceIfUnchanged(ctx, c.prev, c.next); err != nil {
			return 0, err
		}
		detail := fmt.Sprintf("笔试 %s，面试 %s，总成绩 %s", c.next.Written, c.next.Interview, c.next.Total)
		if err := s.ok(ctx, a, action, "application", c.next.ID, detail); err != nil {
			return 0, err
		}
	}
	return len(changes), nil
}

func parseScoreOf(name, field, what, typed string) (Score, error) {
	if strings.TrimSpace(typed) == "" {
		return 0, skillcert.Invalid(field, "请填写 %s 的%s成绩", name, what)
	}
	v, err := ParseScore(typed)
	if err != nil {
		return 0, skillcert.Invalid(field, "%s 的%s成绩“%s”无效，应为 0 至 100 之间、最多一位小数的数字", name, what, strings.TrimSpace(typed))
	}
	return v, nil
}

// RankingRow is one eligible application as the ranking shows it.
type RankingRow struct {
	ApplicationID   string            `json:"applicationId"`
	Name            string            `json:"name"`
	IDMasked        string            `json:"idMasked"`
	Written         *Score            `json:"written,omitempty"`
	Interview       *Score            `json:"interview,omitempty"`
	Total           Total             `json:"total"`
	TotalText       string            `json:"totalText"`
	Rank            int               `json:"rank"` // 0 while not every pool applicant has scores
	Status          ApplicationStatus `json:"status"`
	NeedsCityReview bool              `json:"needsCityReview"`
}

// RankingView is a post's ranking: the eligible applications, the pool
// (those selection ranks) first in rank order, then those with the city
// or decided; and how many places are left.
type RankingView struct {
	Post       *Post                      `json:"post"`
	PlacesLeft int                        `json:"placesLeft"`
	Approved   int                        `json:"approved"`
	Pending    int                        `json:"pending"`
	Ineligible int                        `json:"ineligible"`
	Missing    []string                   `json:"missing"` // pool applicants still without both scores
	Rows       skillcert.Page[RankingRow] `json:"rows"`
	all        []RankingRow
}

func rowOf(app *Application) RankingRow {
	return RankingRow{ApplicationID: app.ID, Name: app.Name, IDMasked: app.IDMasked, Written: app.Written, Interview: app.Interview,
		Total: app.Total, TotalText: app.Total.String(), Rank: app.Rank, Status: app.Status, NeedsCityReview: app.NeedsCityReview}
}

// ranking computes the view over all applications of the post.
func ranking(p *Post, apps []Application) (*RankingView, []Ranked, error) {
	v := &RankingView{Post: p, Missing: []string{}}
	v.PlacesLeft, v.Approved, v.Pending = placesLeft(p, apps)
	var pool []Scored
	byID := map[string]*Application{}
	var rest []RankingRow
	for i := range apps {
		app := &apps[i]
		byID[app.ID] = app
		switch {
		case !app.Screening.Eligible:
			v.Ineligible++
		case app.inPool():
			pool = append(pool, scoredOf(app))
			if app.Written == nil || app.Interview == nil {
				v.Missing = append(v.Missing, app.Name)
			}
		default:
			rest = append(rest, rowOf(app))
		}
	}
	var ranked []Ranked
	if len(v.Missing) == 0 {
		var err error
		if ranked, err = Rank(pool, p.Weights); err != nil {
			return nil, nil, err
		}
		for _, r := range ranked {
			row := rowOf(byID[r.ApplicationID])
			row.Rank, row.Total, row.TotalText = r.Rank, r.Total, r.Total.String()
			v.all = append(v.all, row)
		}
	} else {
		for _, sc := range pool {
			row := rowOf(byID[sc.ApplicationID])
			row.Rank = 0
			v.all = append(v.all, row)
		}
	}
	slices.SortStableFunc(rest, func(x, y RankingRow) int { return x.Rank - y.Rank })
	v.all = append(v.all, rest...)
	return v, ranked, nil
}

func (v *RankingView) paginate(page skillcert.PageRequest) {
	from := min(int(page.Skip()), len(v.all))
	to := min(from+int(page.Limit()), len(v.all))
	v.Rows = skillcert.NewPage(v.all[from:to], int64(len(v.all)), page)
}

// Ranking returns a post's ranking (the city and the post's town).
func (s *Service) Ranking(ctx context.Context, a *skillcert.Actor, postID string, page skillcert.PageRequest) (*RankingView, error) {
	p, err := s.findPost(ctx, postID)
	if err != nil {
		return nil, err
	}
	if err := canOverseePost(a, p); err != nil {
		return nil, err
	}
	apps, err := s.postApplications(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	v, _, err := ranking(p, apps)
	if err != nil {
		return nil, err
	}
	v.paginate(page)
	return v, nil
}

// Select ranks the pool and proposes the best for the places left (the
// post's town staff): 择优. Every pool applicant needs both scores. It can
// run again after scores change or the city returned someone.
func (s *Service) Select(ctx context.Context, a *skillcert.Actor, postID string) (*RankingView, error) {
	const action = "recruitment.post.select"
	p, err := s.findPost(ctx, postID)
	if err != nil {
		return nil, err
	}
	if err := canRunPost(a, p); err != nil {
		return nil, s.denied(ctx, a, action, "post", postID, err)
	}
	if p.Status != PostSelecting && p.Status != PostReviewed {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "岗位当前为“%s”，不能择优", p.Status.Label())
	}
	apps, err := s.postApplications(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	v, ranked, err := ranking(p, apps)
	if err != nil {
		return nil, err
	}
	switch {
	case len(v.Missing) > 0:
		return nil, skillcert.Invalid("scores", "%s 的成绩尚未录入，不能择优", strings.Join(v.Missing, "、"))
	case v.PlacesLeft == 0:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "岗位 %d 个名额已全部经市局同意或正在审定，无需再择优", p.Places)
	case len(ranked) == 0:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "没有资格审查合格且待择优的报名人员")
	}
	selected := Select(ranked, v.PlacesLeft)
	byID := map[string]*Application{}
	for i := range apps {
		byID[apps[i].ID] = &apps[i]
	}
	var names []string
	for _, r := range selected {
		prev := byID[r.ApplicationID]
		next := *prev
		next.Rank, next.Total = r.Rank, r.Total
		next.Status = AppApplied
		if r.Proposed {
			next.Status = AppProposed
			names = append(names, next.Name)
		}
		next.UpdatedAt = s.stamp()
		if err := s.replaceIfUnchanged(ctx, prev, &next); err != nil {
			return nil, err
		}
		*prev = next
	}
	if p.Status == PostReviewed {
		if err := s.setPostStatus(ctx, p, PostReviewed, PostSelecting); err != nil {
			return nil, err
		}
	}
	if err := s.ok(ctx, a, action, "post", p.ID, "拟录用："+strings.Join(names, "、")); err != nil {
		return nil, err
	}
	v, _, err = ranking(p, apps)
	if err != nil {
		return nil, err
	}
	v.paginate(skillcert.PageRequest{})
	return v, nil
}

// Submit sends the proposed hires to the city for the joint review
// (联合审定) (the post's town staff).
func (s *Service) Submit(ctx context.Context, a *skillcert.Actor, postID string) (*Post, error) {
	const action = "recruitment.post.submit"
	p, err := s.findPost(ctx, postID)
	if err != nil {
		return nil, err
	}
	if err := canRunPost(a, p); err != nil {
		return nil, s.denied(ctx, a, action, "post", postID, err)
	}
	if p.Status != PostSelecting {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "岗位当前为“%s”，不能报送市局", p.Status.Label())
	}
	now := s.stamp()
	// The applications first: a retry after a failure between the two
	// writes finds them submitted and completes the post's status.
	if _, err := s.apps.UpdateMany(ctx, bson.D{{Key: "postId", Value: p.ID}, {Key: "status", Value: AppProposed}},
		set(field("status", AppSubmitted), field("submittedAt", now), field("updatedAt", now))); err != nil {
		return nil, err
	}
	n, err := s.apps.Count(ctx, bson.D{{Key: "postId", Value: p.ID}, {Key: "status", Value: AppSubmitted}})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "没有拟录用人员，请先择优")
	}
	if err := s.setPostStatus(ctx, p, PostSelecting, PostSubmitted); err != nil {
		return nil, err
	}
	return p, s.ok(ctx, a, action, "post", p.ID, fmt.Sprintf("报送市局审定 %d 人", n))
}
