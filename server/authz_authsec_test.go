package main

import (
	"fmt"
	"net/url"

	"skillcert"
)

func init() { addAuthzCases(authsecAuthzCases) }

// accountReq acts on the instructor account of the scope's town.
func accountReq(format string, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: fmt.Sprintf(format, f.account[s]), Body: body}
	}
}

var cityManagesAll = map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}

var authsecAuthzCases = map[string]authzCase{
	"POST /api/accounts/:id/unlock":         {Build: accountReq("/api/accounts/%s/unlock", nil), OK: 200, Other: 404, Exceptions: cityManagesAll},
	"POST /api/accounts/:id/password-reset": {Build: accountReq("/api/accounts/%s/password-reset", nil), OK: 200, Other: 404, Exceptions: cityManagesAll},
	// The register's staff issue codes for the persons they keep (the
	// city reads the register but does not keep it).
	"POST /api/persons/:id/activation-code": {Build: personReq("/api/persons/%s/activation-code", nil), OK: 201, Other: 404},
	"GET /api/audit/verify":                 {Build: fixed("/api/audit/verify", nil), OK: 200},

	"POST /accounts/:id/disable": {Build: accountReq("/accounts/%s/disable", url.Values{}), OK: 303, Other: 404,
		Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {303, 303}}},
	"POST /accounts/:id/enable": {Build: accountReq("/accounts/%s/enable", url.Values{}), OK: 303, Other: 404,
		Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {303, 303}}},
	"POST /accounts/:id/unlock": {Build: accountReq("/accounts/%s/unlock", url.Values{}), OK: 303, Other: 404,
		Exceptions: map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {303, 303}}},
	"POST /accounts/:id/password-reset": {Build: accountReq("/accounts/%s/password-reset", url.Values{}), OK: 200, Other: 404,
		Exceptions: cityManagesAll},
	"POST /persons/:id/activation-code": {Build: personReq("/persons/%s/activation-code", func(*rosterAuthz, scope) any { return url.Values{} }), OK: 200, Other: 404},
	"GET /audit/verify":                 {Build: fixed("/audit/verify", nil), OK: 200},
}
