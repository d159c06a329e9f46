package recruitment

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/auth"
	"skillcert/store"
)

// CreatePost opens a post of the actor's town (town staff only). Its
// requirements come from the policy version in force today, with the age
// cutoff defaulting to the application deadline; the extras and the
// full-time requirement are the town's own.
func (s *Service) CreatePost(ctx context.Context, a *skillcert.Actor, in PostInput) (*Post, error) {
	const action = "recruitment.post.create"
	if a == nil || a.Role != skillcert.RoleTownStaff {
		return nil, s.denied(ctx, a, action, "post", "", skillcert.Errorf(skillcert.EFORBIDDEN, "只有镇（街道）工作人员可以发布协理员岗位"))
	}
	if in.Town == "" {
		in.Town = a.Town
	}
	if err := s.orgs.CheckPlace(in.Town, in.Village); err != nil {
		return nil, err
	}
	if err := auth.CheckScope(a, in.Town, ""); err != nil {
		return nil, s.denied(ctx, a, action, "post", in.Town, err)
	}
	today := s.Today()
	opens, closes, cutoff, w, err := parsePostInput(&in, today)
	if err != nil {
		return nil, err
	}
	policy, err := s.PolicyInForce(ctx, today)
	if err != nil {
		return nil, err
	}
	req := RequirementsFrom(policy, cutoff, in.Extra...)
	req.FullTimeRequired = in.FullTimeRequired
	if err := req.Validate(); err != nil {
		return nil, err
	}
	now := s.stamp()
	p := &Post{
		ID: skillcert.NewID(), Town: in.Town, Village: in.Village, Title: in.Title, Places: in.Places,
		Opens: opens, Closes: closes, Requirements: req, Weights: w, NoticeWorkingDays: policy.NoticeWorkingDays,
		Status: PostOpen, CreatedBy: actorID(a), CreatedAt: now, UpdatedAt: now,
	}
	if err := s.posts.InsertOne(ctx, p); err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("%s，%d 名，报名 %s 至 %s，政策参数 %s", p.Title, p.Places, opens.String(), closes.String(), req.PolicyVersion)
	return p, s.ok(ctx, a, action, "post", p.ID, detail)
}

// findPost reads a post by ID.
func (s *Service) findPost(ctx context.Context, id string) (*Post, error) {
	var p Post
	if err := s.posts.FindOne(ctx, byID(id), &p); err != nil {
		if store.IsNotFound(err) {
			return nil, errPostNotVisible
		}
		return nil, err
	}
	return &p, nil
}

// Post returns a post the actor may see: the city and the post's town see
// it always; a trainee while it takes applications, or when they applied.
func (s *Service) Post(ctx context.Context, a *skillcert.Actor, id string) (*Post, error) {
	p, err := s.findPost(ctx, id)
	if err != nil {
		return nil, err
	}
	if canOverseePost(a, p) == nil {
		return p, nil
	}
	if a != nil && a.Role == skillcert.RoleTrainee {
		if p.Status == PostOpen {
			return p, nil
		}
		if a.PersonID != "" {
			n, err := s.apps.Count(ctx, byID(ApplicationID(p.ID, a.PersonID)))
			if err != nil {
				return nil, err
			}
			if n > 0 {
				return p, nil
			}
		}
	}
	return nil, errPostNotVisible
}

// PostFilter narrows a post list.
type PostFilter struct {
	Status PostStatus
}

// ListPosts lists the posts the actor may see, newest first: the city all,
// a town's staff their town's, a trainee the posts taking applications.
func (s *Service) ListPosts(ctx context.Context, a *skillcert.Actor, f PostFilter, page skillcert.PageRequest) (skillcert.Page[Post], error) {
	if f.Status != "" && !f.Status.Valid() {
		return skillcert.Page[Post]{}, skillcert.Invalid("status", "岗位状态“%s”不存在", f.Status)
	}
	q := bson.D{}
	switch {
	case a == nil:
		return skillcert.NewPage[Post](nil, 0, page), nil
	case a.Role == skillcert.RoleCityAdmin:
	case a.Role == skillcert.RoleTownStaff:
		q = append(q, field("town", a.Town))
	case a.Role == skillcert.RoleTrainee:
		if f.Status != "" && f.Status != PostOpen {
			return skillcert.NewPage[Post](nil, 0, page), nil
		}
		f.Status = PostOpen
	default:
		return skillcert.NewPage[Post](nil, 0, page), nil
	}
	if f.Status != "" {
		q = append(q, field("status", f.Status))
	}
	return findPage[Post](ctx, s.posts, q, bson.D{{Key: "createdAt", Value: -1}}, page)
}

// CloseApplications ends the application period of an open post after its
// deadline (town staff of the post's town); scoring and selection follow.
func (s *Service) CloseApplications(ctx context.Context, a *skillcert.Actor, id string) (*Post, error) {
	const action = "recruitment.post.close"
	p, err := s.findPost(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := canRunPost(a, p); err != nil {
		return nil, s.denied(ctx, a, action, "post", id, err)
	}
	if p.Status != PostOpen {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "岗位当前为“%s”，不在报名中", p.Status.Label())
	}
	today := s.Today()
	if !today.After(p.Closes) {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "报名截止日期 %s 尚未过，不能结束报名", p.Closes.String())
	}
	if err := s.setPostStatus(ctx, p, PostOpen, PostSelecting); err != nil {
		return nil, err
	}
	return p, s.ok(ctx, a, action, "post", id, "报名结束")
}

// setPostStatus moves the post from one status to another if it is still
// in the first; ECONFLICT if someone moved it meanwhile.
func (s *Service) setPostStatus(ctx context.Context, p *Post, from, to PostStatus, extra ...bson.E) error {
	now := s.stamp()
	fields := append([]bson.E{field("status", to), field("updatedAt", now)}, extra...)
	res, err := s.posts.UpdateOne(ctx, bson.D{{Key: "_id", Value: p.ID}, {Key: "status", Value: from}}, set(fields...))
	if err != nil {
		return err
	}
	if res.MatchedCount == 0 {
		return errChanged
	}
	p.Status, p.UpdatedAt = to, now
	return nil
}
