package recruitment

import (
	"slices"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
)

// TestMistakenFutureVersionIsCorrectedOrWithdrawn: a version not yet in
// force can be corrected in place (validated as on create) or withdrawn,
// which frees its date; a version in force stays as it is.
func TestMistakenFutureVersionIsCorrectedOrWithdrawn(t *testing.T) {
	f := newFixture(t) // today 2026-04-01
	in := PolicyInput{PolicyParams: DefaultPolicy(), EffectiveFrom: "2026-06-01"}
	in.Version, in.AgeLimit = "2026-1", 45 // meant 40
	must(f.svc.AddPolicyVersion(f.ctx, cityAdmin, in))(t)

	fix := in
	fix.AgeLimit = 40
	_, err := f.svc.CorrectPolicyVersion(f.ctx, wzStaff, "2026-1", fix)
	wantCode(t, err, skillcert.EFORBIDDEN)
	bad := fix
	bad.AgeLimit = 70
	_, err = f.svc.CorrectPolicyVersion(f.ctx, cityAdmin, "2026-1", bad)
	wantError(t, err, skillcert.EINVALID, "ageLimit", "年龄上限应在 18 至 60 周岁之间，当前为 70 周岁")
	past := fix
	past.EffectiveFrom = "2026-03-31"
	_, err = f.svc.CorrectPolicyVersion(f.ctx, cityAdmin, "2026-1", past)
	wantError(t, err, skillcert.EINVALID, "effectiveFrom", "生效日期 2026-03-31 早于今天 2026-04-01；新版本只能从今天或以后生效")
	_, err = f.svc.CorrectPolicyVersion(f.ctx, cityAdmin, "2099-1", fix)
	wantCode(t, err, skillcert.ENOTFOUND)

	v := must(f.svc.CorrectPolicyVersion(f.ctx, cityAdmin, "2026-1", fix))(t)
	if v.AgeLimit != 40 || v.Version != "2026-1" || v.CreatedBy != cityAdmin.AccountID {
		t.Errorf("corrected = %+v", v)
	}
	got := must(f.svc.PolicyInForce(f.ctx, skillcert.NewDate(2026, time.June, 1)))(t)
	if got.AgeLimit != 40 {
		t.Errorf("in force from June: age %d, want 40", got.AgeLimit)
	}

	// Moving the date is a correction too; the old date is free again.
	moved := fix
	moved.EffectiveFrom = "2026-07-01"
	must(f.svc.CorrectPolicyVersion(f.ctx, cityAdmin, "2026-1", moved))(t)
	other := in
	other.Version, other.AgeLimit = "2026-0", 38
	must(f.svc.AddPolicyVersion(f.ctx, cityAdmin, other))(t) // 2026-06-01, freed
	clash := moved
	clash.EffectiveFrom = "2026-06-01"
	_, err = f.svc.CorrectPolicyVersion(f.ctx, cityAdmin, "2026-1", clash)
	wantError(t, err, skillcert.EINVALID, "effectiveFrom", "版本“2026-0”与“2026-1”的生效日期同为 2026-06-01")

	// Withdrawn: gone from the list and from every date; the date and the
	// name can be used again.
	_, err = f.svc.WithdrawPolicyVersion(f.ctx, zqStaff, "2026-0")
	wantCode(t, err, skillcert.EFORBIDDEN)
	must(f.svc.WithdrawPolicyVersion(f.ctx, cityAdmin, "2026-0"))(t)
	_, err = f.svc.WithdrawPolicyVersion(f.ctx, cityAdmin, "2026-0")
	wantCode(t, err, skillcert.ENOTFOUND)
	if got := must(f.svc.PolicyInForce(f.ctx, skillcert.NewDate(2026, time.June, 15)))(t); got.Version != "2012-1" {
		t.Errorf("in force mid-June after the withdrawal: %s, want 2012-1", got.Version)
	}
	must(f.svc.AddPolicyVersion(f.ctx, cityAdmin, other))(t)

	acts := f.auditActions("2026-1")
	if !slices.Contains(acts, "recruitment.policy.correct:ok") || !slices.Contains(acts, "recruitment.policy.correct:denied") {
		t.Errorf("audit of 2026-1 = %v", acts)
	}
	if acts := f.auditActions("2026-0"); !slices.Contains(acts, "recruitment.policy.withdraw:ok") {
		t.Errorf("audit of 2026-0 = %v", acts)
	}
	page := must(f.audit.List(f.ctx, audit.Filter{TargetID: "2026-1"}, skillcert.PageRequest{Size: 100}))(t)
	var detail string
	for _, e := range page.Items {
		if e.Action == "recruitment.policy.correct" && e.Result == audit.ResultOK && strings.Contains(e.Detail, "2026-06-01") {
			detail = e.Detail
		}
	}
	if !strings.Contains(detail, "修改前") || !strings.Contains(detail, "年龄上限 45") || !strings.Contains(detail, "修改后") || !strings.Contains(detail, "年龄上限 40") {
		t.Errorf("correction's audit detail has no before and after: %q", detail)
	}
}

// TestVersionInForceIsImmutable: the version in force, and one that comes
// into force today, can be neither corrected nor withdrawn.
func TestVersionInForceIsImmutable(t *testing.T) {
	f := newFixture(t)
	in := PolicyInput{PolicyParams: DefaultPolicy(), EffectiveFrom: "2026-04-02"}
	in.Version = "2026-1"
	must(f.svc.AddPolicyVersion(f.ctx, cityAdmin, in))(t)
	old := PolicyInput{PolicyParams: DefaultPolicy(), EffectiveFrom: "2026-05-01"}
	old.AgeLimit = 40
	_, err := f.svc.CorrectPolicyVersion(f.ctx, cityAdmin, "2012-1", old)
	wantError(t, err, skillcert.ECONFLICT, "", "政策参数版本“2012-1”已于 2012-08-14 生效，不能修改或撤回；如需调整，请新增版本")
	_, err = f.svc.WithdrawPolicyVersion(f.ctx, cityAdmin, "2012-1")
	wantError(t, err, skillcert.ECONFLICT, "", "政策参数版本“2012-1”已于 2012-08-14 生效，不能修改或撤回；如需调整，请新增版本")

	f.clock.at(2026, time.April, 2) // the day 2026-1 comes into force
	fix := in
	fix.AgeLimit = 40
	_, err = f.svc.CorrectPolicyVersion(f.ctx, cityAdmin, "2026-1", fix)
	wantCode(t, err, skillcert.ECONFLICT)
	_, err = f.svc.WithdrawPolicyVersion(f.ctx, cityAdmin, "2026-1")
	wantCode(t, err, skillcert.ECONFLICT)
	if got := must(f.svc.PolicyInForce(f.ctx, skillcert.NewDate(2026, time.April, 2)))(t); got.Version != "2026-1" || got.AgeLimit != 35 {
		t.Errorf("in force = %s age %d", got.Version, got.AgeLimit)
	}
}

// TestChangeConditionIncludesTheDate: the write's own condition refuses a
// version whose date has come, whatever the check before it saw.
func TestChangeConditionIncludesTheDate(t *testing.T) {
	f := newFixture(t)
	in := PolicyInput{PolicyParams: DefaultPolicy(), EffectiveFrom: "2026-04-02"}
	in.Version = "2026-1"
	must(f.svc.AddPolicyVersion(f.ctx, cityAdmin, in))(t)
	for day, want := range map[string]int64{"2026-04-01": 1, "2026-04-02": 0, "2026-04-03": 0} {
		n, err := f.svc.policies.Count(f.ctx, notYetInForce("2026-1", skillcert.MustParseDate(day)))
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("on %s the condition matches %d, want %d", day, n, want)
		}
	}
}
