package recruitment

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/store"
)

// A version not yet in force (its effective date after today, China time)
// may be corrected in place or withdrawn by the city; from its first day on
// it is immutable, because posts opened under it keep it. Withdrawal deletes
// the version: nothing can have used it, its date and name become free
// again, and the audit entry keeps its full content.

// errInForce is the refusal for a version that has come into force.
func errInForce(p PolicyParams) error {
	return skillcert.Errorf(skillcert.ECONFLICT, "政策参数版本“%s”已于 %s 生效，不能修改或撤回；如需调整，请新增版本", p.Version, p.EffectiveFrom.String())
}

// notYetInForce is the condition of every change: the version is still in
// the future on the day the change is written, so a change racing the day
// it comes into force finds nothing to change.
func notYetInForce(id string, today skillcert.Date) bson.D {
	return bson.D{{Key: "_id", Value: id}, {Key: "effectiveFrom", Value: bson.D{{Key: "$gt", Value: today}}}}
}

// findPolicyVersion reads one stored version.
func (s *Service) findPolicyVersion(ctx context.Context, id string) (*PolicyVersion, error) {
	var v PolicyVersion
	err := s.policies.FindOne(ctx, byID(id), &v)
	if store.IsNotFound(err) {
		return nil, skillcert.Errorf(skillcert.ENOTFOUND, "政策参数版本“%s”不存在", id)
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// policySummary is a version's content in one line, for the audit trail.
func policySummary(p PolicyParams) string {
	var tiers []string
	for _, t := range p.ConstructionSubsidy {
		tiers = append(tiers, fmt.Sprintf("%s 平方米以上 %s", t.LowerBound.M2(), t.Amount))
	}
	return fmt.Sprintf("自 %s 起生效；年龄上限 %d；最低学历%s；计算机能力%t；镇（街道）配备 %d/%d；村（社区）分界 %d 人、%d 名/%d 名；公示 %d 个工作日；平台建设补助 %s；人员经费 %d%%；最低月工资 %s；依据：%s",
		p.EffectiveFrom.String(), p.AgeLimit, p.MinEducation.Label(), p.RequireComputerSkills, p.TownStaff.Staff, p.TownStaff.Residents,
		p.VillageLargePopulation, p.VillageStaffLarge, p.VillageStaffSmall, p.NoticeWorkingDays, strings.Join(tiers, "，"),
		p.PersonnelSubsidyPercent, p.MonthlyMinimumWage, p.Source)
}

// CorrectPolicyVersion replaces the content of the version named id (city
// admin only) while it is not yet in force. The version name stays (it is
// the version's identity; to rename, withdraw and add); every check of
// AddPolicyVersion applies. The audit entry records before and after.
func (s *Service) CorrectPolicyVersion(ctx context.Context, a *skillcert.Actor, id string, in PolicyInput) (*PolicyVersion, error) {
	const action = "recruitment.policy.correct"
	old, today, err := s.futureVersion(ctx, a, action, "修改政策参数", id)
	if err != nil {
		return nil, err
	}
	in.Version = id
	p, err := s.policyFromInput(in)
	if err != nil {
		return nil, err
	}
	if p.SubsidyParams.IsZero() {
		// The policy form has no subsidy fields: a correction keeps the
		// version's own.
		p.SubsidyParams = old.SubsidyParams
	}
	existing, err := s.policyVersions(ctx)
	if err != nil {
		return nil, err
	}
	others := make([]PolicyParams, 0, len(existing))
	for _, v := range existing {
		if v.ID != id {
			others = append(others, v.PolicyParams)
		}
	}
	if err := ValidateVersions(append(others, p)); err != nil {
		return nil, err
	}
	v := &PolicyVersion{PolicyParams: p, ID: id, CreatedBy: old.CreatedBy, CreatedAt: old.CreatedAt}
	res, err := s.policies.ReplaceOne(ctx, notYetInForce(id, today), v)
	if err != nil {
		return nil, err
	}
	if res.MatchedCount == 0 {
		return nil, s.denied(ctx, a, action, "policy", id, errInForce(old.PolicyParams))
	}
	detail := "修改前：" + policySummary(old.PolicyParams) + "\n修改后：" + policySummary(p)
	return v, s.ok(ctx, a, action, "policy", id, detail)
}

// WithdrawPolicyVersion deletes the version named id (city admin only)
// while it is not yet in force; the audit entry keeps its content.
func (s *Service) WithdrawPolicyVersion(ctx context.Context, a *skillcert.Actor, id string) (*PolicyVersion, error) {
	const action = "recruitment.policy.withdraw"
	old, today, err := s.futureVersion(ctx, a, action, "撤回政策参数版本", id)
	if err != nil {
		return nil, err
	}
	n, err := s.policies.DeleteOne(ctx, notYetInForce(id, today))
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, s.denied(ctx, a, action, "policy", id, errInForce(old.PolicyParams))
	}
	return old, s.ok(ctx, a, action, "policy", id, "撤回前："+policySummary(old.PolicyParams))
}

// PolicyVersionByID returns one stored version; the city and the towns
// may read them.
func (s *Service) PolicyVersionByID(ctx context.Context, a *skillcert.Actor, id string) (*PolicyVersion, error) {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "您无权查看政策参数")
	}
	return s.findPolicyVersion(ctx, id)
}

// futureVersion is the precondition of a correction or a withdrawal: a
// city admin, and a version named id that is not yet in force today
// (refusals audited as denied).
func (s *Service) futureVersion(ctx context.Context, a *skillcert.Actor, action, what, id string) (*PolicyVersion, skillcert.Date, error) {
	if err := cityOnly(a, what); err != nil {
		return nil, skillcert.Date{}, s.denied(ctx, a, action, "policy", id, err)
	}
	old, err := s.findPolicyVersion(ctx, id)
	if err != nil {
		return nil, skillcert.Date{}, err
	}
	today := s.Today()
	if !old.EffectiveFrom.After(today) {
		return nil, skillcert.Date{}, s.denied(ctx, a, action, "policy", id, errInForce(old.PolicyParams))
	}
	return old, today, nil
}
