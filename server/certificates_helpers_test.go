package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/certificates"
)

// fakeCompletions stands in for the courses in the server's certificate
// tests: completed enrollments kept in memory.
type fakeCompletions struct {
	mu      sync.Mutex
	courses map[string]certificates.CourseFacts
	comps   map[string][]certificates.Completion
}

func newFakeCompletions() *fakeCompletions {
	return &fakeCompletions{courses: map[string]certificates.CourseFacts{}, comps: map[string][]certificates.Completion{}}
}

// course adds a course of a town ("" = the city) valid for 36 months.
func (f *fakeCompletions) course(id, town string) certificates.CourseFacts {
	f.mu.Lock()
	defer f.mu.Unlock()
	day := func(m time.Month, d int) skillcert.Date { return skillcert.NewDate(2026, m, d) }
	c := certificates.CourseFacts{ID: id, Title: "2026年第一期育婴员职业技能培训班", Kind: certificates.KindVocational, Trade: "育婴员",
		Level: "初级", ClassHours: 80, Start: day(3, 2), End: day(4, 30), Town: town, ValidityMonths: 36}
	f.courses[id] = c
	return c
}

// complete adds a completed enrollment of a person to a course and
// returns its enrollment ID.
func (f *fakeCompletions) complete(courseID, personID, name, town, village string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := courseID + ":" + personID
	f.comps[courseID] = append(f.comps[courseID], certificates.Completion{
		EnrollmentID: id, PersonID: personID, HolderName: name, Gender: certificates.GenderFemale,
		IDMasked: "330483********2021", HolderTown: town, HolderVillage: village, Course: f.courses[courseID],
	})
	return id
}

func (f *fakeCompletions) CompletedEnrollment(_ context.Context, id string) (certificates.Completion, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, list := range f.comps {
		for _, c := range list {
			if c.EnrollmentID == id {
				return c, nil
			}
		}
	}
	return certificates.Completion{}, skillcert.Errorf(skillcert.ENOTFOUND, "报名记录不存在")
}

func (f *fakeCompletions) CompletedEnrollments(_ context.Context, courseID string) (certificates.CourseFacts, []certificates.Completion, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.courses[courseID]
	if !ok {
		return c, nil, skillcert.Errorf(skillcert.ENOTFOUND, "课程不存在")
	}
	return c, append([]certificates.Completion(nil), f.comps[courseID]...), nil
}

func (f *fakeCompletions) CompletedEnrollmentIDs(ctx context.Context, courseID string) (certificates.CourseFacts, []string, error) {
	c, comps, err := f.CompletedEnrollments(ctx, courseID)
	ids := make([]string, len(comps))
	for i, comp := range comps {
		ids[i] = comp.EnrollmentID
	}
	return c, ids, err
}

// traineePerson is the person ID of the demo trainee's account.
func traineePerson(t testing.TB, app *App) string {
	t.Helper()
	acc, err := app.Auth.FindAccountByUsername(context.Background(), "trainee")
	if err != nil || acc.PersonID == "" {
		t.Fatalf("demo trainee's person: %+v %v", acc, err)
	}
	return acc.PersonID
}

// testIssuer is the city administrator the tests issue certificates as.
var testIssuer = &skillcert.Actor{AccountID: "test-issuer", Username: "test-issuer", Role: skillcert.RoleCityAdmin}

// issueFor issues a certificate of an enrollment through the service.
func issueFor(t testing.TB, app *App, enrollmentID string) *certificates.Certificate {
	t.Helper()
	c, _, err := app.Certificates.Issue(context.Background(), testIssuer, enrollmentID)
	if err != nil {
		t.Fatalf("issue %s: %v", enrollmentID, err)
	}
	return c
}

// pdfText extracts the text of a PDF with pdftotext (skipped without it,
// except under CI).
func pdfText(t testing.TB, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext is not installed")
	}
	path := filepath.Join(t.TempDir(), "certificate.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// certAuthz holds the certificates the authorization cases act on: one
// of 乌镇镇 held by the demo trainee in 民合村 (own scope for every demo
// role that has one), one of 洲泉镇 held by someone of 洲泉镇 (other).
type certAuthz struct {
	fake    *fakeCompletions
	course  [2]string
	cert    [2]*certificates.Certificate
	fresh   int
	holders [2][3]string // person, town, village
}

var (
	certAuthzMu sync.Mutex
	certAuthzOf = map[*authzFixture]*certAuthz{}
)

// certsOf returns (and on first use sets up) the certificate fixture of
// an authorization run.
func certsOf(f *authzFixture) *certAuthz {
	certAuthzMu.Lock()
	defer certAuthzMu.Unlock()
	if ca, ok := certAuthzOf[f]; ok {
		return ca
	}
	ca := &certAuthz{fake: newFakeCompletions(), course: [2]string{"authz-wz", "authz-zq"},
		holders: [2][3]string{{traineePerson(f.ta.t, f.ta.app), "WZ", "WZ01"}, {"zq-holder", "ZQ", "ZQ01"}}}
	ca.fake.course(ca.course[own], "WZ")
	ca.fake.course(ca.course[other], "ZQ")
	app := f.ta.app
	app.Certificates.SetCompletions(ca.fake)
	// Every role calls the public look-ups on both scopes from one IP.
	app.Certificates.SetVerifyLimit(certificates.VerifyLimit{Lookups: 1000, Window: 10 * time.Minute})
	for _, s := range []scope{own, other} {
		h := ca.holders[s]
		ca.cert[s] = issueFor(f.ta.t, app, ca.fake.complete(ca.course[s], h[0], "李明华", h[1], h[2]))
	}
	certAuthzOf[f] = ca
	return ca
}

// freshEnrollment adds a completed enrollment without a certificate to
// the scope's course.
func (ca *certAuthz) freshEnrollment(s scope) string {
	ca.fresh++
	h := ca.holders[s]
	return ca.fake.complete(ca.course[s], fmt.Sprintf("fresh-%d", ca.fresh), "新学员", h[1], h[2])
}

// freshCertificate issues a new certificate in the scope's course (for
// routes that change it).
func (ca *certAuthz) freshCertificate(f *authzFixture, s scope) *certificates.Certificate {
	return issueFor(f.ta.t, f.ta.app, ca.freshEnrollment(s))
}
