package main

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"skillcert/recruitment"
)

// TestPolicyFormTakesDecimalAreas: the construction subsidy's tiers speak
// of m², so the policy form accepts a bound with decimals and the API
// returns it as entered.
func TestPolicyFormTakesDecimalAreas(t *testing.T) {
	ta := newTestApp(t)
	admin := ta.token("admin")
	form := url.Values{"version": {"area-1"}, "effectiveFrom": {ta.app.Recruitment.Today().AddDays(10).String()}}
	for k, v := range policyForm(recruitment.DefaultPolicy()) {
		form.Set(k, v)
	}
	form.Set("constructionSubsidy", "200 100000\n150.5 90000\n100 80000\n0 60000")
	if res := ta.request("POST", "/recruitment/policy", form, admin); res.Status != 303 {
		t.Fatalf("decimal tier refused: %d %s", res.Status, trim(res.Body))
	}
	res := ta.request("GET", "/api/recruitment/policies", nil, admin)
	if !strings.Contains(string(res.Body), `"minArea":150.5,"amountFen":9000000`) {
		t.Errorf("stored tiers: %s", res.Body)
	}
	page := ta.request("GET", "/recruitment/policy?edit=area-1", nil, admin)
	if !strings.Contains(string(page.Body), "150.5 90000") {
		t.Errorf("edit form does not show the decimal tier")
	}
	form.Set("version", "area-2")
	form.Set("effectiveFrom", ta.app.Recruitment.Today().AddDays(20).String())
	form.Set("constructionSubsidy", "150.555 90000\n0 60000")
	if res := ta.request("POST", "/recruitment/policy", form, admin); res.Status != 400 || !strings.Contains(string(res.Body), "最多两位小数") {
		t.Errorf("three decimals: %d", res.Status)
	}
}

// TestOpenAPIDescribesTheTierBoundInSquareMetres: the documented shape of
// a tier is the one its MarshalJSON writes.
func TestOpenAPIDescribesTheTierBoundInSquareMetres(t *testing.T) {
	gen := &schemaGen{components: map[string]any{}}
	typ := reflect.TypeOf(recruitment.AreaTier{})
	gen.schema(typ)
	props, _ := gen.components[componentName(typ)].(map[string]any)["properties"].(map[string]any)
	if m, _ := props["minArea"].(map[string]any); m["type"] != "number" || props["amountFen"] == nil || len(props) != 2 {
		t.Errorf("tier schema: %v", props)
	}
}
