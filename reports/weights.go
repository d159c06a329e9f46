package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/store"
)

// The assessment weights are a versioned policy parameter the city sets
// (stored in store.CollAssessmentWeights, first version 2026-1 written by
// schema step 60). The rules are those of the coordinator policy versions:
// a version takes effect from its date, which may not lie in the past; a
// version not yet in force (its date after today, China time) may be
// corrected in place or withdrawn (deleted; the audit entry keeps its
// content); from its first day on it is immutable. The assessment of a
// year uses the version in force on the year's last day.

// WeightsVersion is a stored version of the assessment weights.
type WeightsVersion struct {
	AssessmentWeights `bson:",inline"`
	ID                string    `bson:"_id" json:"-"`
	CreatedBy         string    `bson:"createdBy" json:"createdBy"`
	CreatedAt         time.Time `bson:"createdAt" json:"createdAt"`
}

// WeightsInput is a version as the city admin enters it; the effective
// date is YYYY-MM-DD.
type WeightsInput struct {
	AssessmentWeights
	EffectiveFrom string `json:"effectiveFrom"`
}

// SetAuditLog sets the audit trail of the weight changes.
func (s *Service) SetAuditLog(l *audit.Log) { s.audit = l }

func (s *Service) weightsColl() *store.Collection {
	return s.db.Collection(store.CollAssessmentWeights)
}

// weightVersions reads every version (a small reference collection).
func (s *Service) weightVersions(ctx context.Context) ([]WeightsVersion, error) {
	var out []WeightsVersion
	err := s.weightsColl().Find(ctx, bson.D{}, &out)
	return out, err
}

// WeightsInForce is the version of the weights in force on day.
func (s *Service) WeightsInForce(ctx context.Context, day skillcert.Date) (AssessmentWeights, error) {
	vs, err := s.weightVersions(ctx)
	if err != nil {
		return AssessmentWeights{}, err
	}
	ws := make([]AssessmentWeights, len(vs))
	for i, v := range vs {
		ws[i] = v.AssessmentWeights
	}
	return WeightsAt(ws, day)
}

// WeightVersions lists the versions, the latest effective date first; the
// city and the towns may read them.
func (s *Service) WeightVersions(ctx context.Context, a *skillcert.Actor, page skillcert.PageRequest) (skillcert.Page[WeightsVersion], error) {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return skillcert.Page[WeightsVersion]{}, skillcert.Errorf(skillcert.EFORBIDDEN, "您无权查看考核权重")
	}
	vs, err := s.weightVersions(ctx)
	if err != nil {
		return skillcert.Page[WeightsVersion]{}, err
	}
	slices.SortFunc(vs, func(x, y WeightsVersion) int { return y.EffectiveFrom.Compare(x.EffectiveFrom) })
	from := min(int(page.Skip()), len(vs))
	to := min(from+int(page.Limit()), len(vs))
	return skillcert.NewPage(vs[from:to], int64(len(vs)), page), nil
}

// validateWeightVersions checks every version and that no two share a
// name or an effective date.
func validateWeightVersions(vs []AssessmentWeights) error {
	names := map[string]bool{}
	days := map[skillcert.Date]string{}
	for _, w := range vs {
		switch {
		case w.Version == "":
			return skillcert.Invalid("version", "请填写考核权重版本号")
		case utf8.RuneCountInString(w.Version) > 32:
			return skillcert.Invalid("version", "版本号不能超过 32 个字符")
		case w.EffectiveFrom.IsZero():
			return skillcert.Invalid("effectiveFrom", "请填写生效日期")
		case names[w.Version]:
			return skillcert.Invalid("version", "考核权重版本号“%s”重复", w.Version)
		}
		if err := w.Validate(); err != nil {
			return err
		}
		if other, ok := days[w.EffectiveFrom]; ok {
			return skillcert.Invalid("effectiveFrom", "版本“%s”与“%s”的生效日期同为 %s", other, w.Version, w.EffectiveFrom.String())
		}
		names[w.Version] = true
		days[w.EffectiveFrom] = w.Version
	}
	return nil
}

func cityOnly(a *skillcert.Actor) error {
	if a == nil || a.Role != skillcert.RoleCityAdmin {
		return skillcert.Errorf(skillcert.EFORBIDDEN, "只有市局管理员可以设置考核权重")
	}
	return nil
}

// errNoAudit refuses a change before any write when the audit trail is
// not wired (SetAuditLog).
var errNoAudit = skillcert.Errorf(skillcert.EINTERNAL, "考核权重的审计日志未接通")

func (s *Service) record(ctx context.Context, a *skillcert.Actor, action, id, result, detail string) error {
	if s.audit == nil {
		return errNoAudit
	}
	return s.audit.RecordAs(ctx, a, action, "assessment_weights", id, result, detail)
}

func (s *Service) refused(ctx context.Context, a *skillcert.Actor, action, id string, err error) error {
	_ = s.record(ctx, a, action, id, audit.ResultDenied, skillcert.ErrorMessage(err))
	return err
}

// weightsFromInput normalizes an entered version; its date must be today
// or later.
func (s *Service) weightsFromInput(in WeightsInput) (AssessmentWeights, error) {
	w := in.AssessmentWeights
	w.Version = strings.TrimSpace(w.Version)
	day, err := skillcert.ParseDate(strings.TrimSpace(in.EffectiveFrom))
	if err != nil || day.IsZero() {
		return w, skillcert.Invalid("effectiveFrom", "生效日期“%s”无法识别，应为“年-月-日”，如 2027-01-01", in.EffectiveFrom)
	}
	w.EffectiveFrom = day
	if today := s.Today(); day.Before(today) {
		return w, skillcert.Invalid("effectiveFrom", "生效日期 %s 早于今天 %s；新版本只能从今天或以后生效", day.String(), today.String())
	}
	return w, nil
}

func weightsSummary(w AssessmentWeights) string {
	return fmt.Sprintf("自 %s 起生效；培训覆盖率 %d、结业率 %d、获证率 %d、人员配备到位率 %d、服务对象评议 %d",
		w.EffectiveFrom.String(), w.Coverage, w.Completion, w.Certification, w.Staffing, w.Rating)
}

func others(vs []WeightsVersion, skip string) []AssessmentWeights {
	out := make([]AssessmentWeights, 0, len(vs))
	for _, v := range vs {
		if v.ID != skip {
			out = append(out, v.AssessmentWeights)
		}
	}
	return out
}

// AddWeights adds a version of the weights (city admin only), in force
// from its date, today or later.
func (s *Service) AddWeights(ctx context.Context, a *skillcert.Actor, in WeightsInput) (*WeightsVersion, error) {
	const action = "reports.weights.create"
	if err := cityOnly(a); err != nil {
		return nil, s.refused(ctx, a, action, in.Version, err)
	}
	if s.audit == nil {
		return nil, errNoAudit
	}
	w, err := s.weightsFromInput(in)
	if err != nil {
		return nil, err
	}
	vs, err := s.weightVersions(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateWeightVersions(append(others(vs, ""), w)); err != nil {
		return nil, err
	}
	v := &WeightsVersion{AssessmentWeights: w, ID: w.Version, CreatedBy: a.AccountID, CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	if err := s.weightsColl().InsertOne(ctx, v); err != nil {
		if store.IsDuplicate(err) {
			return nil, &skillcert.Error{Code: skillcert.ECONFLICT, Field: "version", Message: fmt.Sprintf("考核权重版本号“%s”已存在", w.Version)}
		}
		return nil, err
	}
	return v, s.record(ctx, a, action, v.ID, audit.ResultOK, weightsSummary(w))
}

// findWeights reads one version.
func (s *Service) findWeights(ctx context.Context, id string) (*WeightsVersion, error) {
	var v WeightsVersion
	err := s.weightsColl().FindOne(ctx, bsonID(id), &v)
	if isNotFound(err) {
		return nil, skillcert.Errorf(skillcert.ENOTFOUND, "考核权重版本“%s”不存在", id)
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func errWeightsInForce(w AssessmentWeights) error {
	return skillcert.Errorf(skillcert.ECONFLICT, "考核权重版本“%s”已于 %s 生效，不能修改或撤回；如需调整，请新增版本", w.Version, w.EffectiveFrom.String())
}

// weightsNotYetInForce is the condition of every change: the version's
// date is still after today when the change is written.
func weightsNotYetInForce(id string, today skillcert.Date) bson.D {
	return bson.D{{Key: "_id", Value: id}, {Key: "effectiveFrom", Value: bson.D{{Key: "$gt", Value: today}}}}
}

// CorrectWeights replaces the version named id (city admin only) while it
// is not yet in force; its name stays. The audit entry records before and
// after.
func (s *Service) CorrectWeights(ctx context.Context, a *skillcert.Actor, id string, in WeightsInput) (*WeightsVersion, error) {
	const action = "reports.weights.correct"
	old, today, err := s.futureWeights(ctx, a, action, id)
	if err != nil {
		return nil, err
	}
	in.Version = id
	w, err := s.weightsFromInput(in)
	if err != nil {
		return nil, err
	}
	vs, err := s.weightVersions(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateWeightVersions(append(others(vs, id), w)); err != nil {
		return nil, err
	}
	v := &WeightsVersion{AssessmentWeights: w, ID: id, CreatedBy: old.CreatedBy, CreatedAt: old.CreatedAt}
	res, err := s.weightsColl().ReplaceOne(ctx, weightsNotYetInForce(id, today), v)
	if err != nil {
		return nil, err
	}
	if res.MatchedCount == 0 {
		return nil, s.refused(ctx, a, action, id, errWeightsInForce(old.AssessmentWeights))
	}
	return v, s.record(ctx, a, action, id, audit.ResultOK, "修改前："+weightsSummary(old.AssessmentWeights)+"\n修改后："+weightsSummary(w))
}

// WithdrawWeights deletes the version named id (city admin only) while it
// is not yet in force; the audit entry keeps its content.
func (s *Service) WithdrawWeights(ctx context.Context, a *skillcert.Actor, id string) (*WeightsVersion, error) {
	const action = "reports.weights.withdraw"
	old, today, err := s.futureWeights(ctx, a, action, id)
	if err != nil {
		return nil, err
	}
	n, err := s.weightsColl().DeleteOne(ctx, weightsNotYetInForce(id, today))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, s.refused(ctx, a, action, id, errWeightsInForce(old.AssessmentWeights))
	}
	return old, s.record(ctx, a, action, id, audit.ResultOK, "撤回前："+weightsSummary(old.AssessmentWeights))
}

// futureWeights is the precondition of a correction or a withdrawal: a
// city admin, an audit trail to record it in, and a version named id not
// yet in force today (refusals audited).
func (s *Service) futureWeights(ctx context.Context, a *skillcert.Actor, action, id string) (*WeightsVersion, skillcert.Date, error) {
	if err := cityOnly(a); err != nil {
		return nil, skillcert.Date{}, s.refused(ctx, a, action, id, err)
	}
	if s.audit == nil {
		return nil, skillcert.Date{}, errNoAudit
	}
	old, err := s.findWeights(ctx, id)
	if err != nil {
		return nil, skillcert.Date{}, err
	}
	today := s.Today()
	if !old.EffectiveFrom.After(today) {
		return nil, skillcert.Date{}, s.refused(ctx, a, action, id, errWeightsInForce(old.AssessmentWeights))
	}
	return old, today, nil
}
