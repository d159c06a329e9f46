package demo

import (
	"context"
	"fmt"
	"time"

	"skillcert"
	"skillcert/platform"
	"skillcert/recruitment"
	"skillcert/roster"
	"skillcert/subsidies"
)

// The demo subsidies (经费补助): 乌镇镇 hired two coordinators about four
// months ago through the whole recruitment (post, applications, scores,
// the city's review, public notice, hire); one of them left in the middle
// of last month. The town's ledger of the month before last is approved,
// last month's awaits the city. 乌镇镇's construction subsidy was accepted
// and approved; 洲泉镇's application awaits the acceptance. As with the
// recruitment demo, the services' clocks run from the past and are
// restored afterwards.

// loadSubsidies loads the demo subsidies unless 乌镇镇 already applied.
func loadSubsidies(ctx context.Context, s *platform.Services) error {
	if _, err := s.Subsidies.ConstructionOf(ctx, system, "WZ"); err == nil {
		return nil
	} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		return err
	}
	defer s.Recruitment.SetClock(time.Now)
	defer s.Subsidies.SetClock(time.Now)
	wz, err := staffActor(ctx, s, "wz_staff")
	if err != nil {
		return err
	}
	zq, err := staffActor(ctx, s, "zq_staff")
	if err != nil {
		return err
	}
	d := time.Now().In(shanghai)
	today := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, shanghai)
	at := func(days int) time.Time {
		t := today.AddDate(0, 0, days)
		s.Recruitment.SetClock(func() time.Time { return t })
		s.Subsidies.SetClock(func() time.Time { return t })
		return t
	}
	day := func(t time.Time, days int) string { return t.AddDate(0, 0, days).Format("2006-01-02") }

	// The construction subsidies.
	t := at(-40)
	if _, err := s.Subsidies.ApplyConstruction(ctx, wz, "WZ", subsidies.ConstructionInput{Area: "215.5", Address: "乌镇镇人力社保管理所（示例地址）"}); err != nil {
		return fmt.Errorf("demo construction subsidy: %w", err)
	}
	at(-30)
	if _, err := s.Subsidies.ApproveConstruction(ctx, system, "WZ", subsidies.ApprovalInput{AcceptedOn: day(t, 8),
		Inspectors: "市人力社保局、市财政局验收组（示例）", Note: "场地、窗口与设备符合要求（示例）"}); err != nil {
		return fmt.Errorf("demo construction approval: %w", err)
	}
	at(-5)
	if _, err := s.Subsidies.ApplyConstruction(ctx, zq, "ZQ", subsidies.ConstructionInput{Area: "168.25", Address: "洲泉镇人力社保管理所（示例地址）"}); err != nil {
		return fmt.Errorf("demo construction subsidy: %w", err)
	}

	// Two coordinators of 乌镇镇, hired about four months ago.
	t = at(-150)
	people, err := coordinatorCandidates(ctx, s, wz)
	if err != nil {
		return err
	}
	post, err := s.Recruitment.CreatePost(ctx, wz, recruitment.PostInput{Title: "乌镇镇人力社保协理员（演示，已录用）", Places: 2,
		Opens: day(t, 0), Closes: day(t, 6)})
	if err != nil {
		return fmt.Errorf("demo hired post: %w", err)
	}
	var scores []recruitment.ScoreEntry
	for i, p := range people {
		app, err := s.Recruitment.Apply(ctx, wz, post.ID, recruitment.ApplicationInput{PersonID: p, Phone: "13800000000",
			Education:     recruitment.Education{Level: roster.EduCollege, School: fmt.Sprintf("嘉兴第%d职业技术学院（演示）", i+1), Major: "人力资源管理", FullTime: true},
			ComputerSkill: recruitment.ComputerSkill{Level: recruitment.ComputerBasic}})
		if err != nil {
			return fmt.Errorf("demo hired application: %w", err)
		}
		scores = append(scores, recruitment.ScoreEntry{ApplicationID: app.ID, Written: fmt.Sprint(90 - 3*i), Interview: fmt.Sprint(88 - 2*i)})
	}
	at(-143)
	steps := []func() error{
		func() error { _, err := s.Recruitment.CloseApplications(ctx, wz, post.ID); return err },
		func() error { _, err := s.Recruitment.EnterScores(ctx, wz, post.ID, scores); return err },
		func() error { _, err := s.Recruitment.Select(ctx, wz, post.ID); return err },
		func() error { _, err := s.Recruitment.Submit(ctx, wz, post.ID); return err },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("demo hired post: %w", err)
		}
	}
	for _, sc := range scores {
		if _, err := s.Recruitment.Review(ctx, system, sc.ApplicationID, recruitment.ReviewInput{Decision: recruitment.DecisionApprove, Reason: "同意（演示）"}); err != nil {
			return fmt.Errorf("demo review: %w", err)
		}
	}
	at(-140)
	if _, err := s.Recruitment.PublishNotice(ctx, system, post.ID); err != nil {
		return fmt.Errorf("demo notice: %w", err)
	}
	at(-125)
	if _, err := s.Recruitment.FinalizeHires(ctx, wz, post.ID); err != nil {
		return fmt.Errorf("demo hire: %w", err)
	}

	// Pay recorded; the second coordinator left on the 15th of last month.
	first := time.Date(today.Year(), today.Month(), 1, 10, 0, 0, 0, shanghai)
	lastMonth, monthBefore := first.AddDate(0, -1, 0), first.AddDate(0, -2, 0)
	at(0)
	if _, err := s.Recruitment.UpdatePosting(ctx, wz, scores[0].ApplicationID, recruitment.PostingInput{MonthlyPay: "3200"}); err != nil {
		return fmt.Errorf("demo posting: %w", err)
	}
	if _, err := s.Recruitment.UpdatePosting(ctx, wz, scores[1].ApplicationID, recruitment.PostingInput{MonthlyPay: "2900",
		LeftOn: lastMonth.AddDate(0, 0, 14).Format("2006-01-02")}); err != nil {
		return fmt.Errorf("demo posting: %w", err)
	}

	// The ledgers: the month before last approved, last month submitted.
	for i, m := range []time.Time{monthBefore, lastMonth} {
		l, err := s.Subsidies.GenerateLedger(ctx, wz, "WZ", m.Format("2006-01"))
		if err != nil {
			return fmt.Errorf("demo ledger: %w", err)
		}
		if _, err := s.Subsidies.SubmitLedger(ctx, wz, l.ID); err != nil {
			return fmt.Errorf("demo ledger: %w", err)
		}
		if i == 0 {
			if _, err := s.Subsidies.ApproveLedger(ctx, system, l.ID); err != nil {
				return fmt.Errorf("demo ledger: %w", err)
			}
		}
	}
	return nil
}

func staffActor(ctx context.Context, s *platform.Services, username string) (*skillcert.Actor, error) {
	acc, err := s.Auth.FindAccountByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	return &skillcert.Actor{AccountID: acc.ID, Username: acc.Username, Name: acc.Name, Role: acc.Role, Town: acc.Town}, nil
}

// coordinatorCandidates registers (or finds) the two demo residents of
// 乌镇镇 who are hired as coordinators: aged about 28 and 30, with a
// college education and basic computer skills, through the register's
// own service.
func coordinatorCandidates(ctx context.Context, s *platform.Services, wz *skillcert.Actor) ([]string, error) {
	ins := []roster.PersonInput{
		{Name: "沈晓燕", IDNumber: withCheck("33048319980312226"), Mobile: "13957300901", Village: "WZ02"},
		{Name: "陆志强", IDNumber: withCheck("33048319960718117"), Mobile: "13957300902", Village: "WZ03"},
	}
	var out []string
	for _, in := range ins {
		ids, err := s.Roster.PersonIDsByIDNumbers(ctx, system, []string{in.IDNumber})
		if err != nil {
			return nil, err
		}
		if id, ok := ids[in.IDNumber]; ok {
			out = append(out, id)
			continue
		}
		in.Town, in.Groups, in.Notes = "WZ", []string{string(roster.GroupEnterpriseWorker)}, DemoNote
		in.Education, in.ComputerLevel, in.Employment = string(roster.EduCollege), string(roster.ComputerBasic), string(roster.EmployedStatus)
		p, err := s.Roster.Create(ctx, wz, in)
		if err != nil {
			return nil, fmt.Errorf("demo coordinator %s: %w", in.Name, err)
		}
		out = append(out, p.ID)
	}
	return out, nil
}
