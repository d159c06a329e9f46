package subsidies

import (
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/recruitment"
)

// TestConstructionTiersAtEveryBoundary follows the policy's wording:
// "200平方米以上" 100,000 yuan, "100平方米以上200平方米以下" 80,000, "100平方米
// 以下" 60,000, with 以上 inclusive (民法典 第1259条): 200 m² is in the top
// tier, 100 m² in the middle one, 99.99 and 199.99 below them. Each round
// applies, approves and reverses, which also shows that a reversed office
// may apply again.
func TestConstructionTiersAtEveryBoundary(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		area string
		want recruitment.Fen
		tier int
	}{
		{"0.01", recruitment.Yuan(60000), 0},
		{"99.99", recruitment.Yuan(60000), 0},
		{"100", recruitment.Yuan(80000), 100},
		{"100.00", recruitment.Yuan(80000), 100},
		{"199.99", recruitment.Yuan(80000), 100},
		{"200", recruitment.Yuan(100000), 200},
		{"200.01", recruitment.Yuan(100000), 200},
		{"1500.5", recruitment.Yuan(100000), 200},
	} {
		must(f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: c.area, Address: "乌镇镇人民路 1 号"}))(t)
		got := must(f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026-04-15", Inspectors: "张三、李四"}))(t)
		if got.Amount != c.want || got.Tier.LowerBound != recruitment.Area(c.tier)*100 || got.Status != ConstructionApproved || got.PolicyVersion != "2012-1" {
			t.Errorf("%s m²: %s tier %s status %s, want %s tier %d", c.area, got.Amount, got.Tier.LowerBound.M2(), got.Status, c.want, c.tier)
		}
		must(f.svc.ReverseConstruction(f.ctx, city, "WZ", ReasonInput{Reason: "测试撤销"}))(t)
	}
}

// TestConstructionOncePerOfficeAndReversal: an approved subsidy blocks a
// second application until the city reverses it (with a reason, audited in
// the history); a pending one blocks too; a return lets the town apply
// again.
func TestConstructionOncePerOfficeAndReversal(t *testing.T) {
	f := newFixture(t)
	must(f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "150", Address: "乌镇镇"}))(t)
	_, err := f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "250", Address: "乌镇镇"})
	wantError(t, err, skillcert.ECONFLICT, "", "本镇（街道）的平台建设补助申请已提交，正在等待验收")

	_, err = f.svc.ReturnConstruction(f.ctx, city, "WZ", ReasonInput{Reason: "  "})
	wantError(t, err, skillcert.EINVALID, "reason", "请填写退回原因")
	must(f.svc.ReturnConstruction(f.ctx, city, "WZ", ReasonInput{Reason: "面积证明缺失"}))(t)
	_, err = f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026-04-15", Inspectors: "张三"})
	wantError(t, err, skillcert.ECONFLICT, "", "该申请当前为“已退回”，不能验收批准")

	must(f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "250", Address: "乌镇镇"}))(t)
	must(f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026-04-15", Inspectors: "张三"}))(t)
	_, err = f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "250", Address: "乌镇镇"})
	wantError(t, err, skillcert.ECONFLICT, "", "本镇（街道）已获批一次性平台建设补助 100,000.00 元，不能重复申请")

	_, err = f.svc.ReverseConstruction(f.ctx, wzStaff, "WZ", ReasonInput{Reason: "x"})
	wantCode(t, err, skillcert.EFORBIDDEN)
	c := must(f.svc.ReverseConstruction(f.ctx, city, "WZ", ReasonInput{Reason: "验收材料有误"}))(t)
	if c.Status != ConstructionReversed || c.Reason != "验收材料有误" || len(c.History) != 5 {
		t.Fatalf("after reversal: %s %q, %d events", c.Status, c.Reason, len(c.History))
	}
	if c.History[4].What != "撤销：验收材料有误" || c.History[4].By != city.AccountID {
		t.Errorf("last event = %+v", c.History[4])
	}
	c = must(f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "120.5", Address: "乌镇镇"}))(t)
	if c.Status != ConstructionApplied || c.Area != 12050 || len(c.History) != 6 || c.Amount != 0 {
		t.Errorf("re-application: %+v", c)
	}
}

// TestConstructionDoubleApprovalRace: twenty approvals at once, exactly
// one passes; the others are told someone else decided first.
func TestConstructionDoubleApprovalRace(t *testing.T) {
	f := newFixture(t)
	must(f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "200", Address: "乌镇镇"}))(t)
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026-04-15", Inspectors: "张三"})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch skillcert.ErrorCode(err) {
		case "":
			ok++
		case skillcert.ECONFLICT:
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d approvals passed, want 1", ok)
	}
	c := must(f.svc.ConstructionOf(f.ctx, city, "WZ"))(t)
	if len(c.History) != 2 {
		t.Errorf("%d events, want 2 (apply, one approval)", len(c.History))
	}
}

// TestConstructionPolicyOfTheAcceptanceDate: the tier amounts of the
// version in force on the acceptance date apply, not those of the
// application date.
func TestConstructionPolicyOfTheAcceptanceDate(t *testing.T) {
	f := newFixture(t)
	v2 := recruitment.DefaultPolicy()
	v2.Version, v2.EffectiveFrom = "2026-1", skillcert.NewDate(2026, time.May, 1)
	v2.ConstructionSubsidy = []recruitment.AreaTier{{LowerBound: 0, Amount: recruitment.Yuan(70000)}, {LowerBound: 200 * 100, Amount: recruitment.Yuan(120000)}}
	f.versions = append(f.versions, v2)
	must(f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "210", Address: "乌镇镇"}))(t)
	f.at(2026, time.May, 3)
	_, err := f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026-05-04", Inspectors: "张三"})
	wantError(t, err, skillcert.EINVALID, "acceptedOn", "验收日期 2026-05-04 晚于今天，请在验收后登记")
	_, err = f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026-04-14", Inspectors: "张三"})
	wantError(t, err, skillcert.EINVALID, "acceptedOn", "验收日期 2026-04-14 早于申请日期 2026-04-15")
	c := must(f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026-04-30", Inspectors: "张三"}))(t)
	if c.Amount != recruitment.Yuan(100000) || c.PolicyVersion != "2012-1" {
		t.Errorf("accepted 2026-04-30: %s under %s", c.Amount, c.PolicyVersion)
	}
	must(f.svc.ReverseConstruction(f.ctx, city, "WZ", ReasonInput{Reason: "重新验收"}))(t)
	f.at(2026, time.April, 20) // a second application, made before the new version
	must(f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "210", Address: "乌镇镇"}))(t)
	f.at(2026, time.May, 3)
	c = must(f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026-05-01", Inspectors: "张三"}))(t)
	if c.Amount != recruitment.Yuan(120000) || c.PolicyVersion != "2026-1" {
		t.Errorf("accepted 2026-05-01: %s under %s", c.Amount, c.PolicyVersion)
	}
}

// TestConstructionScopeAndBadInput: a town sees and applies for its own
// office only; bad input is refused in Chinese.
func TestConstructionScopeAndBadInput(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.ApplyConstruction(f.ctx, zqStaff, "WZ", ConstructionInput{Area: "100", Address: "x"})
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.ApplyConstruction(f.ctx, city, "WZ", ConstructionInput{Area: "100", Address: "x"})
	wantCode(t, err, skillcert.EFORBIDDEN)
	_, err = f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "12.345", Address: "x"})
	wantError(t, err, skillcert.EINVALID, "area", "服务场地面积“12.345”无法识别，应为平方米数，最多两位小数（如 199.99）")
	_, err = f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "0", Address: "x"})
	wantError(t, err, skillcert.EINVALID, "area", "服务场地面积应大于 0 平方米")
	_, err = f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "100", Address: " "})
	wantError(t, err, skillcert.EINVALID, "address", "请填写服务场地地址")
	must(f.svc.ApplyConstruction(f.ctx, wzStaff, "WZ", ConstructionInput{Area: "100", Address: "乌镇镇"}))(t)
	_, err = f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026/04/15", Inspectors: "张三"})
	wantError(t, err, skillcert.EINVALID, "acceptedOn", "验收日期“2026/04/15”无效，应为 YYYY-MM-DD 格式，如 2026-05-31")
	_, err = f.svc.ApproveConstruction(f.ctx, city, "WZ", ApprovalInput{AcceptedOn: "2026-04-15"})
	wantError(t, err, skillcert.EINVALID, "inspectors", "请填写验收人员")

	_, err = f.svc.ConstructionOf(f.ctx, zqStaff, "WZ")
	wantCode(t, err, skillcert.ENOTFOUND)
	if p := must(f.svc.Constructions(f.ctx, zqStaff, skillcert.PageRequest{}))(t); len(p.Items) != 0 {
		t.Errorf("ZQ sees %d construction records", len(p.Items))
	}
	if p := must(f.svc.Constructions(f.ctx, wzStaff, skillcert.PageRequest{}))(t); len(p.Items) != 1 {
		t.Errorf("WZ sees %d construction records", len(p.Items))
	}
	if p := must(f.svc.Constructions(f.ctx, city, skillcert.PageRequest{}))(t); p.Total != 1 {
		t.Errorf("the city sees %d", p.Total)
	}
}
