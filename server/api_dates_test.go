package main

import (
	"context"
	"encoding/json"
	"testing"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/roster"
)

// A calendar date reads back as the day it was saved, YYYY-MM-DD, not as
// an instant of the previous day in UTC.
func TestCalendarDatesReadBackAsDays(t *testing.T) {
	ta := newTestApp(t)
	wz, village := ta.token("wz_staff"), ta.token("wz_village")

	first17 := "33048319920229123"
	in := roster.PersonInput{Name: "闰日出生", IDNumber: first17 + string(roster.IDCheckChar(first17)), Town: "WZ", Village: "WZ01",
		Groups: []string{"企业职工"}, Education: "高中", Employment: "在职"}
	var created struct {
		ID string `json:"id"`
	}
	ta.call("POST", "/api/persons", village, in, 201, &created)
	// The register keeps the day itself; the API shows only the birth
	// year beside the masked number (issue 11: the masked digits are the
	// birth date).
	stored, err := ta.app.Roster.Get(context.Background(), &skillcert.Actor{AccountID: "test", Role: skillcert.RoleCityAdmin}, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.BirthDate.String() != "1992-02-29" {
		t.Errorf("stored birth date = %s, want 1992-02-29", stored.BirthDate)
	}
	var got map[string]json.RawMessage
	ta.call("GET", "/api/persons/"+created.ID, wz, nil, 200, &got)
	if string(got["birthYear"]) != "1992" || got["birthDate"] != nil {
		t.Errorf("birthYear = %s, birthDate = %s; want 1992 and no birth date", got["birthYear"], got["birthDate"])
	}

	today := skillcert.Today()
	post := recruitment.PostInput{Title: "日期测试岗位", Places: 1, Opens: today.String(), Closes: today.AddDays(5).String(), Cutoff: "2026-12-31"}
	if today.After(skillcert.MustParseDate("2026-12-31")) {
		post.Cutoff = today.AddDays(20).String()
	}
	var p struct {
		ID           string `json:"id"`
		Opens        string `json:"opens"`
		Requirements struct {
			Cutoff string `json:"cutoff"`
		} `json:"requirements"`
	}
	ta.call("POST", "/api/recruitment/posts", wz, post, 201, &p)
	ta.call("GET", "/api/recruitment/posts/"+p.ID, wz, nil, 200, &p)
	if p.Requirements.Cutoff != post.Cutoff || p.Opens != post.Opens {
		t.Errorf("cutoff %q opens %q, want %q and %q", p.Requirements.Cutoff, p.Opens, post.Cutoff, post.Opens)
	}
}
