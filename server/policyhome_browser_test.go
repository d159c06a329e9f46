package main

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/reports"
)

// TestBrowserPolicyhomePagesAtPhoneSize runs axe-core on the home pages
// with the year's figures and on the policy and weights pages with a
// version being corrected, at 390 px and at laptop size: no critical or
// serious violation, no clipped table, nothing wider than the screen.
func TestBrowserPolicyhomePagesAtPhoneSize(t *testing.T) {
	src := axeSource(t)
	base, app := startAppServer(t)
	if err := app.Reports.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	city := &skillcert.Actor{AccountID: "browser", Role: skillcert.RoleCityAdmin}
	in := recruitment.PolicyInput{PolicyParams: recruitment.DefaultPolicy(), EffectiveFrom: app.Recruitment.Today().AddDays(30).String()}
	in.Version = "2027-试行"
	if _, err := app.Recruitment.AddPolicyVersion(bg, city, in); err != nil {
		t.Fatal(err)
	}
	w := reports.WeightsInput{AssessmentWeights: reports.AssessmentWeights{Version: "2027-1", Coverage: 40, Completion: 20, Certification: 10, Staffing: 15, Rating: 15},
		EffectiveFrom: app.Reports.Today().AddDays(30).String()}
	if _, err := app.Reports.AddWeights(bg, city, w); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowserWithin(t, 6*time.Minute)
	pages := map[string][]string{
		"admin":      {"/", "/recruitment/policy?edit=2027-%E8%AF%95%E8%A1%8C", "/reports/weights?edit=2027-1", "/reports/weights"},
		"wz_staff":   {"/", "/reports/weights"},
		"wz_village": {"/"},
	}
	for user, paths := range pages {
		loginAs(ctx, t, app, base, user)
		for _, p := range paths {
			for _, vp := range viewports {
				where := user + " " + p + " at " + vp.Name
				if err := chromedp.Do(ctx, setViewport(vp.W, vp.H, vp.Mobile), chromedp.Navigate(base+p),
					chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				for _, v := range runAxe(ctx, t, src) {
					t.Errorf("%s: axe %s (%s): %s; %s", where, v.ID, v.Impact, v.Help, v.Nodes)
				}
				noClippedTables(ctx, t, where)
				wide, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
				if err != nil {
					t.Fatal(err)
				}
				if wide > vp.W {
					t.Errorf("%s: the page is %d px wide", where, wide)
				}
			}
		}
	}
}
