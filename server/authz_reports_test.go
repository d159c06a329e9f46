package main

import (
	"skillcert"
)

func init() { addAuthzCases(reportsAuthzCases) }

// The desk's routes. Own scope: 乌镇镇 (WZ) and its village 民合村
// (WZ01); other: 洲泉镇 (ZQ) and its village ZQ01. The city reads both; a
// town's staff their town and its villages; a village's staff their
// village only (so the town WZ is "other" for them).
func reportUnit(base, ownTown, ownVillage, otherUnit string) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(_ *authzFixture, role skillcert.Role, s scope) authzReq {
		switch {
		case s == other:
			return authzReq{Path: base + otherUnit}
		case role == skillcert.RoleVillageStaff:
			return authzReq{Path: base + ownVillage}
		}
		return authzReq{Path: base + ownTown}
	}
}

var cityReads = map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}

var reportsAuthzCases = map[string]authzCase{
	"GET /api/reports/coverage": {Build: reportUnit("/api/reports/coverage?period=2026&unit=", "WZ", "WZ01", "ZQ"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /api/reports/outreach": {Build: reportUnit("/api/reports/outreach?group=landless_farmer&village=", "WZ01", "WZ01", "ZQ01"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /api/reports/rebuild":  {Build: fixed("/api/reports/rebuild", nil), OK: 200},
	"POST /api/reports/rebuild": {Build: fixed("/api/reports/rebuild", nil), OK: 202},
	"GET /reports/coverage": {Build: reportUnit("/reports/coverage?period=2026-Q1&unit=", "WZ", "WZ01", "ZQ"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /reports/coverage.xlsx": {Build: reportUnit("/reports/coverage.xlsx?from=2026-01-01&to=2026-06-30&unit=", "WZ", "WZ01", "ZQ"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /reports/outreach": {Build: reportUnit("/reports/outreach?group=landless_farmer&village=", "WZ01", "WZ01", "ZQ01"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"GET /reports/outreach.xlsx": {Build: reportUnit("/reports/outreach.xlsx?group=landless_farmer&village=", "WZ01", "WZ01", "ZQ01"),
		OK: 200, Other: 404, Exceptions: cityReads},
	"POST /reports/rebuild": {Build: fixed("/reports/rebuild", nil), OK: 303},
}
