package main

import (
	"context"
	"testing"

	"skillcert"
	"skillcert/certificates"
	"skillcert/courses"
	"skillcert/demo"
	"skillcert/recruitment"
)

// TestDemoDataShowsThePlatform: the demo set has coordinator posts with
// applications in several states (screened eligible and not, submitted
// to the city), issued certificates with one revoked and one reissued,
// and a completed course; loading it again changes nothing.
func TestDemoDataShowsThePlatform(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	admin := &skillcert.Actor{AccountID: ta.accountID("admin"), Username: "admin", Role: skillcert.RoleCityAdmin}
	count := func() (posts int64, states map[string]int, certs map[certificates.Status]int) {
		states, certs = map[string]int{}, map[certificates.Status]int{}
		list, err := ta.app.Recruitment.ListPosts(ctx, admin, recruitment.PostFilter{}, skillcert.PageRequest{Page: 1, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list.Items {
			states["post:"+string(p.Status)]++
			apps, err := ta.app.Recruitment.PostApplications(ctx, admin, p.ID, skillcert.PageRequest{Page: 1, Size: 50})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range apps.Items {
				states[string(a.Status)]++
				if a.Screening.Eligible {
					states["eligible"]++
				} else {
					states["ineligible"]++
				}
			}
		}
		done, err := ta.app.Courses.ListCourses(ctx, admin, courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{Page: 1, Size: 5})
		if err != nil || len(done.Items) == 0 {
			t.Fatalf("no completed demo course: %v", err)
		}
		cc, err := ta.app.Certificates.Course(ctx, admin, done.Items[0].ID, skillcert.PageRequest{Page: 1, Size: 50})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cc.Certificates.Items {
			certs[c.Status]++
		}
		return list.Total, states, certs
	}
	posts, states, certs := count()
	t.Logf("posts %d, states %v, certificates %v", posts, states, certs)
	if posts < 2 || states["post:open"] == 0 || states["post:submitted"] == 0 {
		t.Errorf("demo posts: %d, %v; want one taking applications and one awaiting the city", posts, states)
	}
	if states["applied"] == 0 || states["submitted"] == 0 || states["eligible"] == 0 || states["ineligible"] == 0 {
		t.Errorf("demo applications in states %v; want applied and submitted, eligible and not", states)
	}
	if certs[certificates.StatusValid] == 0 || certs[certificates.StatusRevoked] != 1 || certs[certificates.StatusSuperseded] != 1 {
		t.Errorf("demo certificates %v; want valid ones, one revoked and one superseded by its reissue", certs)
	}
	if err := demo.Load(ctx, ta.app.Services, testDemoPassword); err != nil {
		t.Fatal(err)
	}
	posts2, states2, certs2 := count()
	if posts2 != posts || len(states2) != len(states) || len(certs2) != len(certs) || certs2[certificates.StatusValid] != certs[certificates.StatusValid] {
		t.Errorf("loading the demo set again changed it: %d %v %v", posts2, states2, certs2)
	}
	// Completed courses carry trainees' ratings (服务对象评议), this year or last.
	rated := 0
	for _, year := range []int{skillcert.Today().Year, skillcert.Today().Year - 1} {
		by, err := ta.app.Courses.RatingsByTown(ctx, year)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range by {
			rated += int(r.Count)
		}
	}
	if rated == 0 {
		t.Error("the demo set has no course ratings")
	}
}
