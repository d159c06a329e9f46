package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"skillcert"
	"skillcert/certificates"
	"skillcert/store"
)

func init() { addAuthzCases(certificatesAuthzCases) }

// The certificate routes. "own" is a 乌镇镇 course whose certificate the
// demo trainee of 民合村 holds; "other" a 洲泉镇 course and holder. The
// city sees both; the instructor holds no certificate and has no scope.
var (
	cityBoth       = map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}}
	holderOrScope  = map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {200, 200}, skillcert.RoleInstructor: {404, 404}}
	cityBothStatus = func(st int) map[skillcert.Role][2]int {
		return map[skillcert.Role][2]int{skillcert.RoleCityAdmin: {st, st}}
	}
)

// certPath builds a request on the scope's standing certificate.
func certPath(format string) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: fmt.Sprintf(format, certsOf(f).cert[s].ID)}
	}
}

// coursePath builds a request on the scope's course.
func coursePath(format string, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: fmt.Sprintf(format, certsOf(f).course[s]), Body: body}
	}
}

// freshCertPath builds a request on a new certificate each call, for
// routes that change it.
func freshCertPath(format string, body any) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		c := certsOf(f).freshCertificate(f, s)
		return authzReq{Path: fmt.Sprintf(format, c.ID), Body: body}
	}
}

// expiringPath asks for the own town's list, or for 洲泉镇's.
func expiringPath(base string) func(*authzFixture, skillcert.Role, scope) authzReq {
	return func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		certsOf(f)
		if s == other {
			return authzReq{Path: base + "?town=ZQ&days=366"}
		}
		return authzReq{Path: base + "?days=366"}
	}
}

var certificatesAuthzCases = map[string]authzCase{
	"GET /api/my/certificates": {Build: fixed("/api/my/certificates", nil), OK: 200},
	"GET /api/certificates/:id": {Build: certPath("/api/certificates/%s"), OK: 200, Other: 404,
		Exceptions: holderOrScope},
	"GET /api/certificates/:id/pdf": {Build: certPath("/api/certificates/%s/pdf"), OK: 200, Other: 404,
		Exceptions: holderOrScope},
	"POST /api/certificates": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: "/api/certificates", Body: issueRequest{EnrollmentID: certsOf(f).freshEnrollment(s)}}
	}, OK: 201, Other: 404, Exceptions: cityBothStatus(201)},
	"POST /api/certificates/:id/revoke": {Build: freshCertPath("/api/certificates/%s/revoke", reasonRequest{Reason: "授权测试"}),
		OK: 200, Other: 404, Exceptions: cityBoth},
	"POST /api/certificates/:id/reissue": {Build: freshCertPath("/api/certificates/%s/reissue", reasonRequest{Reason: "授权测试"}),
		OK: 201, Other: 404, Exceptions: cityBothStatus(201)},
	"GET /api/courses/:courseId/certificates": {Build: coursePath("/api/courses/%s/certificates", nil),
		OK: 200, Other: 404, Exceptions: cityBoth},
	"POST /api/courses/:courseId/certificates": {Build: coursePath("/api/courses/%s/certificates", nil),
		OK: 200, Other: 404, Exceptions: cityBoth},
	"GET /api/courses/:courseId/certificates/zip": {Build: coursePath("/api/courses/%s/certificates/zip", nil),
		OK: 200, Other: 404, Exceptions: cityBoth},
	// A download's progress is its owner's alone, the city's included.
	"GET /api/certificate-downloads/:key": {Build: func(f *authzFixture, r skillcert.Role, s scope) authzReq {
		key := fmt.Sprintf("authz-progress-%06d", f.next())
		owner := "another-account"
		if s == own && r != "" {
			owner = f.ta.accountID(demoUser[r])
		}
		p := certificates.DownloadProgress{Key: key, AccountID: owner, CourseID: "authz-wz", Done: 1, Total: 1,
			State: certificates.DownloadDone, UpdatedAt: time.Now().UTC()}
		if err := f.ta.app.DB.Collection(store.CollCertificateDownloads).InsertOne(context.Background(), p); err != nil {
			f.ta.t.Fatal(err)
		}
		return authzReq{Path: "/api/certificate-downloads/" + key}
	}, OK: 200, Other: 404},
	"GET /api/expiring-certificates": {Build: expiringPath("/api/expiring-certificates"), OK: 200, Other: 404, Exceptions: cityBoth},
	"POST /api/verify": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		c := certsOf(f).cert[s]
		return authzReq{Path: "/api/verify", Body: verifyRequest{Number: c.Number, Name: c.HolderName}}
	}, OK: 200},
	"GET /api/verify/:token": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: "/api/verify/" + certsOf(f).cert[s].Token}
	}, OK: 200},

	"GET /my/certificates": {Build: fixed("/my/certificates", nil), OK: 200},
	"GET /certificates/:id/pdf": {Build: certPath("/certificates/%s/pdf"), OK: 200, Other: 404,
		Exceptions: holderOrScope},
	"GET /certificates":                   {Build: expiringPath("/certificates"), OK: 200, Other: 404, Exceptions: cityBoth},
	"GET /courses/:courseId/certificates": {Build: coursePath("/courses/%s/certificates", nil), OK: 200, Other: 404, Exceptions: cityBoth},
	"POST /courses/:courseId/certificates": {Build: coursePath("/courses/%s/certificates", url.Values{}),
		OK: 303, Other: 404, Exceptions: cityBothStatus(303)},
	"GET /courses/:courseId/certificates/zip": {Build: coursePath("/courses/%s/certificates/zip", nil),
		OK: 200, Other: 404, Exceptions: cityBoth},
	"POST /certificates/:id/revoke": {Build: freshCertPath("/certificates/%s/revoke", url.Values{"reason": {"授权测试"}}),
		OK: 303, Other: 404, Exceptions: cityBothStatus(303)},
	"POST /certificates/:id/reissue": {Build: freshCertPath("/certificates/%s/reissue", url.Values{"reason": {"授权测试"}}),
		OK: 303, Other: 404, Exceptions: cityBothStatus(303)},
	"GET /verify": {Build: fixed("/verify", nil), OK: 200},
	"POST /verify": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		c := certsOf(f).cert[s]
		return authzReq{Path: "/verify", Body: url.Values{"number": {c.Number}, "name": {c.HolderName}}}
	}, OK: 200},
	"GET /verify/:token": {Build: func(f *authzFixture, _ skillcert.Role, s scope) authzReq {
		return authzReq{Path: "/verify/" + certsOf(f).cert[s].Token}
	}, OK: 200},
}
