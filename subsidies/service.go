package subsidies

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/orgs"
	"skillcert/recruitment"
	"skillcert/store"
)

// Deps are what the subsidies read from other parts of the platform; the
// server wires them.
type Deps struct {
	// Policies returns every stored version of the policy parameters.
	Policies func(ctx context.Context) ([]recruitment.PolicyParams, error)
	// Postings returns the hired coordinators of a town with their time on
	// post.
	Postings func(ctx context.Context, town string) ([]recruitment.CoordinatorPosting, error)
	// Score returns a town's assessment total of a year in tenths of a
	// point; ok is false when the year has no assessment figures.
	Score func(ctx context.Context, town string, year int) (tenths int64, ok bool, err error)
}

// Service keeps the construction subsidies and the ledgers.
type Service struct {
	construction *store.Collection
	ledgers      *store.Collection
	audit        *audit.Log
	orgs         *orgs.Tree
	deps         Deps
	now          func() time.Time
}

// NewService returns the subsidies service.
func NewService(db *store.DB, log *audit.Log, tree *orgs.Tree, deps Deps) *Service {
	return &Service{
		construction: db.Collection(store.CollSubsidyConstruction),
		ledgers:      db.Collection(store.CollSubsidyLedgers),
		audit:        log, orgs: tree, deps: deps, now: time.Now,
	}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Today is the current calendar day in China Standard Time.
func (s *Service) Today() skillcert.Date { return skillcert.DateOf(s.now()) }

func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// Event is one step of a record's history, shown on its page.
type Event struct {
	At     time.Time `bson:"at" json:"at"`
	By     string    `bson:"by" json:"by"`
	ByName string    `bson:"byName" json:"byName"`
	What   string    `bson:"what" json:"what"`
}

func (s *Service) event(a *skillcert.Actor, what string) Event {
	e := Event{At: s.stamp(), What: what}
	if a != nil {
		e.By, e.ByName = a.AccountID, a.Name
		if e.ByName == "" {
			e.ByName = a.Username
		}
	}
	return e
}

func (s *Service) ok(ctx context.Context, a *skillcert.Actor, action, targetType, targetID, detail string) error {
	return s.audit.RecordAs(ctx, a, action, targetType, targetID, audit.ResultOK, detail)
}

func (s *Service) denied(ctx context.Context, a *skillcert.Actor, action, targetType, targetID string, err error) error {
	if a != nil {
		_ = s.audit.RecordAs(ctx, a, action, targetType, targetID, audit.ResultDenied, skillcert.ErrorMessage(err))
	}
	return err
}

var (
	errNotVisible = skillcert.Errorf(skillcert.ENOTFOUND, "记录不存在或不在您的管辖范围内")
	errChanged    = skillcert.Errorf(skillcert.ECONFLICT, "记录已被他人处理，请刷新后查看")
	errNoDeps     = skillcert.Errorf(skillcert.EUNAVAILABLE, "补助计算所需的数据尚未接入")
)

// canRead: the city any town, a town's staff their own.
func canRead(a *skillcert.Actor, town string) error {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return errNotVisible
	}
	if auth.CheckScope(a, town, "") != nil {
		return errNotVisible
	}
	return nil
}

// townOnly: a town's staff for their own town.
func townOnly(a *skillcert.Actor, town, what string) error {
	if a == nil || a.Role != skillcert.RoleTownStaff {
		return skillcert.Errorf(skillcert.EFORBIDDEN, "只有镇（街道）工作人员可以%s", what)
	}
	if town != a.Town {
		return errNotVisible
	}
	return nil
}

// cityOnly: the city bureau's administrators.
func cityOnly(a *skillcert.Actor, what string) error {
	if a == nil || a.Role != skillcert.RoleCityAdmin {
		return skillcert.Errorf(skillcert.EFORBIDDEN, "只有市局管理员可以%s", what)
	}
	return nil
}

func (s *Service) checkTown(town string) error {
	if !s.orgs.IsTown(town) {
		return skillcert.Invalid("town", "镇（街道）“%s”不存在", town)
	}
	return nil
}

func (s *Service) policies(ctx context.Context) ([]recruitment.PolicyParams, error) {
	if s.deps.Policies == nil {
		return nil, errNoDeps
	}
	return s.deps.Policies(ctx)
}

func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// trimReason checks a reason the city must give.
func trimReason(field, what, r string) (string, error) {
	r = trimSpace(r)
	switch n := len([]rune(r)); {
	case n == 0:
		return "", skillcert.Invalid(field, "请填写%s", what)
	case n > 500:
		return "", skillcert.Invalid(field, "%s不能超过 500 个字", what)
	}
	return r, nil
}
