package platform_test

import (
	"context"
	"testing"

	"skillcert"
	"skillcert/audit"
	"skillcert/demo"
	"skillcert/recruitment"
	"skillcert/subsidies"
)

// TestDemoSubsidiesAndDepartures checks the subsidies' wiring into the
// recruitment data through the demo set: 乌镇镇's hired coordinators are on
// post from their hire, one left mid-month and counts pro rata; the demo
// shows an approved construction subsidy and two ledgers; loading the demo
// again changes nothing; a departure is recorded by the town only, within
// the hire and today, audited.
func TestDemoSubsidiesAndDepartures(t *testing.T) {
	s := newPlatform(t)
	ctx := context.Background()
	admin, wz, zq := actorOf(t, s, "admin"), actorOf(t, s, "wz_staff"), actorOf(t, s, "zq_staff")

	c, err := s.Subsidies.ConstructionOf(ctx, admin, "WZ")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != subsidies.ConstructionApproved || c.Amount != recruitment.Yuan(100000) || c.Area != 21550 || c.Acceptance == nil {
		t.Errorf("乌镇镇 construction subsidy: %+v", c)
	}
	if c, err := s.Subsidies.ConstructionOf(ctx, admin, "ZQ"); err != nil || c.Status != subsidies.ConstructionApplied {
		t.Errorf("洲泉镇: %+v, %v", c, err)
	}
	ledgers, err := s.Subsidies.Ledgers(ctx, wz, subsidies.LedgerFilter{}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if ledgers.Total != 2 || ledgers.Items[0].Status != subsidies.LedgerSubmitted || ledgers.Items[1].Status != subsidies.LedgerApproved {
		t.Fatalf("demo ledgers: %+v", ledgers)
	}
	last, err := s.Subsidies.Ledger(ctx, admin, ledgers.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(last.Lines) != 2 || last.Lines[0].DaysOnPost != last.Lines[0].DaysInMonth || last.Lines[1].DaysOnPost != 15 || last.Total <= 0 {
		t.Errorf("last month's lines: %+v", last.Lines)
	}

	postings, err := s.Recruitment.Postings(ctx, "WZ")
	if err != nil {
		t.Fatal(err)
	}
	if len(postings) != 2 {
		t.Fatalf("%d postings, want 2", len(postings))
	}
	var onPost recruitment.CoordinatorPosting
	for _, p := range postings {
		if p.To.IsZero() {
			onPost = p
		}
	}
	if onPost.ApplicationID == "" || onPost.MonthlyPay != recruitment.Yuan(3200) {
		t.Fatalf("postings: %+v", postings)
	}
	_, err = s.Recruitment.UpdatePosting(ctx, zq, onPost.ApplicationID, recruitment.PostingInput{LeftOn: skillcert.Today().String()})
	if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("another town's departure: %v", err)
	}
	_, err = s.Recruitment.UpdatePosting(ctx, wz, onPost.ApplicationID, recruitment.PostingInput{LeftOn: onPost.From.AddDays(-1).String()})
	if msg := skillcert.ErrorMessage(err); msg != "离岗日期 "+onPost.From.AddDays(-1).String()+" 早于录用日期 "+onPost.From.String() {
		t.Errorf("departure before the hire: %v", err)
	}
	_, err = s.Recruitment.UpdatePosting(ctx, wz, onPost.ApplicationID, recruitment.PostingInput{LeftOn: skillcert.Today().AddDays(1).String()})
	if skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Errorf("departure tomorrow: %v", err)
	}
	_, err = s.Recruitment.UpdatePosting(ctx, wz, onPost.ApplicationID, recruitment.PostingInput{MonthlyPay: "abc"})
	if msg := skillcert.ErrorMessage(err); msg != "实际月报酬“abc”无效，应为最多两位小数的元数，如 2500 或 2500.50" {
		t.Errorf("bad pay: %v", err)
	}
	left := skillcert.Today()
	if _, err := s.Recruitment.UpdatePosting(ctx, wz, onPost.ApplicationID, recruitment.PostingInput{LeftOn: left.String(), MonthlyPay: "3200"}); err != nil {
		t.Fatal(err)
	}
	entries, err := s.Audit.List(ctx, audit.Filter{TargetID: onPost.ApplicationID}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries.Items) == 0 || entries.Items[0].Action != "recruitment.posting.update" {
		t.Errorf("audit: %+v", entries.Items)
	}
	cur, err := s.Subsidies.GenerateLedger(ctx, wz, "WZ", left.String()[:7])
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range cur.Lines {
		if l.ApplicationID == onPost.ApplicationID && (l.DaysOnPost != left.Day || l.To != left) {
			t.Errorf("after the departure: %+v", l)
		}
	}

	if err := demo.Load(ctx, s, demo.NewPassword()); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.Subsidies.Ledgers(ctx, admin, subsidies.LedgerFilter{}, skillcert.PageRequest{}); again.Total != 3 {
		t.Errorf("after loading the demo again: %d ledgers, want 3", again.Total)
	}
}
