package main

import (
	"net/url"
	"strings"
	"testing"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/reports"
)

// TestFuturePolicyVersionIsCorrectedAndWithdrawnOverHTTP: a mistaken
// version not yet in force is corrected through the page and withdrawn;
// the version in force answers 409 with a Chinese message.
func TestFuturePolicyVersionIsCorrectedAndWithdrawnOverHTTP(t *testing.T) {
	ta := newTestApp(t)
	admin := ta.token("admin")
	day := ta.app.Recruitment.Today().AddDays(30).String()
	in := recruitment.PolicyInput{PolicyParams: recruitment.DefaultPolicy(), EffectiveFrom: day}
	in.Version, in.AgeLimit = "fix-1", 45
	if res := ta.request("POST", "/api/recruitment/policies", in, admin); res.Status != 201 {
		t.Fatalf("add: %d %s", res.Status, res.Body)
	}

	res := ta.request("PUT", "/api/recruitment/policies/2012-1", in, admin)
	if res.Status != 409 || res.errorCode() != skillcert.ECONFLICT || !strings.Contains(string(res.Body), "已于 2012-08-14 生效，不能修改或撤回") {
		t.Errorf("correct the version in force: %d %s", res.Status, res.Body)
	}
	if res := ta.request("DELETE", "/api/recruitment/policies/2012-1", nil, admin); res.Status != 409 {
		t.Errorf("withdraw the version in force: %d %s", res.Status, res.Body)
	}
	bad := in
	bad.AgeLimit = 70
	if res := ta.request("PUT", "/api/recruitment/policies/fix-1", bad, admin); res.Status != 400 || res.errorCode() != skillcert.EINVALID {
		t.Errorf("invalid correction: %d %s", res.Status, res.Body)
	}

	page := ta.request("GET", "/recruitment/policy?edit=fix-1", nil, admin)
	if page.Status != 200 || !strings.Contains(string(page.Body), `action="/recruitment/policy/fix-1"`) || !strings.Contains(string(page.Body), `value="45"`) {
		t.Fatalf("edit form: %d", page.Status)
	}
	form := url.Values{"effectiveFrom": {day}}
	for k, v := range policyForm(recruitment.DefaultPolicy()) {
		form.Set(k, v)
	}
	form.Set("ageLimit", "40")
	if res := ta.request("POST", "/recruitment/policy/fix-1", form, admin); res.Status != 303 {
		t.Fatalf("correct by the page: %d %s", res.Status, trim(res.Body))
	}
	var list struct{ Items []recruitment.PolicyVersion }
	ta.request("GET", "/api/recruitment/policies", nil, admin).json(t, &list)
	if len(list.Items) != 2 || list.Items[0].Version != "fix-1" || list.Items[0].AgeLimit != 40 {
		t.Fatalf("after the correction: %+v", list.Items)
	}
	if res := ta.request("POST", "/recruitment/policy/fix-1/withdraw", url.Values{}, admin); res.Status != 303 {
		t.Fatalf("withdraw by the page: %d", res.Status)
	}
	ta.request("GET", "/api/recruitment/policies", nil, admin).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].Version != "2012-1" {
		t.Fatalf("after the withdrawal: %+v", list.Items)
	}
}

// TestAssessmentWeightsAreSetByTheCityOverHTTP: the city adds a weights
// version, corrects it through the page, the assessment of its year names
// it, and it is withdrawn; the version in force stays.
func TestAssessmentWeightsAreSetByTheCityOverHTTP(t *testing.T) {
	ta := newTestApp(t)
	admin := ta.token("admin")
	today := ta.app.Reports.Today()
	next := today.Year + 1
	day := skillcert.NewDate(next, 1, 1).String()
	in := reports.WeightsInput{AssessmentWeights: reports.AssessmentWeights{Version: "w-next", Coverage: 40, Completion: 20, Certification: 10, Staffing: 15, Rating: 15}, EffectiveFrom: day}
	if res := ta.request("POST", "/api/reports/weights", in, admin); res.Status != 201 {
		t.Fatalf("add: %d %s", res.Status, res.Body)
	}
	if res := ta.request("DELETE", "/api/reports/weights/2026-1", nil, admin); res.Status != 409 || !strings.Contains(string(res.Body), "不能修改或撤回") {
		t.Errorf("withdraw the version in force: %d %s", res.Status, res.Body)
	}
	page := ta.request("GET", "/reports/weights?edit=w-next", nil, admin)
	if page.Status != 200 || !strings.Contains(string(page.Body), `action="/reports/weights/w-next"`) {
		t.Fatalf("edit form: %d", page.Status)
	}
	form := url.Values{"effectiveFrom": {day}, "coverage": {"30"}, "completion": {"30"}, "certification": {"10"}, "staffing": {"15"}, "rating": {"15"}}
	if res := ta.request("POST", "/reports/weights/w-next", form, admin); res.Status != 303 {
		t.Fatalf("correct by the page: %d %s", res.Status, trim(res.Body))
	}
	bad := url.Values{"effectiveFrom": {day}, "coverage": {"90"}, "completion": {"30"}, "certification": {"10"}, "staffing": {"15"}, "rating": {"15"}}
	if res := ta.request("POST", "/reports/weights/w-next", bad, admin); res.Status != 400 || !strings.Contains(string(res.Body), "考核权重合计应为 100 分，现为 160 分") {
		t.Errorf("weights over 100: %d", res.Status)
	}
	var as reports.Assessment
	ta.request("GET", "/api/reports/assessment?year="+skillcert.NewDate(next, 1, 1).String()[:4], nil, admin).json(t, &as)
	if as.Weights.Version != "w-next" || as.Weights.Coverage != 30 {
		t.Errorf("next year's assessment weights: %+v", as.Weights)
	}
	ta.request("GET", "/api/reports/assessment", nil, admin).json(t, &as)
	if as.Weights.Version != "2026-1" {
		t.Errorf("this year's assessment weights: %+v", as.Weights)
	}
	if res := ta.request("DELETE", "/api/reports/weights/w-next", nil, admin); res.Status != 200 {
		t.Fatalf("withdraw: %d %s", res.Status, res.Body)
	}
	if res := ta.request("DELETE", "/api/reports/weights/w-next", nil, admin); res.Status != 404 {
		t.Errorf("withdraw twice: %d", res.Status)
	}
	if res := ta.request("POST", "/api/reports/weights", in, ta.token("wz_staff")); res.Status != 403 {
		t.Errorf("town adds weights: %d", res.Status)
	}
}
