package subsidies

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/recruitment"
)

// TestLedgerMinimumWageChangeMidYear: a new minimum wage in force from
// 2026-07-01 applies to July on, June keeps the old one; the per-person
// amount is 150% rounded half up to the fen.
func TestLedgerMinimumWageChangeMidYear(t *testing.T) {
	for _, from := range []int{1, 15} { // in force from 1 July, or from 15 July: either way July pays the new wage
		t.Run(fmt.Sprintf("from July %d", from), func(t *testing.T) { wageChange(t, from) })
	}
}

func wageChange(t *testing.T, fromDay int) {
	f := newFixture(t)
	v2 := recruitment.DefaultPolicy()
	v2.Version, v2.EffectiveFrom, v2.MonthlyMinimumWage = "2026-1", skillcert.NewDate(2026, time.July, fromDay), 198001 // 1,980.01 yuan
	f.versions = append(f.versions, v2)
	f.postings["WZ"] = []recruitment.CoordinatorPosting{posting("p1", "王一", "2025-01-01", "", recruitment.Yuan(3000))}
	f.at(2026, time.August, 10)
	june := must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-06"))(t)
	july := must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-07"))(t)
	if june.PolicyVersion != "2012-1" || june.PerPerson != 196500 || june.Lines[0].Basic != 196500 || june.Lines[0].Insurance != 30000 {
		t.Errorf("June: %s per person %s, line %+v", june.PolicyVersion, june.PerPerson, june.Lines[0])
	}
	// 1,980.01 × 150% = 2,970.015 → 2,970.02.
	if july.PolicyVersion != "2026-1" || july.PerPerson != 297002 || july.Lines[0].Basic != 297002 || july.Total != 297002+30000 {
		t.Errorf("July: %s per person %s, total %s", july.PolicyVersion, july.PerPerson, july.Total)
	}
	if !strings.Contains(july.Lines[0].Computation, "最低月工资 1,980.01 元 × 150% = 2,970.02 元") {
		t.Errorf("July computation: %s", july.Lines[0].Computation)
	}
}

// TestLedgerMidMonthHireAndLeave: a coordinator hired on the 10th of a
// 31-day month counts 22 days, one who left on the 20th counts 20, one who
// came and went within the month the days between, one who left before the
// month or was hired after it not at all — each amount pro rata by
// calendar days, rounded half up to the fen.
func TestLedgerMidMonthHireAndLeave(t *testing.T) {
	f := newFixture(t)
	f.postings["WZ"] = []recruitment.CoordinatorPosting{
		posting("p1", "全月", "2025-06-01", "", 0),
		posting("p2", "月中到岗", "2026-03-10", "", 0),
		posting("p3", "月中离岗", "2025-06-01", "2026-03-20", 0),
		posting("p4", "月内来去", "2026-03-05", "2026-03-06", 0),
		posting("p5", "已离岗", "2025-06-01", "2026-02-28", 0),
		posting("p6", "未到岗", "2026-04-01", "", 0),
	}
	l := must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-03"))(t)
	if len(l.Lines) != 4 {
		t.Fatalf("%d lines, want 4", len(l.Lines))
	}
	want := []struct {
		name             string
		days             int
		basic, insurance recruitment.Fen
	}{
		{"全月", 31, 196500, 30000},
		{"月中到岗", 22, 139452, 21290}, // 1,965 × 22 ÷ 31 = 1,394.516… → 1,394.52; 300 × 22 ÷ 31 = 212.903… → 212.90
		{"月中离岗", 20, 126774, 19355}, // 1,965 × 20 ÷ 31 = 1,267.741… → 1,267.74; 300 × 20 ÷ 31 = 193.548… → 193.55
		{"月内来去", 2, 12677, 1935},    // 1,965 × 2 ÷ 31 = 126.774… → 126.77; 300 × 2 ÷ 31 = 19.354… → 19.35
	}
	var total recruitment.Fen
	for i, w := range want {
		got := l.Lines[i]
		if got.Name != w.name || got.DaysOnPost != w.days || got.DaysInMonth != 31 || got.Basic != w.basic || got.Insurance != w.insurance {
			t.Errorf("line %d = %s %d/%d basic %d insurance %d, want %+v", i, got.Name, got.DaysOnPost, got.DaysInMonth, got.Basic, got.Insurance, w)
		}
		total += w.basic + w.insurance
	}
	if l.Total != total || l.BasicTotal+l.InsuranceTotal+l.RewardTotal != l.Total {
		t.Errorf("total %s, want %s", l.Total, recruitment.Fen(total))
	}
	if l.Lines[1].From.String() != "2026-03-10" || l.Lines[2].To.String() != "2026-03-20" {
		t.Errorf("dates: %v–%v, %v–%v", l.Lines[1].From, l.Lines[1].To, l.Lines[2].From, l.Lines[2].To)
	}
}

// TestLedgerRewardByBandCappedAtPay: the previous year's score puts the
// town in a band; the reward is the band's multiple of the minimum wage,
// capped at the recorded monthly pay, none without recorded pay.
func TestLedgerRewardByBandCappedAtPay(t *testing.T) {
	f := newFixture(t)
	f.scores[2025] = 855 // 85.5 points: 良好, 50%
	f.postings["WZ"] = []recruitment.CoordinatorPosting{
		posting("p1", "高报酬", "2025-06-01", "", recruitment.Yuan(3000)),
		posting("p2", "低报酬", "2025-06-01", "", recruitment.Yuan(500)),
		posting("p3", "未登记", "2025-06-01", "", 0),
		posting("p4", "半月", "2026-03-17", "", recruitment.Yuan(3000)),
	}
	l := must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-03"))(t)
	if l.RewardBand != "良好" || l.RewardMultiple != 50 || l.RewardYear != 2025 {
		t.Fatalf("band %q %d%% year %d", l.RewardBand, l.RewardMultiple, l.RewardYear)
	}
	wants := []recruitment.Fen{65500, 50000, 0, 31694} // 1,310 × 50% = 655; capped 500; none; 655 × 15 ÷ 31 = 316.935… → 316.94
	for i, w := range wants {
		if l.Lines[i].Reward != w {
			t.Errorf("%s reward %s, want %s (%s)", l.Lines[i].Name, l.Lines[i].Reward, w, l.Lines[i].RewardNote)
		}
	}
	if !strings.Contains(l.Lines[1].RewardNote, "超过实际月报酬 500.00 元，按实际报酬计") {
		t.Errorf("cap note: %s", l.Lines[1].RewardNote)
	}
	// Below every band, and a town without figures: no reward.
	f.scores[2025] = 599
	l = must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-03"))(t)
	if l.RewardTotal != 0 || l.RewardBand != "" || !strings.Contains(l.RewardBasis, "未达奖励档次") {
		t.Errorf("59.9 points: reward %s band %q (%s)", l.RewardTotal, l.RewardBand, l.RewardBasis)
	}
}

// TestLedgerWorkflow: draft → submitted (only after the month) →
// returned with a reason → regenerated → submitted → approved, then
// immutable; each step in the history.
func TestLedgerWorkflow(t *testing.T) {
	f := newFixture(t)
	f.postings["WZ"] = []recruitment.CoordinatorPosting{posting("p1", "王一", "2025-06-01", "", 0)}
	_, err := f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-05")
	wantError(t, err, skillcert.EINVALID, "period", "2026 年 5 月尚未开始，不能生成台账")
	_, err = f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-13")
	wantError(t, err, skillcert.EINVALID, "period", "月份“2026-13”无效，应为 YYYY-MM 格式，如 2026-03")
	cur := must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-04"))(t)
	_, err = f.svc.SubmitLedger(f.ctx, wzStaff, cur.ID)
	wantError(t, err, skillcert.ECONFLICT, "", "2026-04 尚未结束（至 2026-04-30），月末之后才能提交")

	l := must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-03"))(t)
	if l.ID != "WZ:2026-03" || l.Status != LedgerDraft {
		t.Fatalf("ledger %s %s", l.ID, l.Status)
	}
	_, err = f.svc.ApproveLedger(f.ctx, city, l.ID)
	wantError(t, err, skillcert.ECONFLICT, "", "台账当前为“草稿”，只有已提交的台账可以批准")
	_, err = f.svc.SubmitLedger(f.ctx, zqStaff, l.ID)
	wantCode(t, err, skillcert.ENOTFOUND)
	must(f.svc.SubmitLedger(f.ctx, wzStaff, l.ID))(t)
	_, err = f.svc.ReturnLedger(f.ctx, city, l.ID, ReasonInput{})
	wantError(t, err, skillcert.EINVALID, "reason", "请填写退回原因")
	r := must(f.svc.ReturnLedger(f.ctx, city, l.ID, ReasonInput{Reason: "缺少离岗人员"}))(t)
	if r.Status != LedgerReturned || r.Reason != "缺少离岗人员" {
		t.Fatalf("returned: %s %q", r.Status, r.Reason)
	}
	f.postings["WZ"] = append(f.postings["WZ"], posting("p2", "李二", "2025-06-01", "2026-03-15", 0))
	g := must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-03"))(t)
	if g.Status != LedgerDraft || len(g.Lines) != 2 || g.Rev != r.Rev+1 {
		t.Fatalf("regenerated: %s, %d lines, rev %d", g.Status, len(g.Lines), g.Rev)
	}
	must(f.svc.SubmitLedger(f.ctx, wzStaff, l.ID))(t)
	a := must(f.svc.ApproveLedger(f.ctx, city, l.ID))(t)
	if a.Status != LedgerApproved || len(a.History) != 6 {
		t.Fatalf("approved: %s, %d events", a.Status, len(a.History))
	}
	_, err = f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-03")
	wantError(t, err, skillcert.ECONFLICT, "", "2026-03 的台账已批准，不能重新生成")
	_, err = f.svc.ReturnLedger(f.ctx, city, l.ID, ReasonInput{Reason: "x"})
	wantCode(t, err, skillcert.ECONFLICT)
	again := must(f.svc.Ledger(f.ctx, city, l.ID))(t)
	if again.Total != a.Total || again.Status != LedgerApproved || len(again.Lines) != 2 {
		t.Errorf("the approved ledger changed: %+v", again)
	}
}

// TestLedgerDoubleApprovalRace: of twenty concurrent approvals exactly one
// passes.
func TestLedgerDoubleApprovalRace(t *testing.T) {
	f := newFixture(t)
	f.postings["WZ"] = []recruitment.CoordinatorPosting{posting("p1", "王一", "2025-06-01", "", 0)}
	l := must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-03"))(t)
	must(f.svc.SubmitLedger(f.ctx, wzStaff, l.ID))(t)
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				_, errs[i] = f.svc.ApproveLedger(f.ctx, city, l.ID)
			} else {
				_, errs[i] = f.svc.ReturnLedger(f.ctx, city, l.ID, ReasonInput{Reason: "并发退回"})
			}
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if skillcert.ErrorCode(err) != skillcert.ECONFLICT {
			t.Errorf("unexpected %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d decisions passed, want 1", ok)
	}
	got := must(f.svc.Ledger(f.ctx, city, l.ID))(t)
	if len(got.History) != 3 {
		t.Errorf("%d events, want 3", len(got.History))
	}
}

// TestLedgerTownScope: a town sees, lists and generates only its own; the
// city sees all and the month overview of every town.
func TestLedgerTownScope(t *testing.T) {
	f := newFixture(t)
	f.postings["WZ"] = []recruitment.CoordinatorPosting{posting("p1", "王一", "2025-06-01", "", 0)}
	f.postings["ZQ"] = []recruitment.CoordinatorPosting{posting("p2", "赵二", "2025-06-01", "", 0), posting("p3", "钱三", "2025-06-01", "", 0)}
	wz := must(f.svc.GenerateLedger(f.ctx, wzStaff, "WZ", "2026-03"))(t)
	must(f.svc.GenerateLedger(f.ctx, zqStaff, "ZQ", "2026-03"))(t)
	_, err := f.svc.GenerateLedger(f.ctx, zqStaff, "WZ", "2026-03")
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.GenerateLedger(f.ctx, city, "WZ", "2026-03")
	wantCode(t, err, skillcert.EFORBIDDEN)
	_, err = f.svc.Ledger(f.ctx, zqStaff, wz.ID)
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.Ledgers(f.ctx, zqStaff, LedgerFilter{Town: "WZ"}, skillcert.PageRequest{})
	wantCode(t, err, skillcert.ENOTFOUND)
	p := must(f.svc.Ledgers(f.ctx, zqStaff, LedgerFilter{}, skillcert.PageRequest{}))(t)
	if p.Total != 1 || p.Items[0].Town != "ZQ" {
		t.Errorf("ZQ lists %+v", p)
	}
	if p := must(f.svc.Ledgers(f.ctx, city, LedgerFilter{}, skillcert.PageRequest{}))(t); p.Total != 2 {
		t.Errorf("the city lists %d", p.Total)
	}
	o := must(f.svc.Overview(f.ctx, city, "2026-03"))(t)
	if len(o.Rows) != 14 || o.Total != wz.Total*3 || o.ApprovedTotal != 0 {
		t.Errorf("overview: %d rows, total %s approved %s", len(o.Rows), o.Total, o.ApprovedTotal)
	}
	o = must(f.svc.Overview(f.ctx, zqStaff, "2026-03"))(t)
	if len(o.Rows) != 1 || o.Rows[0].Town != "ZQ" || o.Rows[0].People != 2 {
		t.Errorf("ZQ overview: %+v", o.Rows)
	}
}
