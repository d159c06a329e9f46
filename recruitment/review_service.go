package recruitment

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
)

// ReviewQueue lists the proposed hires awaiting the city's joint review
// (联合审定), the oldest submission first (city admin only).
func (s *Service) ReviewQueue(ctx context.Context, a *skillcert.Actor, page skillcert.PageRequest) (skillcert.Page[Application], error) {
	if err := cityOnly(a, "审定拟录用人员"); err != nil {
		return skillcert.Page[Application]{}, err
	}
	q := bson.D{{Key: "status", Value: AppSubmitted}}
	return s.pageOfApps(ctx, q, bson.D{{Key: "submittedAt", Value: 1}}, page)
}

// Review records the city's decision on a proposed hire: approve, or
// return with a reason. Approving an application that carries an override
// also needs a reason, the city's view of the exception. When the last
// proposed hire of a post is decided, the post awaits the notice.
func (s *Service) Review(ctx context.Context, a *skillcert.Actor, id string, in ReviewInput) (*Application, error) {
	const action = "recruitment.application.review"
	if err := cityOnly(a, "审定拟录用人员"); err != nil {
		return nil, s.denied(ctx, a, action, "application", id, err)
	}
	app, err := s.findApplication(ctx, id)
	if err != nil {
		return nil, err
	}
	reason := strings.TrimSpace(in.Reason)
	switch {
	case in.Decision != DecisionApprove && in.Decision != DecisionReturn:
		return nil, skillcert.Invalid("decision", "请选择“同意”或“退回”")
	case in.Decision == DecisionReturn && reason == "":
		return nil, skillcert.Invalid("reason", "退回 %s 须填写理由", app.Name)
	case in.Decision == DecisionApprove && app.NeedsCityReview && reason == "":
		return nil, skillcert.Invalid("reason", "%s 有破格事项（%s），同意时须填写审定意见", app.Name, overriddenLabels(app.Screening))
	case utf8.RuneCountInString(reason) > 500:
		return nil, skillcert.Invalid("reason", "审定意见不能超过 500 个字")
	case app.Status != AppSubmitted:
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "%s 的报名当前为“%s”，不在待审定之列", app.Name, app.Status.Label())
	}
	status := AppApproved
	if in.Decision == DecisionReturn {
		status = AppReturned
	}
	now := s.stamp()
	rv := &Review{Decision: in.Decision, Reason: reason, By: actorID(a), At: now}
	res, err := s.apps.UpdateOne(ctx, bson.D{{Key: "_id", Value: app.ID}, {Key: "status", Value: AppSubmitted}},
		set(field("status", status), field("review", rv), field("updatedAt", now)))
	if err != nil {
		return nil, err
	}
	if res.MatchedCount == 0 {
		return nil, errChanged
	}
	app.Status, app.Review, app.UpdatedAt = status, rv, now
	detail := in.Decision.Label()
	if reason != "" {
		detail += "：" + reason
	}
	if err := s.ok(ctx, a, action, "application", app.ID, detail); err != nil {
		return nil, err
	}
	return app, s.completeReview(ctx, app.PostID)
}

// completeReview moves a submitted post on once none of its applications
// awaits the city; re-running it is harmless.
func (s *Service) completeReview(ctx context.Context, postID string) error {
	n, err := s.apps.Count(ctx, bson.D{{Key: "postId", Value: postID}, {Key: "status", Value: AppSubmitted}})
	if err != nil || n > 0 {
		return err
	}
	p, err := s.findPost(ctx, postID)
	if err != nil || p.Status != PostSubmitted {
		return err
	}
	if err := s.setPostStatus(ctx, p, PostSubmitted, PostReviewed); err != nil && err != errChanged {
		return err
	}
	return nil
}

func overriddenLabels(sc Screening) string {
	var names []string
	for _, k := range sc.Overridden() {
		names = append(names, k.Label())
	}
	return strings.Join(names, "、")
}

// PublishNotice publishes the public notice (公示) of a post's approved hires
// (city admin only). It starts today, or on the next working day, and runs
// the post's number of working days by the city's holiday arrangement.
func (s *Service) PublishNotice(ctx context.Context, a *skillcert.Actor, postID string) (*Post, error) {
	const action = "recruitment.notice.publish"
	if err := cityOnly(a, "发布公示"); err != nil {
		return nil, s.denied(ctx, a, action, "post", postID, err)
	}
	if err := s.completeReview(ctx, postID); err != nil {
		return nil, err
	}
	p, err := s.findPost(ctx, postID)
	if err != nil {
		return nil, err
	}
	if p.Status != PostReviewed {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "岗位当前为“%s”；市局审定完毕后才能公示", p.Status.Label())
	}
	var approved []Application
	if err := s.apps.Find(ctx, bson.D{{Key: "postId", Value: p.ID}, {Key: "status", Value: AppApproved}}, &approved,
		options.Find().SetSort(bson.D{{Key: "rank", Value: 1}})); err != nil {
		return nil, err
	}
	if len(approved) == 0 {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "岗位“%s”没有经市局同意的拟录用人员，无需公示", p.Title)
	}
	today := s.Today()
	cal, err := s.calendarFrom(ctx, today)
	if err != nil {
		return nil, err
	}
	start := today
	if !cal.IsWorkingDay(start) {
		start = AddWorkingDays(start, 1, cal)
	}
	n := &Notice{Start: start, End: NoticeEnd(today, p.NoticeWorkingDays, cal), PublishedBy: actorID(a), PublishedAt: s.stamp()}
	unit := s.unitName(p)
	for _, app := range approved {
		n.Entries = append(n.Entries, NoticeEntry{Name: app.Name, IDMasked: app.IDMasked, Town: unit})
	}
	if err := s.setPostStatus(ctx, p, PostReviewed, PostNotice, field("notice", n)); err != nil {
		return nil, err
	}
	p.Notice = n
	detail := fmt.Sprintf("公示 %d 人，%s 至 %s（%d 个工作日）", len(n.Entries), n.Start.String(), n.End.String(), p.NoticeWorkingDays)
	return p, s.ok(ctx, a, action, "post", p.ID, detail)
}

// unitName is the hiring unit's name: the town, and the station if any.
func (s *Service) unitName(p *Post) string {
	name := s.orgs.TownName(p.Town)
	if p.Village != "" {
		if u, ok := s.orgs.Unit(p.Village); ok {
			name += u.Name
		}
	}
	return name
}

// PublicNotice is a notice as anyone may read it: the post, the period,
// and for each proposed hire only the name, masked ID number and town.
type PublicNotice struct {
	PostID  string        `json:"postId"`
	Title   string        `json:"title"`
	Unit    string        `json:"unit"`
	Start   string        `json:"start"` // YYYY-MM-DD
	End     string        `json:"end"`   // YYYY-MM-DD, the last day
	Entries []NoticeEntry `json:"entries"`
}

// Notices lists the notices in their period today, the latest published
// first. Anyone may read them, logged in or not.
func (s *Service) Notices(ctx context.Context, page skillcert.PageRequest) (skillcert.Page[PublicNotice], error) {
	today := s.Today()
	q := bson.D{{Key: "status", Value: PostNotice}, {Key: "notice.end", Value: bson.D{{Key: "$gte", Value: today.String()}}}}
	var posts []Post
	opts := options.Find().SetSort(bson.D{{Key: "notice.publishedAt", Value: -1}}).SetSkip(page.Skip()).SetLimit(page.Limit()).
		SetProjection(bson.D{{Key: "title", Value: 1}, {Key: "town", Value: 1}, {Key: "village", Value: 1}, {Key: "notice", Value: 1}})
	if err := s.posts.Find(ctx, q, &posts, opts); err != nil {
		return skillcert.Page[PublicNotice]{}, err
	}
	total, err := s.posts.Count(ctx, q)
	if err != nil {
		return skillcert.Page[PublicNotice]{}, err
	}
	items := make([]PublicNotice, 0, len(posts))
	for i := range posts {
		p := &posts[i]
		if p.Notice == nil {
			continue
		}
		items = append(items, PublicNotice{PostID: p.ID, Title: p.Title, Unit: s.unitName(p),
			Start: p.Notice.Start.String(), End: p.Notice.End.String(), Entries: p.Notice.Entries})
	}
	return skillcert.NewPage(items, total, page), nil
}

// noticeOver reports whether the notice period of p has ended by day.
func noticeOver(p *Post, day skillcert.Date) bool {
	return p.Notice != nil && day.After(p.Notice.End)
}
