package subsidies

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/store"
)

// ConstructionStatus is the state of a town office's construction subsidy
// (一次性平台建设补助).
type ConstructionStatus string

// The states. A town applies (applied); the city records the on-site
// acceptance and approves (approved), or returns the application with a
// reason (returned). An approved subsidy is final — once per town office —
// unless the city reverses it with a reason (reversed); from returned or
// reversed the town may apply again.
const (
	ConstructionApplied  ConstructionStatus = "applied"
	ConstructionApproved ConstructionStatus = "approved"
	ConstructionReturned ConstructionStatus = "returned"
	ConstructionReversed ConstructionStatus = "reversed"
)

// Label is the state in Chinese.
func (c ConstructionStatus) Label() string {
	switch c {
	case ConstructionApplied:
		return "已申请，待验收"
	case ConstructionApproved:
		return "已验收批准"
	case ConstructionReturned:
		return "已退回"
	case ConstructionReversed:
		return "已撤销"
	}
	return string(c)
}

// Acceptance is the on-site acceptance (实地验收) the city records.
type Acceptance struct {
	Date       skillcert.Date `bson:"date" json:"date"`
	Inspectors string         `bson:"inspectors" json:"inspectors"` // who inspected
	Note       string         `bson:"note" json:"note"`
}

// Construction is a town office's construction subsidy, one record per
// town office (its _id is the town's code), with its history.
type Construction struct {
	Town      string             `bson:"_id" json:"town"`
	TownName  string             `bson:"townName" json:"townName"`
	Status    ConstructionStatus `bson:"status" json:"status"`
	Area      recruitment.Area   `bson:"area" json:"areaHundredths"` // hundredths of m²
	Address   string             `bson:"address" json:"address"`
	AppliedAt time.Time          `bson:"appliedAt" json:"appliedAt"`
	AppliedBy string             `bson:"appliedBy" json:"appliedBy"`

	Acceptance    *Acceptance          `bson:"acceptance,omitempty" json:"acceptance,omitempty"`
	Amount        recruitment.Fen      `bson:"amountFen" json:"amountFen"`
	Tier          recruitment.AreaTier `bson:"tier" json:"tier"` // the tier applied: its lower bound and amount
	PolicyVersion string               `bson:"policyVersion,omitempty" json:"policyVersion,omitempty"`
	Computation   string               `bson:"computation,omitempty" json:"computation,omitempty"`
	DecidedAt     time.Time            `bson:"decidedAt,omitempty" json:"decidedAt,omitzero"`
	Reason        string               `bson:"reason,omitempty" json:"reason,omitempty"` // of a return or reversal

	Rev     int     `bson:"rev" json:"rev"`
	History []Event `bson:"history" json:"history"`
}

// StatusLabel is the state in Chinese (templates).
func (c *Construction) StatusLabel() string { return c.Status.Label() }

// ConstructionInput is a town's application: the service area in m²
// (up to two decimals) and the office's address.
type ConstructionInput struct {
	Area    string `json:"area" form:"area"`
	Address string `json:"address" form:"address"`
}

// ApprovalInput is the city's record of the on-site acceptance, with which
// it approves: the acceptance date (YYYY-MM-DD), the inspectors, a note.
type ApprovalInput struct {
	AcceptedOn string `json:"acceptedOn" form:"acceptedOn"`
	Inspectors string `json:"inspectors" form:"inspectors"`
	Note       string `json:"note" form:"note"`
}

// ReasonInput is the reason of a return or a reversal.
type ReasonInput struct {
	Reason string `json:"reason" form:"reason"`
}

func trimSpace(s string) string { return strings.TrimSpace(s) }

// Constructions lists the construction subsidies the actor may see: the
// city every town office's (one page, by town code), a town's staff
// their own (at most one).
func (s *Service) Constructions(ctx context.Context, a *skillcert.Actor, page skillcert.PageRequest) (skillcert.Page[Construction], error) {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return skillcert.Page[Construction]{}, skillcert.Errorf(skillcert.EFORBIDDEN, "您无权查看平台建设补助")
	}
	var out []Construction
	if a.Role == skillcert.RoleTownStaff {
		var c Construction
		err := s.construction.FindOne(ctx, byID(a.Town), &c)
		switch {
		case err == nil:
			out = append(out, c)
		case !store.IsNotFound(err):
			return skillcert.Page[Construction]{}, err
		}
		return skillcert.NewPage(out, int64(len(out)), page), nil
	}
	total, err := s.construction.Count(ctx, bson.D{})
	if err != nil {
		return skillcert.Page[Construction]{}, err
	}
	page = page.Normalize()
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetSkip(page.Skip()).SetLimit(page.Limit())
	if err := s.construction.Find(ctx, bson.D{}, &out, opts); err != nil {
		return skillcert.Page[Construction]{}, err
	}
	return skillcert.NewPage(out, total, page), nil
}

// ConstructionOf returns a town office's construction subsidy (ENOTFOUND
// when the town never applied or is not the actor's).
func (s *Service) ConstructionOf(ctx context.Context, a *skillcert.Actor, town string) (*Construction, error) {
	if err := canRead(a, town); err != nil {
		return nil, err
	}
	return s.findConstruction(ctx, town)
}

func (s *Service) findConstruction(ctx context.Context, town string) (*Construction, error) {
	var c Construction
	if err := s.construction.FindOne(ctx, byID(town), &c); err != nil {
		if store.IsNotFound(err) {
			return nil, skillcert.Errorf(skillcert.ENOTFOUND, "该镇（街道）尚未申请平台建设补助")
		}
		return nil, err
	}
	return &c, nil
}

// ApplyConstruction files a town's application (its staff only). A town
// office has one subsidy: it may apply when it never did, or after the
// city returned or reversed the previous one.
func (s *Service) ApplyConstruction(ctx context.Context, a *skillcert.Actor, town string, in ConstructionInput) (*Construction, error) {
	const action = "subsidy.construction.apply"
	if err := townOnly(a, town, "申请平台建设补助"); err != nil {
		return nil, s.denied(ctx, a, action, "subsidy_construction", town, err)
	}
	area, err := recruitment.ParseArea(in.Area)
	if err != nil {
		return nil, err
	}
	if area <= 0 {
		return nil, skillcert.Invalid("area", "服务场地面积应大于 0 平方米")
	}
	addr := trimSpace(in.Address)
	switch n := len([]rune(addr)); {
	case n == 0:
		return nil, skillcert.Invalid("address", "请填写服务场地地址")
	case n > 200:
		return nil, skillcert.Invalid("address", "服务场地地址不能超过 200 个字")
	}
	now := s.stamp()
	ev := s.event(a, "申请平台建设补助：服务场地 "+area.String()+"，"+addr)
	c := &Construction{Town: town, TownName: s.orgs.TownName(town), Status: ConstructionApplied, Area: area, Address: addr,
		AppliedAt: now, AppliedBy: a.AccountID, Rev: 1, History: []Event{ev}}
	err = s.construction.InsertOne(ctx, c)
	if store.IsDuplicate(err) {
		old, ferr := s.findConstruction(ctx, town)
		if ferr != nil {
			return nil, ferr
		}
		switch old.Status {
		case ConstructionApplied:
			return nil, skillcert.Errorf(skillcert.ECONFLICT, "本镇（街道）的平台建设补助申请已提交，正在等待验收")
		case ConstructionApproved:
			return nil, skillcert.Errorf(skillcert.ECONFLICT, "本镇（街道）已获批一次性平台建设补助 %s，不能重复申请", old.Amount)
		}
		c.Rev = old.Rev + 1
		c.History = append(old.History, ev)
		res, uerr := s.construction.ReplaceOne(ctx, bson.D{{Key: "_id", Value: town}, {Key: "status", Value: old.Status}, {Key: "rev", Value: old.Rev}}, c)
		if uerr != nil {
			return nil, uerr
		}
		if res.MatchedCount == 0 {
			return nil, errChanged
		}
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return c, s.ok(ctx, a, action, "subsidy_construction", town, ev.What)
}

// ApproveConstruction records the on-site acceptance and approves the
// application (the city only). The amount is the tier of the policy
// version in force on the acceptance date — the day the policy's
// condition "实地验收合格后" is met, on the area as verified.
func (s *Service) ApproveConstruction(ctx context.Context, a *skillcert.Actor, town string, in ApprovalInput) (*Construction, error) {
	const action = "subsidy.construction.approve"
	if err := cityOnly(a, "验收批准平台建设补助"); err != nil {
		return nil, s.denied(ctx, a, action, "subsidy_construction", town, err)
	}
	c, err := s.findConstruction(ctx, town)
	if err != nil {
		return nil, err
	}
	if c.Status != ConstructionApplied {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "该申请当前为“%s”，不能验收批准", c.Status.Label())
	}
	day, err := recruitment.ParseDay("acceptedOn", "验收日期", in.AcceptedOn)
	if err != nil {
		return nil, err
	}
	applied := skillcert.DateOf(c.AppliedAt)
	switch {
	case day.After(s.Today()):
		return nil, skillcert.Invalid("acceptedOn", "验收日期 %s 晚于今天，请在验收后登记", day)
	case day.Before(applied):
		return nil, skillcert.Invalid("acceptedOn", "验收日期 %s 早于申请日期 %s", day, applied)
	}
	who := trimSpace(in.Inspectors)
	switch n := len([]rune(who)); {
	case n == 0:
		return nil, skillcert.Invalid("inspectors", "请填写验收人员")
	case n > 100:
		return nil, skillcert.Invalid("inspectors", "验收人员不能超过 100 个字")
	}
	note := trimSpace(in.Note)
	if len([]rune(note)) > 500 {
		return nil, skillcert.Invalid("note", "验收意见不能超过 500 个字")
	}
	versions, err := s.policies(ctx)
	if err != nil {
		return nil, err
	}
	p, err := recruitment.PolicyAt(versions, day)
	if err != nil {
		return nil, err
	}
	amount, tier, err := recruitment.ConstructionSubsidyForArea(p, c.Area)
	if err != nil {
		return nil, err
	}
	comp := fmt.Sprintf("服务场地 %s，%s，按政策参数 %s（验收日 %s 生效）补助 %s", c.Area, tierText(p, tier), p.Version, day, amount)
	ev := s.event(a, fmt.Sprintf("验收合格并批准（验收日期 %s，验收人员 %s）：%s", day, who, comp))
	upd := bson.D{{Key: "$set", Value: bson.D{
		{Key: "status", Value: ConstructionApproved},
		{Key: "acceptance", Value: Acceptance{Date: day, Inspectors: who, Note: note}},
		{Key: "amountFen", Value: amount}, {Key: "tier", Value: tier},
		{Key: "policyVersion", Value: p.Version}, {Key: "computation", Value: comp},
		{Key: "decidedAt", Value: ev.At}, {Key: "reason", Value: ""}, {Key: "rev", Value: c.Rev + 1},
	}}, {Key: "$push", Value: bson.D{{Key: "history", Value: ev}}}}
	if err := s.transition(ctx, c, upd); err != nil {
		return nil, err
	}
	if err := s.ok(ctx, a, action, "subsidy_construction", town, ev.What); err != nil {
		return nil, err
	}
	return s.findConstruction(ctx, town)
}

// tierText names the tier in the policy's words: "200 平方米以上" or
// "100 平方米以上 200 平方米以下（不含 200）".
func tierText(p recruitment.PolicyParams, t recruitment.AreaTier) string {
	next := recruitment.Area(-1)
	for _, o := range p.ConstructionSubsidy {
		if o.LowerBound > t.LowerBound && (next < 0 || o.LowerBound < next) {
			next = o.LowerBound
		}
	}
	switch {
	case next < 0:
		return fmt.Sprintf("属 %s 平方米以上档", t.LowerBound.M2())
	case t.LowerBound == 0:
		return fmt.Sprintf("属不足 %s 平方米档", next.M2())
	}
	return fmt.Sprintf("属 %s 平方米以上、不足 %s 平方米档", t.LowerBound.M2(), next.M2())
}

// ReturnConstruction returns an application not yet approved, with a
// reason (the city only); the town may apply again.
func (s *Service) ReturnConstruction(ctx context.Context, a *skillcert.Actor, town string, in ReasonInput) (*Construction, error) {
	return s.decide(ctx, a, town, in, "subsidy.construction.return", "退回平台建设补助申请", ConstructionApplied, ConstructionReturned, "退回")
}

// ReverseConstruction reverses an approved subsidy with a reason (the city
// only); the town may apply again.
func (s *Service) ReverseConstruction(ctx context.Context, a *skillcert.Actor, town string, in ReasonInput) (*Construction, error) {
	return s.decide(ctx, a, town, in, "subsidy.construction.reverse", "撤销平台建设补助", ConstructionApproved, ConstructionReversed, "撤销")
}

func (s *Service) decide(ctx context.Context, a *skillcert.Actor, town string, in ReasonInput, action, what string, from, to ConstructionStatus, verb string) (*Construction, error) {
	if err := cityOnly(a, what); err != nil {
		return nil, s.denied(ctx, a, action, "subsidy_construction", town, err)
	}
	reason, err := trimReason("reason", verb+"原因", in.Reason)
	if err != nil {
		return nil, err
	}
	c, err := s.findConstruction(ctx, town)
	if err != nil {
		return nil, err
	}
	if c.Status != from {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "该申请当前为“%s”，不能%s", c.Status.Label(), verb)
	}
	ev := s.event(a, verb+"："+reason)
	upd := bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: to}, {Key: "reason", Value: reason},
		{Key: "decidedAt", Value: ev.At}, {Key: "rev", Value: c.Rev + 1}}},
		{Key: "$push", Value: bson.D{{Key: "history", Value: ev}}}}
	if err := s.transition(ctx, c, upd); err != nil {
		return nil, err
	}
	if err := s.ok(ctx, a, action, "subsidy_construction", town, ev.What); err != nil {
		return nil, err
	}
	return s.findConstruction(ctx, town)
}

// transition applies upd only if the record is still in the state and
// revision it was read in; otherwise someone else moved it first.
func (s *Service) transition(ctx context.Context, c *Construction, upd bson.D) error {
	res, err := s.construction.UpdateOne(ctx, bson.D{{Key: "_id", Value: c.Town}, {Key: "status", Value: c.Status}, {Key: "rev", Value: c.Rev}}, upd)
	if err != nil {
		return err
	}
	if res.MatchedCount == 0 {
		return errChanged
	}
	return nil
}
