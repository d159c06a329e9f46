package recruitment

import (
	"testing"
	"time"

	"skillcert"
)

func TestConstructionSubsidyAtEveryTierBoundary(t *testing.T) {
	p := DefaultPolicy()
	for _, tc := range []struct {
		area string
		want Fen
	}{
		{"0", Yuan(60000)}, {"99.99", Yuan(60000)}, {"100", Yuan(80000)}, {"100.00", Yuan(80000)}, {"100.01", Yuan(80000)},
		{"199.99", Yuan(80000)}, {"200.00", Yuan(100000)}, {"200", Yuan(100000)}, {"350.5", Yuan(100000)},
	} {
		a, err := ParseArea(tc.area)
		if err != nil {
			t.Fatalf("%s: %v", tc.area, err)
		}
		got, _, err := ConstructionSubsidyForArea(p, a)
		if err != nil || got != tc.want {
			t.Errorf("%s m²: %s, %v; want %s", tc.area, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "-1", "199.999", "1e3", "abc", "12."} {
		if _, err := ParseArea(bad); skillcert.ErrorCode(err) != skillcert.EINVALID {
			t.Errorf("%q accepted: %v", bad, err)
		}
	}
	if a, _ := ParseArea("199.9"); a != 19990 || a.String() != "199.90 平方米" {
		t.Errorf("199.9 → %d %s", a, a)
	}
}

// TestPersonnelSubsidyAcrossAWageChange: the minimum wage changes on
// 15 July; July already pays the new wage, June the old one; a
// coordinator hired on 16 July counts 16 of 31 days.
func TestPersonnelSubsidyAcrossAWageChange(t *testing.T) {
	old := DefaultPolicy()
	old.MonthlyMinimumWage = Yuan(2280)
	raised := old
	raised.Version, raised.EffectiveFrom, raised.MonthlyMinimumWage = "2026-2", skillcert.NewDate(2026, time.July, 15), Yuan(2490)
	versions := []PolicyParams{old, raised}
	postings := []Posting{
		{PersonID: "a", Name: "甲", From: skillcert.NewDate(2025, 3, 1)},
		{PersonID: "b", Name: "乙", From: skillcert.NewDate(2026, 7, 16)},
		{PersonID: "c", Name: "丙", From: skillcert.NewDate(2025, 3, 1), To: skillcert.NewDate(2026, 6, 10)},
	}
	insurance := Yuan(700)
	june, err := PersonnelSubsidyMonth(versions, 2026, time.June, postings, insurance)
	if err != nil {
		t.Fatal(err)
	}
	// 150% of 2,280.00 = 3,420.00; 丙 10 of 30 days: 1,140.00 and 233.33.
	if june.PolicyVersion != old.Version || june.PerPerson != Yuan(3420) || len(june.Lines) != 2 ||
		june.Lines[1].Basic != Yuan(1140) || june.Lines[1].Insurance != 23333 || june.Total != Yuan(3420+700+1140)+23333 {
		t.Fatalf("June: %+v", june)
	}
	july, err := PersonnelSubsidyMonth(versions, 2026, time.July, postings, insurance)
	if err != nil {
		t.Fatal(err)
	}
	// 150% of 2,490.00 = 3,735.00; 乙 16 of 31 days: 3,735 × 16 ÷ 31 = 1,927.741… → 1,927.74; 700 × 16 ÷ 31 = 361.29.
	if july.PolicyVersion != "2026-2" || july.PerPerson != Yuan(3735) || len(july.Lines) != 2 ||
		july.Lines[1].DaysOnPost != 16 || july.Lines[1].Basic != 192774 || july.Lines[1].Insurance != 36129 {
		t.Fatalf("July: %+v", july)
	}
	if july.Total != Yuan(3735+700)+192774+36129 {
		t.Fatalf("July total %s", july.Total)
	}
	if _, err := PersonnelSubsidyMonth(versions, 2026, 13, postings, insurance); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Fatal("month 13 accepted")
	}
}

func TestRewardSubsidyIsCappedAtActualPay(t *testing.T) {
	p := DefaultPolicy()
	p.MonthlyMinimumWage = Yuan(2490)
	if r, _ := RewardSubsidy(p, 50, Yuan(5000)); r != Yuan(1245) {
		t.Fatalf("half a wage: %s", r)
	}
	if r, _ := RewardSubsidy(p, 300, Yuan(5000)); r != Yuan(5000) {
		t.Fatalf("capped: %s", r)
	}
	if _, err := RewardSubsidy(p, -1, Yuan(5000)); err == nil {
		t.Fatal("negative multiple accepted")
	}
}

// TestNewVersionKeepsTheSubsidyParametersItLeavesOut: a version added
// without subsidy parameters (the policy form has no fields for them)
// takes those of the version in force on its date; one that sets them
// keeps its own.
func TestNewVersionKeepsTheSubsidyParametersItLeavesOut(t *testing.T) {
	old := DefaultPolicy()
	p := DefaultPolicy()
	p.Version, p.EffectiveFrom, p.SubsidyParams = "2026-1", skillcert.NewDate(2026, time.July, 1), SubsidyParams{}
	got := inheritSubsidyParams([]PolicyParams{old}, p)
	if got.InsuranceShare != old.InsuranceShare || len(got.RewardBands) != 3 {
		t.Errorf("inherited %+v", got)
	}
	p.SubsidyParams = SubsidyParams{InsuranceShare: Yuan(500)}
	if got := inheritSubsidyParams([]PolicyParams{old}, p); got.InsuranceShare != Yuan(500) || len(got.RewardBands) != 0 {
		t.Errorf("own parameters replaced: %+v", got)
	}
	if b, ok := old.BandFor(800); !ok || b.Label != "良好" || b.MultiplePercent != 50 {
		t.Errorf("80.0 points: %+v %v", b, ok)
	}
	if b, ok := old.BandFor(799); !ok || b.Label != "合格" {
		t.Errorf("79.9 points: %+v %v", b, ok)
	}
	if _, ok := old.BandFor(599); ok {
		t.Errorf("59.9 points reach a band")
	}
	bad := old.SubsidyParams
	bad.RewardBands = append(bad.RewardBands, RewardBand{Label: "重复", MinTenths: 900, MultiplePercent: 10})
	if err := bad.Validate(); skillcert.ErrorMessage(err) != "奖励档次的分数下限 90.0 分重复" {
		t.Errorf("duplicate band: %v", err)
	}
}
