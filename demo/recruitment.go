package demo

import (
	"context"
	"fmt"
	"time"

	"skillcert"
	"skillcert/platform"
	"skillcert/recruitment"
	"skillcert/roster"
)

// The demo coordinator (协理员) recruitment of 乌镇镇: a post taking
// applications now, with the demo trainee's own application and two made
// on residents' behalf by the town (one screened as eligible, one not);
// and an earlier post of 民合村 whose applications closed, were scored and
// ranked, and whose proposed hire awaits the city's joint review. Posts in
// the past are made by running the recruitment clock from then, through
// the same service calls as always; the clock is restored afterwards.

// loadRecruitment loads the demo posts unless any post exists.
func loadRecruitment(ctx context.Context, s *platform.Services, traineePerson string) error {
	existing, err := s.Recruitment.ListPosts(ctx, system, recruitment.PostFilter{}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil {
		return err
	}
	if existing.Total > 0 {
		return nil
	}
	defer s.Recruitment.SetClock(time.Now)
	staff, err := s.Auth.FindAccountByUsername(ctx, "wz_staff")
	if err != nil {
		return err
	}
	wz := &skillcert.Actor{AccountID: staff.ID, Username: staff.Username, Name: staff.Name, Role: staff.Role, Town: staff.Town}
	acc, err := s.Auth.FindAccountByUsername(ctx, "trainee")
	if err != nil {
		return err
	}
	me := &skillcert.Actor{AccountID: acc.ID, Username: acc.Username, Name: acc.Name, Role: acc.Role, PersonID: traineePerson}

	d := time.Now().In(shanghai)
	today := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, shanghai)
	at := func(days int) time.Time {
		t := today.AddDate(0, 0, days)
		s.Recruitment.SetClock(func() time.Time { return t })
		return t
	}
	day := func(t time.Time, days int) string { return t.AddDate(0, 0, days).Format("2006-01-02") }

	eligible, ineligible, err := applicants(ctx, s, today)
	if err != nil {
		return err
	}
	apply := func(a *skillcert.Actor, postID, personID string, level roster.Education, school string) (*recruitment.Application, error) {
		app, err := s.Recruitment.Apply(ctx, a, postID, recruitment.ApplicationInput{PersonID: personID, Phone: "13800000000",
			Education:     recruitment.Education{Level: level, School: school, Major: "公共事业管理", FullTime: true},
			ComputerSkill: recruitment.ComputerSkill{Level: recruitment.ComputerBasic}})
		if err != nil {
			return nil, fmt.Errorf("demo application to post %s: %w", postID, err)
		}
		return app, nil
	}

	// 民合村: applications three weeks ago, scored and ranked, awaiting
	// the city.
	t := at(-21)
	past, err := s.Recruitment.CreatePost(ctx, wz, recruitment.PostInput{Village: "WZ01", Title: "民合村人力社保协理员（演示）", Places: 1,
		Opens: day(t, 0), Closes: day(t, 7), Extra: []string{"热爱基层工作，能熟练使用电脑办公"}})
	if err != nil {
		return fmt.Errorf("demo post: %w", err)
	}
	var pastApps []*recruitment.Application
	for i, p := range eligible[:min(2, len(eligible))] {
		app, err := apply(wz, past.ID, p, roster.EduCollege, fmt.Sprintf("浙江第%d职业技术学院（演示）", i+1))
		if err != nil {
			return err
		}
		pastApps = append(pastApps, app)
	}
	at(-12)
	if _, err := s.Recruitment.CloseApplications(ctx, wz, past.ID); err != nil {
		return fmt.Errorf("close demo post: %w", err)
	}
	var scores []recruitment.ScoreEntry
	for i, app := range pastApps {
		scores = append(scores, recruitment.ScoreEntry{ApplicationID: app.ID, Written: fmt.Sprint(86 - 7*i), Interview: fmt.Sprint(88 - 5*i)})
	}
	if len(scores) > 0 {
		if _, err := s.Recruitment.EnterScores(ctx, wz, past.ID, scores); err != nil {
			return fmt.Errorf("demo scores: %w", err)
		}
		if _, err := s.Recruitment.Select(ctx, wz, past.ID); err != nil {
			return fmt.Errorf("demo selection: %w", err)
		}
		if _, err := s.Recruitment.Submit(ctx, wz, past.ID); err != nil {
			return fmt.Errorf("demo submission: %w", err)
		}
	}

	// 乌镇镇: taking applications now.
	t = at(-3)
	open, err := s.Recruitment.CreatePost(ctx, wz, recruitment.PostInput{Title: "乌镇镇人力社保协理员（演示）", Places: 2,
		Opens: day(t, 0), Closes: day(t, 17)})
	if err != nil {
		return fmt.Errorf("demo post: %w", err)
	}
	if _, err := apply(me, open.ID, "", roster.EduSeniorHigh, "桐乡市高级中学（演示）"); err != nil {
		return err
	}
	if len(eligible) > 2 {
		if _, err := apply(wz, open.ID, eligible[2], roster.EduBachelor, "浙江某大学（演示）"); err != nil {
			return err
		}
	}
	if ineligible != "" {
		if _, err := apply(wz, open.ID, ineligible, roster.EduJuniorHigh, "乌镇镇中学（演示）"); err != nil {
			return err
		}
	}
	return nil
}

// applicants picks 乌镇镇 residents for the demo applications: up to three
// aged 25–34 with a college education or more in the register, and one
// with junior-high education (screened out).
func applicants(ctx context.Context, s *platform.Services, today time.Time) (eligible []string, ineligible string, err error) {
	for page := 1; page <= 3 && (len(eligible) < 3 || ineligible == ""); page++ {
		res, err := s.Roster.List(ctx, system, roster.Filter{Town: "WZ", Status: roster.PersonActive}, skillcert.PageRequest{Page: page, Size: 50})
		if err != nil {
			return nil, "", err
		}
		for _, p := range res.Items {
			if p.IDNumber == TraineeIDNumber {
				continue
			}
			age := p.AgeAt(skillcert.DateOf(today))
			switch {
			case len(eligible) < 3 && age >= 25 && age <= 34 && (p.Education == roster.EduCollege || p.Education == roster.EduBachelor || p.Education == roster.EduMaster):
				eligible = append(eligible, p.ID)
			case ineligible == "" && p.Education == roster.EduJuniorHigh && age >= 25 && age <= 34:
				ineligible = p.ID
			}
		}
		if len(res.Items) < 50 {
			break
		}
	}
	return eligible, ineligible, nil
}
