package main

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"skillcert"
	"skillcert/auth"
	"skillcert/recruitment"
	"skillcert/reports"
)

func init() { addAuthzCases(policyhomeAuthzCases) }

var phSeq int

var phCity = &skillcert.Actor{AccountID: "authz-city", Role: skillcert.RoleCityAdmin}

// phCase builds a request on a version not yet in force: for the roles
// perm allows, mk adds the version the request acts on and returns its
// name (replacing {v}) and the body; the others are refused before any
// handler runs, so they get a name that does not exist.
func phCase(perm auth.Permission, path string, mk func(f *authzFixture) (string, any)) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, role skillcert.Role, _ scope) authzReq {
		var actor *skillcert.Actor
		if role != "" {
			actor = &skillcert.Actor{Role: role}
		}
		v, body := "none", any(nil)
		if auth.Allowed(actor, perm) {
			v, body = mk(f)
		}
		return authzReq{Path: strings.ReplaceAll(path, "{v}", v), Body: body}
	}
}

// futurePolicy adds a policy version in force from a day well after today.
func futurePolicy(f *authzFixture) string {
	phSeq++
	in := recruitment.PolicyInput{PolicyParams: recruitment.DefaultPolicy(),
		EffectiveFrom: f.ta.app.Recruitment.Today().AddDays(400 + phSeq).String()}
	in.Version = "ph-" + strconv.Itoa(phSeq)
	if _, err := f.ta.app.Recruitment.AddPolicyVersion(context.Background(), phCity, in); err != nil {
		f.ta.t.Fatal(err)
	}
	return in.Version
}

func weightsInput(f *authzFixture, version string) reports.WeightsInput {
	phSeq++
	return reports.WeightsInput{AssessmentWeights: reports.AssessmentWeights{Version: version, Coverage: 40, Completion: 20, Certification: 10, Staffing: 15, Rating: 15},
		EffectiveFrom: f.ta.app.Reports.Today().AddDays(400 + phSeq).String()}
}

// futureWeights adds a weights version in force from a day after today.
func futureWeights(f *authzFixture) string {
	in := weightsInput(f, fmt.Sprintf("w-%d", phSeq+1))
	if _, err := f.ta.app.Reports.AddWeights(context.Background(), phCity, in); err != nil {
		f.ta.t.Fatal(err)
	}
	return in.Version
}

func weightsValues(in reports.WeightsInput) url.Values {
	return url.Values{"version": {in.Version}, "effectiveFrom": {in.EffectiveFrom}, "coverage": {strconv.Itoa(in.Coverage)},
		"completion": {strconv.Itoa(in.Completion)}, "certification": {strconv.Itoa(in.Certification)},
		"staffing": {strconv.Itoa(in.Staffing)}, "rating": {strconv.Itoa(in.Rating)}}
}

var policyhomeAuthzCases = map[string]authzCase{
	"PUT /api/recruitment/policies/:version": {Build: phCase(auth.PermPolicyManage, "/api/recruitment/policies/{v}", func(f *authzFixture) (string, any) {
		v := futurePolicy(f)
		in := recruitment.PolicyInput{PolicyParams: recruitment.DefaultPolicy(), EffectiveFrom: f.ta.app.Recruitment.Today().AddDays(800 + phSeq).String()}
		in.AgeLimit = 40
		return v, in
	}), OK: 200},
	"DELETE /api/recruitment/policies/:version": {Build: phCase(auth.PermPolicyManage, "/api/recruitment/policies/{v}", func(f *authzFixture) (string, any) {
		return futurePolicy(f), nil
	}), OK: 200},
	"POST /recruitment/policy/:version": {Build: phCase(auth.PermPolicyManage, "/recruitment/policy/{v}", func(f *authzFixture) (string, any) {
		v := futurePolicy(f)
		form := url.Values{"effectiveFrom": {f.ta.app.Recruitment.Today().AddDays(800 + phSeq).String()}}
		for k, val := range policyForm(recruitment.DefaultPolicy()) {
			form.Set(k, val)
		}
		return v, form
	}), OK: 303},
	"POST /recruitment/policy/:version/withdraw": {Build: phCase(auth.PermPolicyManage, "/recruitment/policy/{v}/withdraw", func(f *authzFixture) (string, any) {
		return futurePolicy(f), url.Values{}
	}), OK: 303},

	"GET /api/reports/weights": {Build: fixed("/api/reports/weights", nil), OK: 200},
	"GET /reports/weights":     {Build: fixed("/reports/weights", nil), OK: 200},
	"POST /api/reports/weights": {Build: phCase(auth.PermPolicyManage, "/api/reports/weights", func(f *authzFixture) (string, any) {
		return "", weightsInput(f, fmt.Sprintf("api-%d", phSeq+1))
	}), OK: 201},
	"PUT /api/reports/weights/:version": {Build: phCase(auth.PermPolicyManage, "/api/reports/weights/{v}", func(f *authzFixture) (string, any) {
		v := futureWeights(f)
		return v, weightsInput(f, v)
	}), OK: 200},
	"DELETE /api/reports/weights/:version": {Build: phCase(auth.PermPolicyManage, "/api/reports/weights/{v}", func(f *authzFixture) (string, any) {
		return futureWeights(f), nil
	}), OK: 200},
	"POST /reports/weights": {Build: phCase(auth.PermPolicyManage, "/reports/weights", func(f *authzFixture) (string, any) {
		return "", weightsValues(weightsInput(f, fmt.Sprintf("page-%d", phSeq+1)))
	}), OK: 303},
	"POST /reports/weights/:version": {Build: phCase(auth.PermPolicyManage, "/reports/weights/{v}", func(f *authzFixture) (string, any) {
		v := futureWeights(f)
		return v, weightsValues(weightsInput(f, v))
	}), OK: 303},
	"POST /reports/weights/:version/withdraw": {Build: phCase(auth.PermPolicyManage, "/reports/weights/{v}/withdraw", func(f *authzFixture) (string, any) {
		return futureWeights(f), url.Values{}
	}), OK: 303},
}
