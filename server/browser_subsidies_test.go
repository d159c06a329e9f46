package main

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSubsidyPagesAreAccessible runs axe-core on the subsidies' pages as
// the city and as a town, on a phone and a laptop, with the demo's
// figures on them (the every-page test covers them too; this one is quick
// to run alone).
func TestSubsidyPagesAreAccessible(t *testing.T) {
	src := axeSource(t)
	ctx := newBrowserWithin(t, 5*time.Minute)
	base, app := startAppServer(t)
	ids := findDemoIDs(t, app)
	if ids.ledger == "" {
		t.Fatal("the demo has no ledger")
	}
	ledger := "/subsidies/ledgers/" + url.PathEscape(ids.ledger)
	for user, pages := range map[string][]string{
		"admin":    {"/subsidies", ledger},
		"wz_staff": {"/subsidies", ledger, "/subsidies/coordinators"},
	} {
		loginAs(ctx, t, app, base, user)
		for _, p := range pages {
			for _, vp := range viewports {
				where := user + " " + p + " at " + vp.Name
				if err := chromedp.Do(ctx, setViewport(vp.W, vp.H, vp.Mobile), chromedp.Navigate(base+p),
					chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				text, err := textOf(ctx, "main")
				if err != nil {
					t.Fatalf("%s: %v", where, err)
				}
				want := " 元" // an amount
				if strings.HasSuffix(p, "/coordinators") {
					want = "到岗日期"
				}
				if !strings.Contains(text, want) {
					t.Errorf("%s lacks %q", where, want)
				}
				for _, v := range runAxe(ctx, t, src) {
					t.Errorf("%s: axe %s (%s): %s; %s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, " | "))
				}
				noClippedTables(ctx, t, where)
			}
		}
	}
}
