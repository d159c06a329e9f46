package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"skillcert"
	"skillcert/auth"
	"skillcert/recruitment"
)

func init() { addAuthzCases(recruitmentAuthzCases) }

// recruitmentFixtures keeps one recruitment fixture (fakes, clock,
// records) per authorization run.
var recruitmentFixtures = map[*authzFixture]*recruitmentFixture{}

func rfOf(f *authzFixture) *recruitmentFixture {
	rf, ok := recruitmentFixtures[f]
	if !ok {
		rf = newRecruitmentFixture(f.ta)
		recruitmentFixtures[f] = rf
	}
	return rf
}

// townOf is the town of each scope: the demo town staff's own (乌镇镇) and
// another (洲泉镇).
var townOf = [2]string{"WZ", "ZQ"}

// rcase builds the request of a recruitment route: for the roles perm
// allows, mk makes the record the request acts on (its ID replaces {id})
// and the body; the other roles are refused before any handler runs.
func rcase(perm auth.Permission, path string, mk func(rf *recruitmentFixture, role skillcert.Role, s scope) (string, any)) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, role skillcert.Role, s scope) authzReq {
		rf := rfOf(f)
		var actor *skillcert.Actor
		if role != "" {
			actor = &skillcert.Actor{Role: role}
		}
		id, body := "none", any(nil)
		if mk != nil && auth.Allowed(actor, perm) {
			id, body = mk(rf, role, s)
		}
		return authzReq{Path: strings.ReplaceAll(path, "{id}", id), Body: body}
	}
}

// postOf builds a post of the scope's town in a state and returns its ID.
func postOf(status recruitment.PostStatus) func(*recruitmentFixture, skillcert.Role, scope) (string, any) {
	return func(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
		return rf.postIn(townOf[s], status, postOpts{}).Post.ID, nil
	}
}

// sharedPostOf is postOf for requests that change nothing (or may be
// repeated): one post per state and scope serves every role.
func sharedPostOf(status recruitment.PostStatus) func(*recruitmentFixture, skillcert.Role, scope) (string, any) {
	return func(rf *recruitmentFixture, r skillcert.Role, s scope) (string, any) {
		return rf.cached(fmt.Sprintf("post %s %d", status, s), func() string {
			id, _ := postOf(status)(rf, r, s)
			return id
		}), nil
	}
}

// withBody adds a fixed body to a record builder.
func withBody(mk func(*recruitmentFixture, skillcert.Role, scope) (string, any), body any) func(*recruitmentFixture, skillcert.Role, scope) (string, any) {
	return func(rf *recruitmentFixture, r skillcert.Role, s scope) (string, any) {
		id, _ := mk(rf, r, s)
		return id, body
	}
}

// scoringPost is the shared post in selection of the scope and its
// applicant: entering scores, ranking and selecting can be repeated.
func scoringPost(rf *recruitmentFixture, s scope) (post, app string) {
	post, _ = sharedPostOf(recruitment.PostSelecting)(rf, "", s)
	app = rf.cached(fmt.Sprintf("scoring app %d", s), func() string {
		page := must(rf.ta.app.Recruitment.PostApplications(context.Background(), rf.actor("admin"), post, skillcert.PageRequest{}))(rf.ta.t)
		return page.Items[0].ID
	})
	return post, app
}

// selectedPost is a post with its best applicant proposed, ready to submit.
func selectedPost(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
	b := rf.postIn(townOf[s], recruitment.PostSelecting, postOpts{})
	must(rf.ta.app.Recruitment.Select(context.Background(), rf.actor(staffOf(townOf[s])), b.Post.ID))(rf.ta.t)
	return b.Post.ID, nil
}

// submittedApp is an application awaiting the city's review; one post
// per scope holds them for the API and the page.
func submittedApp(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
	return rf.nextOf(fmt.Sprintf("submitted %d", s), func() []string {
		return appIDs(rf.postIn(townOf[s], recruitment.PostSubmitted, postOpts{Places: 2}))
	}), nil
}

func appIDs(b builtPost) []string {
	var ids []string
	for _, a := range b.Apps {
		ids = append(ids, a.ID)
	}
	return ids
}

// failingApp is an application of an open post failing the age limit.
func failingApp(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
	return rf.postIn(townOf[s], recruitment.PostOpen, postOpts{Old: true}).Apps[1].ID, nil
}

// hiredApp is a hired coordinator of a village station's post; one post
// per scope holds them for the API and the page, the city and the town.
func hiredApp(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
	return rf.nextOf(fmt.Sprintf("hired %d", s), func() []string {
		return appIDs(rf.postIn(townOf[s], recruitment.PostClosed, postOpts{Village: true, Places: 4}))
	}), nil
}

// traineeOrOtherApp is, on the own scope, the demo trainee's application
// for a post of 乌镇镇 (which the town's staff may also see), and on the
// other scope someone else's application for a post of 洲泉镇.
func traineeOrOtherApp(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
	return rf.cached(fmt.Sprintf("trainee app %d", s), func() string {
		if s == other {
			return rf.postIn("ZQ", recruitment.PostOpen, postOpts{}).Apps[0].ID
		}
		p := rf.postIn("WZ", recruitment.PostOpen, postOpts{}).Post
		return must(rf.ta.app.Recruitment.Apply(context.Background(), rf.actor("trainee"), p.ID, sampleApplication("")))(rf.ta.t).ID
	}), nil
}

// applyBody is an application: a trainee's own, or town staff's for a
// fresh person.
func applyBody(rf *recruitmentFixture, role skillcert.Role, form bool) any {
	person := ""
	if role != skillcert.RoleTrainee {
		person = rf.newPerson(false)
	}
	if form {
		return url.Values{"personId": {person}, "phone": {"13911112222"}, "education.level": {"bachelor"},
			"education.school": {"浙江工业大学"}, "computerSkill.level": {"basic"}}
	}
	return sampleApplication(person)
}

func dayAfter(rf *recruitmentFixture, n int) string {
	return skillcert.DateOf(rf.clock.Now()).AddDays(n).String()
}

var recruitmentAuthzCases = map[string]authzCase{
	// Policy and holidays.
	"GET /api/recruitment/policies": {Build: fixed("/api/recruitment/policies", nil), OK: 200},
	"POST /api/recruitment/policies": {Build: rcase(auth.PermPolicyManage, "/api/recruitment/policies", func(rf *recruitmentFixture, _ skillcert.Role, _ scope) (string, any) {
		rf.seq++
		in := recruitment.PolicyInput{PolicyParams: recruitment.DefaultPolicy(), EffectiveFrom: dayAfter(rf, 100+rf.seq)}
		in.Version = fmt.Sprintf("authz-%d", rf.seq)
		return "", in
	}), OK: 201},
	"GET /api/recruitment/holidays/:year": {Build: fixed("/api/recruitment/holidays/2026", nil), OK: 200},
	"PUT /api/recruitment/holidays/:year": {Build: fixed("/api/recruitment/holidays/2030", map[string][]string{"daysOff": {"2030-10-01"}}), OK: 200},

	// Posts.
	"GET /api/recruitment/posts": {Build: fixed("/api/recruitment/posts", nil), OK: 200},
	"POST /api/recruitment/posts": {Build: rcase(auth.PermRecruitmentRun, "/api/recruitment/posts", func(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
		return "", map[string]any{"town": townOf[s], "title": "协理员", "places": 1, "opens": dayAfter(rf, 0), "closes": dayAfter(rf, 10)}
	}), OK: 201, Other: 404},
	"GET /api/recruitment/posts/:id": {Build: rcase(auth.PermRecruitmentRead, "/api/recruitment/posts/{id}", openOrClosedPost),
		OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"POST /api/recruitment/posts/:id/close": {Build: rcase(auth.PermRecruitmentRun, "/api/recruitment/posts/{id}/close", postOf(pastDeadline)), OK: 200, Other: 404},
	"GET /api/recruitment/posts/:id/applications": {Build: rcase(auth.PermRecruitmentOversee, "/api/recruitment/posts/{id}/applications", sharedPostOf(recruitment.PostOpen)),
		OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	// A trainee may apply for any town's post.
	"POST /api/recruitment/posts/:id/applications": {Build: rcase(auth.PermRecruitmentApply, "/api/recruitment/posts/{id}/applications", func(rf *recruitmentFixture, r skillcert.Role, s scope) (string, any) {
		id, _ := postOf(recruitment.PostOpen)(rf, r, s)
		return id, applyBody(rf, r, false)
	}), OK: 201, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleTrainee: {201, 201}}},
	"POST /api/recruitment/posts/:id/scores": {Build: rcase(auth.PermRecruitmentRun, "/api/recruitment/posts/{id}/scores", func(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
		post, app := scoringPost(rf, s)
		return post, scoresRequest{Scores: []recruitment.ScoreEntry{{ApplicationID: app, Written: "70", Interview: "75.5"}}}
	}), OK: 200, Other: 404},
	"GET /api/recruitment/posts/:id/ranking": {Build: rcase(auth.PermRecruitmentOversee, "/api/recruitment/posts/{id}/ranking", sharedPostOf(recruitment.PostSelecting)),
		OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"POST /api/recruitment/posts/:id/select": {Build: rcase(auth.PermRecruitmentRun, "/api/recruitment/posts/{id}/select", sharedPostOf(recruitment.PostSelecting)), OK: 200, Other: 404},
	"POST /api/recruitment/posts/:id/submit": {Build: rcase(auth.PermRecruitmentRun, "/api/recruitment/posts/{id}/submit", selectedPost), OK: 200, Other: 404},
	"POST /api/recruitment/posts/:id/notice": {Build: rcase(auth.PermRecruitmentReview, "/api/recruitment/posts/{id}/notice", postOf(recruitment.PostReviewed)), OK: 200},
	"POST /api/recruitment/posts/:id/hire": {Build: rcase(auth.PermRecruitmentHire, "/api/recruitment/posts/{id}/hire", sharedPostOf(recruitment.PostNotice)),
		OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},

	// Applications.
	"GET /api/recruitment/my/applications": {Build: fixed("/api/recruitment/my/applications", nil), OK: 200},
	"GET /api/recruitment/applications/:id": {Build: rcase(auth.PermRecruitmentRead, "/api/recruitment/applications/{id}", traineeOrOtherApp),
		OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"PUT /api/recruitment/applications/:id": {Build: rcase(auth.PermRecruitmentApply, "/api/recruitment/applications/{id}", withBody(traineeOrOtherApp, sampleApplication(""))),
		OK: 200, Other: 404},
	"POST /api/recruitment/applications/:id/rescreen": {Build: rcase(auth.PermRecruitmentRun, "/api/recruitment/applications/{id}/rescreen", failingApp), OK: 200, Other: 404},
	"POST /api/recruitment/applications/:id/overrides": {Build: rcase(auth.PermRecruitmentRun, "/api/recruitment/applications/{id}/overrides",
		withBody(failingApp, overrideRequest{Key: recruitment.RequirementAge, Reason: "长期从事社保代办工作"})), OK: 200, Other: 404},
	"GET /api/recruitment/reviews": {Build: fixed("/api/recruitment/reviews", nil), OK: 200},
	"POST /api/recruitment/applications/:id/review": {Build: rcase(auth.PermRecruitmentReview, "/api/recruitment/applications/{id}/review",
		withBody(submittedApp, recruitment.ReviewInput{Decision: recruitment.DecisionApprove})), OK: 200},
	"POST /api/recruitment/applications/:id/account": {Build: rcase(auth.PermRecruitmentHire, "/api/recruitment/applications/{id}/account", func(rf *recruitmentFixture, r skillcert.Role, s scope) (string, any) {
		id, _ := hiredApp(rf, r, s)
		return id, recruitment.StaffAccountInput{Username: fmt.Sprintf("hired_%d", f0(rf)), Password: "Passw0rd1"}
	}), OK: 201, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {201, 201}}},

	// Public notice and staffing.
	"GET /api/recruitment/notices": {Build: fixed("/api/recruitment/notices", nil), OK: 200},
	"GET /api/recruitment/staffing": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: [2]string{"/api/recruitment/staffing", "/api/recruitment/staffing?town=ZQ"}[s]}
	}, OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},

	// Pages.
	"GET /recruitment": {Build: fixed("/recruitment", nil), OK: 200},
	"POST /recruitment/posts": {Build: rcase(auth.PermRecruitmentRun, "/recruitment/posts", func(rf *recruitmentFixture, _ skillcert.Role, _ scope) (string, any) {
		return "", url.Values{"title": {"协理员"}, "places": {"1"}, "opens": {dayAfter(rf, 0)}, "closes": {dayAfter(rf, 10)}}
	}), OK: 303},
	"GET /recruitment/posts/:id": {Build: rcase(auth.PermRecruitmentRead, "/recruitment/posts/{id}", openOrClosedPost),
		OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"POST /recruitment/posts/:id/close": {Build: rcase(auth.PermRecruitmentRun, "/recruitment/posts/{id}/close", postOf(pastDeadline)), OK: 303, Other: 404},
	"GET /recruitment/posts/:id/apply": {Build: rcase(auth.PermRecruitmentApply, "/recruitment/posts/{id}/apply", sharedPostOf(recruitment.PostOpen)),
		OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleTrainee: {200, 200}}},
	"POST /recruitment/posts/:id/apply": {Build: rcase(auth.PermRecruitmentApply, "/recruitment/posts/{id}/apply", func(rf *recruitmentFixture, r skillcert.Role, s scope) (string, any) {
		id, _ := postOf(recruitment.PostOpen)(rf, r, s)
		return id, applyBody(rf, r, true)
	}), OK: 303, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleTrainee: {303, 303}}},
	"GET /recruitment/posts/:id/screening": {Build: rcase(auth.PermRecruitmentOversee, "/recruitment/posts/{id}/screening", func(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
		return rf.cached(fmt.Sprintf("screening %d", s), func() string { return rf.postIn(townOf[s], recruitment.PostOpen, postOpts{Old: true}).Post.ID }), nil
	}), OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"GET /recruitment/posts/:id/ranking": {Build: rcase(auth.PermRecruitmentOversee, "/recruitment/posts/{id}/ranking", sharedPostOf(recruitment.PostSelecting)),
		OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"POST /recruitment/posts/:id/scores": {Build: rcase(auth.PermRecruitmentRun, "/recruitment/posts/{id}/scores", func(rf *recruitmentFixture, _ skillcert.Role, s scope) (string, any) {
		post, app := scoringPost(rf, s)
		return post, url.Values{"applicationId": {app}, "written": {"70"}, "interview": {"75.5"}}
	}), OK: 303, Other: 404},
	"POST /recruitment/posts/:id/select": {Build: rcase(auth.PermRecruitmentRun, "/recruitment/posts/{id}/select", sharedPostOf(recruitment.PostSelecting)), OK: 303, Other: 404},
	"POST /recruitment/posts/:id/submit": {Build: rcase(auth.PermRecruitmentRun, "/recruitment/posts/{id}/submit", selectedPost), OK: 303, Other: 404},
	"POST /recruitment/posts/:id/notice": {Build: rcase(auth.PermRecruitmentReview, "/recruitment/posts/{id}/notice", postOf(recruitment.PostReviewed)), OK: 303},
	"POST /recruitment/posts/:id/hire":   {Build: rcase(auth.PermRecruitmentHire, "/recruitment/posts/{id}/hire", sharedPostOf(recruitment.PostNotice)), OK: 303, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {303, 303}}},
	"POST /recruitment/applications/:id/override": {Build: rcase(auth.PermRecruitmentRun, "/recruitment/applications/{id}/override",
		withBody(failingApp, url.Values{"key": {"age"}, "reason": {"长期从事社保代办工作"}})), OK: 303, Other: 404},
	"POST /recruitment/applications/:id/rescreen": {Build: rcase(auth.PermRecruitmentRun, "/recruitment/applications/{id}/rescreen", failingApp), OK: 303, Other: 404},
	"POST /recruitment/applications/:id/review": {Build: rcase(auth.PermRecruitmentReview, "/recruitment/applications/{id}/review",
		withBody(submittedApp, url.Values{"decision": {"approve"}})), OK: 303},
	"POST /recruitment/applications/:id/account": {Build: rcase(auth.PermRecruitmentHire, "/recruitment/applications/{id}/account", func(rf *recruitmentFixture, r skillcert.Role, s scope) (string, any) {
		id, _ := hiredApp(rf, r, s)
		return id, url.Values{"username": {fmt.Sprintf("hired_page_%d", f0(rf))}, "password": {"Passw0rd1"}}
	}), OK: 303, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {303, 303}}},
	"GET /recruitment/my":      {Build: fixed("/recruitment/my", nil), OK: 200},
	"GET /recruitment/review":  {Build: fixed("/recruitment/review", nil), OK: 200},
	"GET /recruitment/notices": {Build: fixed("/recruitment/notices", nil), OK: 200},
	"GET /recruitment/staffing": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: [2]string{"/recruitment/staffing", "/recruitment/staffing?town=ZQ"}[s]}
	}, OK: 200, Other: 404, Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}},
	"GET /recruitment/policy": {Build: fixed("/recruitment/policy", nil), OK: 200},
	"POST /recruitment/policy": {Build: rcase(auth.PermPolicyManage, "/recruitment/policy", func(rf *recruitmentFixture, _ skillcert.Role, _ scope) (string, any) {
		rf.seq++
		form := url.Values{"version": {fmt.Sprintf("page-%d", rf.seq)}, "effectiveFrom": {dayAfter(rf, 200+rf.seq)}}
		for k, v := range policyForm(recruitment.DefaultPolicy()) {
			form.Set(k, v)
		}
		return "", form
	}), OK: 303},
	"POST /recruitment/holidays": {Build: fixed("/recruitment/holidays", url.Values{"year": {"2031"}, "daysOff": {"2031-10-01\n2031-10-02"}}), OK: 303},
}

// openOrClosedPost is, on the own scope, a post of 乌镇镇 taking
// applications (a trainee sees it), and on the other scope a post of 洲泉镇
// past its applications (a trainee who did not apply does not).
func openOrClosedPost(rf *recruitmentFixture, r skillcert.Role, s scope) (string, any) {
	if s == other {
		return sharedPostOf(recruitment.PostSelecting)(rf, r, s)
	}
	return sharedPostOf(recruitment.PostOpen)(rf, r, s)
}

// f0 counts the fixture's records for unique names.
func f0(rf *recruitmentFixture) int { rf.seq++; return rf.seq }
