package reports

import (
	"context"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
)

// TestStoredWeightsAreTheFormerConstant: schema step 60 stores the
// weights that were written in code, so existing data scores as before.
func TestStoredWeightsAreTheFormerConstant(t *testing.T) {
	s := newTestService(t, genWorld(1, 10))
	vs, err := s.weightVersions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := AssessmentWeights{Version: "2026-1", EffectiveFrom: skillcert.NewDate(2012, 8, 14), Coverage: 35, Completion: 20, Certification: 15, Staffing: 15, Rating: 15}
	if len(vs) != 1 || vs[0].AssessmentWeights != want || vs[0].ID != "2026-1" {
		t.Fatalf("stored weights = %+v, want %+v", vs, want)
	}
	// Without the audit trail wired, nothing is written.
	in := WeightsInput{AssessmentWeights: AssessmentWeights{Version: "x", Coverage: 100}, EffectiveFrom: "2027-01-01"}
	if _, err := s.AddWeights(context.Background(), cityAdmin, in); skillcert.ErrorCode(err) != skillcert.EINTERNAL {
		t.Errorf("unaudited add: %v", err)
	}
	if vs, _ := s.weightVersions(context.Background()); len(vs) != 1 {
		t.Errorf("unaudited add stored %d versions", len(vs))
	}
}

// TestWeightVersionsFollowThePolicyVersionRules: added from today on,
// corrected or withdrawn before in force (audited), immutable from their
// first day; the assessment uses the version in force on the year's last
// day and names it.
func TestWeightVersionsFollowThePolicyVersionRules(t *testing.T) {
	w := genWorld(3, 60)
	s := newTestService(t, w) // today 2026-12-07
	log := audit.NewLog(s.db)
	s.SetAuditLog(log)
	refreshAll(t, s, w)
	ctx := context.Background()
	town := &skillcert.Actor{AccountID: "t1", Role: skillcert.RoleTownStaff, Town: "T1"}
	in := WeightsInput{AssessmentWeights: AssessmentWeights{Version: "2027-1", Coverage: 50, Completion: 20, Certification: 10, Staffing: 10, Rating: 10}, EffectiveFrom: "2027-01-01"}

	if _, err := s.AddWeights(ctx, town, in); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Fatalf("town adds weights: %v", err)
	}
	bad := in
	bad.Rating = 20
	if _, err := s.AddWeights(ctx, cityAdmin, bad); skillcert.ErrorMessage(err) != "考核权重合计应为 100 分，现为 110 分" {
		t.Fatalf("weights not adding to 100: %v", err)
	}
	past := in
	past.EffectiveFrom = "2026-12-06"
	if _, err := s.AddWeights(ctx, cityAdmin, past); skillcert.ErrorMessage(err) != "生效日期 2026-12-06 早于今天 2026-12-07；新版本只能从今天或以后生效" {
		t.Fatalf("past date: %v", err)
	}
	if _, err := s.AddWeights(ctx, cityAdmin, in); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddWeights(ctx, cityAdmin, in); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Fatalf("same version twice: %v", err)
	}

	used := func(year int) AssessmentWeights {
		t.Helper()
		as, err := s.Assess(ctx, cityAdmin, year)
		if err != nil {
			t.Fatal(err)
		}
		if len(as.Cards) > 0 && as.Cards[0].Items[0].Weight != as.Weights.Coverage {
			t.Fatalf("card weighted %d, version says %d", as.Cards[0].Items[0].Weight, as.Weights.Coverage)
		}
		return as.Weights
	}
	if v := used(2026); v.Version != "2026-1" || v.Coverage != 35 {
		t.Errorf("2026 assessed with %+v", v)
	}
	if v := used(2027); v.Version != "2027-1" || v.Coverage != 50 {
		t.Errorf("2027 assessed with %+v", v)
	}

	fix := in
	fix.Coverage, fix.Certification = 45, 15
	if _, err := s.CorrectWeights(ctx, town, "2027-1", fix); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Fatalf("town corrects: %v", err)
	}
	if _, err := s.CorrectWeights(ctx, cityAdmin, "2027-1", fix); err != nil {
		t.Fatal(err)
	}
	if v := used(2027); v.Coverage != 45 || v.Certification != 15 {
		t.Errorf("2027 after the correction: %+v", v)
	}
	if _, err := s.CorrectWeights(ctx, cityAdmin, "2026-1", fix); skillcert.ErrorMessage(err) != "考核权重版本“2026-1”已于 2012-08-14 生效，不能修改或撤回；如需调整，请新增版本" {
		t.Fatalf("in-force version corrected: %v", err)
	}
	if _, err := s.WithdrawWeights(ctx, cityAdmin, "2026-1"); skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Fatalf("in-force version withdrawn: %v", err)
	}

	// From its first day on, 2027-1 is immutable.
	s.SetClock(func() time.Time { return cst(2027, 1, 1, 0, 0) })
	if _, err := s.CorrectWeights(ctx, cityAdmin, "2027-1", in); skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Fatalf("corrected on its first day: %v", err)
	}
	if n, _ := s.weightsColl().Count(ctx, weightsNotYetInForce("2027-1", skillcert.NewDate(2027, 1, 1))); n != 0 {
		t.Errorf("the write's condition matches on the first day")
	}
	s.SetClock(func() time.Time { return cst(2026, 12, 31, 23, 59) })
	if _, err := s.WithdrawWeights(ctx, cityAdmin, "2027-1"); err != nil {
		t.Fatal(err)
	}
	if v := used(2027); v.Version != "2026-1" {
		t.Errorf("2027 after the withdrawal: %+v", v)
	}

	page, err := log.List(ctx, audit.Filter{TargetID: "2027-1"}, skillcert.PageRequest{Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, e := range page.Items {
		seen[e.Action+":"+e.Result] = e.Detail
	}
	for _, k := range []string{"reports.weights.create:ok", "reports.weights.create:denied", "reports.weights.correct:ok", "reports.weights.correct:denied", "reports.weights.withdraw:ok"} {
		if _, ok := seen[k]; !ok {
			t.Errorf("no audit entry %s in %v", k, seen)
		}
	}
	if d := seen["reports.weights.correct:ok"]; !strings.Contains(d, "修改前") || !strings.Contains(d, "培训覆盖率 50") || !strings.Contains(d, "培训覆盖率 45") {
		t.Errorf("correction detail = %q", d)
	}
}
