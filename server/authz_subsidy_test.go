package main

import (
	"context"
	"fmt"
	"net/url"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/subsidies"
)

func init() { addAuthzCases(subsidyAuthzCases) }

// The subsidies' routes. Own: 乌镇镇 (WZ), other: 洲泉镇 (ZQ). The city's
// decisions act on towns without demo records, each call on a record put
// in the right state first through the service; the ledgers each call
// acts on are fresh months.

var authzCity = &skillcert.Actor{AccountID: "authz-city", Username: "authz", Name: "市局", Role: skillcert.RoleCityAdmin}

func authzTown(code string) *skillcert.Actor {
	return &skillcert.Actor{AccountID: "authz-" + code, Username: "authz_" + code, Name: "镇工作人员", Role: skillcert.RoleTownStaff, Town: code}
}

// constructionIn puts a town's construction subsidy into the state want
// (applied, approved, or free to apply: "").
func constructionIn(f *authzFixture, town string, want subsidies.ConstructionStatus) {
	ctx, svc := context.Background(), f.ta.app.Subsidies
	for range 4 {
		c, err := svc.ConstructionOf(ctx, authzCity, town)
		var st subsidies.ConstructionStatus
		switch {
		case err == nil:
			st = c.Status
		case skillcert.ErrorCode(err) != skillcert.ENOTFOUND:
			f.ta.t.Fatal(err)
		}
		free := st == "" || st == subsidies.ConstructionReturned || st == subsidies.ConstructionReversed
		switch {
		case st == want || (want == "" && free):
			return
		case free:
			_, err = svc.ApplyConstruction(ctx, authzTown(town), town, subsidies.ConstructionInput{Area: "150.5", Address: "测试地址"})
		case st == subsidies.ConstructionApplied && want == subsidies.ConstructionApproved:
			_, err = svc.ApproveConstruction(ctx, authzCity, town, subsidies.ApprovalInput{AcceptedOn: svc.Today().String(), Inspectors: "验收组"})
		case st == subsidies.ConstructionApplied:
			_, err = svc.ReturnConstruction(ctx, authzCity, town, subsidies.ReasonInput{Reason: "测试退回"})
		default:
			_, err = svc.ReverseConstruction(ctx, authzCity, town, subsidies.ReasonInput{Reason: "测试撤销"})
		}
		if err != nil {
			f.ta.t.Fatal(err)
		}
	}
	f.ta.t.Fatalf("construction subsidy of %s never reached %q", town, want)
}

// decideConstruction: the city's decision on a town (own PY, other TD for
// the API; CF and DM for the pages) in the state the decision needs.
func decideConstruction(format string, towns [2]string, state subsidies.ConstructionStatus, body func() any) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, role skillcert.Role, s scope) authzReq {
		if role == skillcert.RoleCityAdmin {
			constructionIn(f, towns[s], state)
		}
		return authzReq{Path: fmt.Sprintf(format, towns[s]), Body: body()}
	}
}

// applyConstruction: 乌镇镇's staff apply, the demo's approved subsidy
// reversed first.
func applyConstruction(path string, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, role skillcert.Role, _ scope) authzReq {
		if role == skillcert.RoleTownStaff {
			constructionIn(f, "WZ", "")
		}
		return authzReq{Path: path, Body: body}
	}
}

// freshPeriod is a month no ledger has yet.
func freshPeriod(f *authzFixture) string {
	n := f.next()
	return fmt.Sprintf("%04d-%02d", 2010+n/12, n%12+1)
}

// freshLedger generates (and, if asked, submits) a ledger of town for a
// fresh month and returns its ID.
func freshLedger(f *authzFixture, town string, submit bool) string {
	ctx, svc := context.Background(), f.ta.app.Subsidies
	l, err := svc.GenerateLedger(ctx, authzTown(town), town, freshPeriod(f))
	if err != nil {
		f.ta.t.Fatal(err)
	}
	if submit {
		if _, err := svc.SubmitLedger(ctx, authzTown(town), l.ID); err != nil {
			f.ta.t.Fatal(err)
		}
	}
	return l.ID
}

// onLedger builds a path on a ledger of WZ (own) or ZQ (other): a fresh
// one in the state the role's action needs, or any for a read.
func onLedger(format string, forRole skillcert.Role, submitted bool, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, role skillcert.Role, s scope) authzReq {
		town := [2]string{"WZ", "ZQ"}[s]
		id := town + ":2000-01" // no such ledger: the role is refused before it matters
		if forRole == "" || role == forRole {
			id = freshLedger(f, town, submitted)
		}
		return authzReq{Path: fmt.Sprintf(format, url.PathEscape(id)), Body: body}
	}
}

// onCoordinator: a hired coordinator of the demo's 乌镇镇 (own), an
// application that does not exist (other).
func onCoordinator(format string, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		id := "no-such-application"
		if s == own {
			ps, err := f.ta.app.Recruitment.Postings(context.Background(), "WZ")
			if err != nil || len(ps) == 0 {
				f.ta.t.Fatalf("the demo has no hired coordinator in WZ: %v", err)
			}
			id = ps[0].ApplicationID
		}
		return authzReq{Path: fmt.Sprintf(format, url.PathEscape(id)), Body: body}
	}
}

var subsidyCityBoth = func(code int) map[skillcert.Role][2]int {
	return map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {code, code}}
}

var subsidyAuthzCases = map[string]authzCase{
	"GET /api/subsidies/construction": {Build: fixed("/api/subsidies/construction", nil), OK: 200},
	"POST /api/subsidies/construction": {Build: applyConstruction("/api/subsidies/construction", subsidies.ConstructionInput{Area: "199.99", Address: "乌镇镇"}),
		OK: 201},
	"POST /api/subsidies/construction/:town/approve": {Build: decideConstruction("/api/subsidies/construction/%s/approve", [2]string{"PY", "TD"},
		subsidies.ConstructionApplied, func() any {
			return subsidies.ApprovalInput{AcceptedOn: skillcert.Today().String(), Inspectors: "验收组"}
		}), OK: 200},
	"POST /api/subsidies/construction/:town/return": {Build: decideConstruction("/api/subsidies/construction/%s/return", [2]string{"PY", "TD"},
		subsidies.ConstructionApplied, func() any { return subsidies.ReasonInput{Reason: "材料不全"} }), OK: 200},
	"POST /api/subsidies/construction/:town/reverse": {Build: decideConstruction("/api/subsidies/construction/%s/reverse", [2]string{"PY", "TD"},
		subsidies.ConstructionApproved, func() any { return subsidies.ReasonInput{Reason: "验收有误"} }), OK: 200},

	"GET /api/subsidies/ledgers": {Build: fixed("/api/subsidies/ledgers", nil), OK: 200},
	"POST /api/subsidies/ledgers": {Build: func(f *authzFixture, _ skillcert.Role, _ scope) authzReq {
		return authzReq{Path: "/api/subsidies/ledgers", Body: ledgerInput{Period: freshPeriod(f)}}
	}, OK: 200},
	"GET /api/subsidies/ledgers/:id": {Build: onLedger("/api/subsidies/ledgers/%s", "", false, nil),
		OK: 200, Other: 404, Exceptions: subsidyCityBoth(200)},
	"POST /api/subsidies/ledgers/:id/submit": {Build: onLedger("/api/subsidies/ledgers/%s/submit", skillcert.RoleTownStaff, false, nil),
		OK: 200, Other: 404},
	"POST /api/subsidies/ledgers/:id/approve": {Build: onLedger("/api/subsidies/ledgers/%s/approve", skillcert.RoleCityAdmin, true, nil), OK: 200},
	"POST /api/subsidies/ledgers/:id/return": {Build: onLedger("/api/subsidies/ledgers/%s/return", skillcert.RoleCityAdmin, true,
		subsidies.ReasonInput{Reason: "人数有误"}), OK: 200},
	"GET /api/subsidies/overview": {Build: fixed("/api/subsidies/overview?period=2026-01", nil), OK: 200},
	"GET /api/subsidies/coordinators": {Build: func(_ *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: "/api/subsidies/coordinators?town=" + [2]string{"WZ", "ZQ"}[s]}
	}, OK: 200, Other: 404, Exceptions: subsidyCityBoth(200)},
	"POST /api/subsidies/coordinators/:id": {Build: onCoordinator("/api/subsidies/coordinators/%s", recruitment.PostingInput{MonthlyPay: "3200"}),
		OK: 200, Other: 404},

	"GET /subsidies":               {Build: fixed("/subsidies", nil), OK: 200},
	"POST /subsidies/construction": {Build: applyConstruction("/subsidies/construction", url.Values{"area": {"100"}, "address": {"乌镇镇"}}), OK: 303},
	"POST /subsidies/construction/:town/approve": {Build: decideConstruction("/subsidies/construction/%s/approve", [2]string{"CF", "DM"},
		subsidies.ConstructionApplied, func() any {
			return url.Values{"acceptedOn": {skillcert.Today().String()}, "inspectors": {"验收组"}}
		}), OK: 303},
	"POST /subsidies/construction/:town/return": {Build: decideConstruction("/subsidies/construction/%s/return", [2]string{"CF", "DM"},
		subsidies.ConstructionApplied, func() any { return url.Values{"reason": {"材料不全"}} }), OK: 303},
	"POST /subsidies/construction/:town/reverse": {Build: decideConstruction("/subsidies/construction/%s/reverse", [2]string{"CF", "DM"},
		subsidies.ConstructionApproved, func() any { return url.Values{"reason": {"验收有误"}} }), OK: 303},
	"POST /subsidies/ledgers": {Build: func(f *authzFixture, _ skillcert.Role, _ scope) authzReq {
		return authzReq{Path: "/subsidies/ledgers", Body: url.Values{"period": {freshPeriod(f)}}}
	}, OK: 303},
	"GET /subsidies/ledgers/:id": {Build: onLedger("/subsidies/ledgers/%s", "", false, nil),
		OK: 200, Other: 404, Exceptions: subsidyCityBoth(200)},
	"GET /subsidies/ledgers/:id/export.xlsx": {Build: onLedger("/subsidies/ledgers/%s/export.xlsx", "", false, nil),
		OK: 200, Other: 404, Exceptions: subsidyCityBoth(200)},
	"POST /subsidies/ledgers/:id/submit": {Build: onLedger("/subsidies/ledgers/%s/submit", skillcert.RoleTownStaff, false, url.Values{}),
		OK: 303, Other: 404},
	"POST /subsidies/ledgers/:id/approve": {Build: onLedger("/subsidies/ledgers/%s/approve", skillcert.RoleCityAdmin, true, url.Values{}), OK: 303},
	"POST /subsidies/ledgers/:id/return": {Build: onLedger("/subsidies/ledgers/%s/return", skillcert.RoleCityAdmin, true,
		url.Values{"reason": {"人数有误"}}), OK: 303},
	"GET /subsidies/overview.xlsx": {Build: fixed("/subsidies/overview.xlsx?period=2026-01", nil), OK: 200},
	"GET /subsidies/coordinators":  {Build: fixed("/subsidies/coordinators", nil), OK: 200},
	"POST /subsidies/coordinators/:id": {Build: onCoordinator("/subsidies/coordinators/%s", url.Values{"monthlyPay": {"3200"}}),
		OK: 303, Other: 404},
}
