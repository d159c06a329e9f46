package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"skillcert"
	"skillcert/roster"
)

var homeTileRe = regexp.MustCompile(`data-testid="home-([a-z-]+)"><span class="status-label">[^<]*</span><strong>([^<]*)</strong>`)

// homeTiles reads the status tiles of a home page: key → value.
func homeTiles(body string) map[string]string {
	out := map[string]string{}
	for _, m := range homeTileRe.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestHomePagesSayWhatIsNext: each role's home shows its next actions and
// status, with the figures of the data: the trainee's next session,
// unread messages and certificates; the town's pending self-registrations,
// open posts and courses starting this week; the instructor's sessions
// today.
func TestHomePagesSayWhatIsNext(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	w := coursesWorld(t, ta.app) // a session of the trainee and the teacher today, check-in open

	// A self-registration waiting for 乌镇镇.
	if _, err := ta.app.Roster.Register(ctx, roster.Registration{IDNumber: "330483199001011239", Name: "自助注册人", Mobile: "13900001234",
		Password: "Passw0rd!23", Village: "WZ01"}); err != nil {
		t.Fatalf("register: %v", err)
	}
	staff := w.staff[own]
	pending, err := ta.app.Roster.List(ctx, staff, roster.Filter{Status: roster.PersonPending}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil || pending.Total == 0 {
		t.Fatalf("pending self-registrations: %d, %v", pending.Total, err)
	}

	cases := []struct {
		user string
		want map[string]string // key → substring of the value
	}{
		{"trainee", map[string]string{"next-session": "", "unread": "条", "certificates": "张"}},
		{"wz_staff", map[string]string{"pending": fmt.Sprintf("%d 人", pending.Total), "open-posts": "个", "starting": "门"}},
		{"teacher", map[string]string{"today": "1 节"}},
		{"admin", map[string]string{"open-posts": "个", "review": "人", "starting": "门"}},
	}
	for _, c := range cases {
		body := string(ta.pageClient(c.user).get("/").Body)
		tiles := homeTiles(body)
		for k, v := range c.want {
			got, ok := tiles[k]
			if !ok {
				t.Errorf("%s: the home page has no %q status", c.user, k)
				continue
			}
			if !strings.Contains(got, v) {
				t.Errorf("%s: %s shows %q, want %q in it", c.user, k, got, v)
			}
		}
		if c.user == "trainee" && strings.Contains(tiles["next-session"], "暂无") {
			t.Errorf("trainee: next session %q, but a session is today", tiles["next-session"])
		}
		if c.user == "teacher" && !strings.Contains(body, "/manage/sessions/"+w.session[own]+"/checkin") {
			t.Errorf("teacher: today's session has no link to its check-in code")
		}
	}
}
