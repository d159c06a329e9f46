package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/certificates"
)

// certTestApp is the application with fake completions: course "wz-yy"
// of 乌镇镇 completed by the demo trainee (李明华, whose enrollment ID it
// returns) and two others; the certificates' clock stands at 2026-06-05
// 10:00.
func certTestApp(t *testing.T) (*testApp, *fakeCompletions, string) {
	t.Helper()
	ta := newTestApp(t)
	fake := newFakeCompletions()
	fake.course("wz-yy", "WZ")
	traineeEnrollment := fake.complete("wz-yy", traineePerson(t, ta.app), "李明华", "WZ", "WZ01")
	fake.complete("wz-yy", "p-2", "王小红", "WZ", "WZ02")
	fake.complete("wz-yy", "p-3", "陈静", "WZ", "WZ01")
	ta.app.Certificates.SetCompletions(fake)
	now := time.Date(2026, 6, 5, 10, 0, 0, 0, shanghai)
	ta.app.Certificates.SetClock(func() time.Time { return now })
	return ta, fake, traineeEnrollment
}

func TestCertificatePDFDownloadWithETag(t *testing.T) {
	ta, _, own := certTestApp(t)
	mine := issueFor(t, ta.app, own)
	theirs := issueFor(t, ta.app, "wz-yy:p-2")
	trainee := ta.token("trainee")

	res := ta.request("GET", "/api/certificates/"+mine.ID+"/pdf", nil, trainee)
	if res.Status != 200 {
		t.Fatalf("download: %d %s", res.Status, trim(res.Body))
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type %q", ct)
	}
	wantDisp := `attachment; filename="TX2026-WZ-000001.pdf"; filename*=UTF-8''TX2026-WZ-000001_%E6%9D%8E%E6%98%8E%E5%8D%8E.pdf`
	if d := res.Header.Get("Content-Disposition"); d != wantDisp {
		t.Errorf("Content-Disposition\n got %s\nwant %s", d, wantDisp)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "private, no-cache" {
		t.Errorf("Cache-Control %q", cc)
	}
	etag := res.Header.Get("ETag")
	if etag != certificates.ETag(res.Body) {
		t.Errorf("ETag %s is not the PDF's", etag)
	}
	if text := pdfText(t, res.Body); !strings.Contains(text, "李明华") || !strings.Contains(text, mine.Number) {
		t.Errorf("the PDF text lacks the holder or the number: %s", text)
	}

	for name, tc := range map[string]struct {
		header string
		status int
	}{
		"same tag":             {etag, 304},
		"weak form of the tag": {"W/" + etag, 304},
		"among others":         {`"0000", ` + etag, 304},
		"any":                  {"*", 304},
		"another tag":          {`"0123456789abcdef"`, 200},
		"no header (the page)": {"", 200},
	} {
		var h []string
		if tc.header != "" {
			h = []string{"If-None-Match", tc.header}
		}
		r := ta.request("GET", "/certificates/"+mine.ID+"/pdf", nil, trainee, h...)
		if r.Status != tc.status {
			t.Errorf("%s: status %d, want %d", name, r.Status, tc.status)
		}
		if tc.status == 304 && (len(r.Body) != 0 || r.Header.Get("ETag") != etag) {
			t.Errorf("%s: 304 with %d bytes, ETag %q", name, len(r.Body), r.Header.Get("ETag"))
		}
	}

	// A trainee cannot download another's certificate; nor see it.
	for _, path := range []string{"/api/certificates/" + theirs.ID + "/pdf", "/api/certificates/" + theirs.ID, "/certificates/" + theirs.ID + "/pdf"} {
		if r := ta.request("GET", path, nil, trainee); r.Status != 404 {
			t.Errorf("%s by another trainee: %d", path, r.Status)
		}
	}
	// The holder's list has the own certificate only.
	var page pageOf[certificateView]
	ta.request("GET", "/api/my/certificates", nil, trainee).json(t, &page)
	// (The demo set gives the trainee certificates of its own course.)
	var here []certificateView
	for _, c := range page.Items {
		if c.PersonID != mine.PersonID {
			t.Errorf("the holder's list has another person's certificate %s", c.Number)
		}
		if c.CourseID == mine.CourseID {
			here = append(here, c)
		}
	}
	if len(here) != 1 || here[0].ID != mine.ID || here[0].StateLabel != "有效" ||
		here[0].VerifyURL != "http://skillcert.test/verify/"+mine.Token {
		t.Errorf("my certificates = %+v", page)
	}
}

func TestIssueRevokeReissueThroughTheAPI(t *testing.T) {
	ta, _, _ := certTestApp(t)
	staff := ta.token("wz_staff")
	var batch certificates.BatchResult
	res := ta.request("POST", "/api/courses/wz-yy/certificates", nil, staff)
	res.json(t, &batch)
	if res.Status != 200 || len(batch.Issued) != 3 || batch.Issued[2].Number != "TX2026-WZ-000003" {
		t.Fatalf("batch: %d %s", res.Status, res.Body)
	}
	// Again: nothing new; issuing one returns the existing one with 200.
	ta.request("POST", "/api/courses/wz-yy/certificates", nil, staff).json(t, &batch)
	if len(batch.Issued) != 0 || batch.AlreadyIssued != 3 {
		t.Errorf("second batch: %+v", batch)
	}
	one := ta.request("POST", "/api/certificates", issueRequest{EnrollmentID: "wz-yy:p-2"}, staff)
	var got certificateView
	one.json(t, &got)
	if one.Status != 200 || got.Number != "TX2026-WZ-000002" {
		t.Errorf("issue again: %d %s", one.Status, trim(one.Body))
	}

	res = ta.request("POST", "/api/certificates/"+got.ID+"/revoke", reasonRequest{}, staff)
	if res.Status != 400 || res.errorCode() != skillcert.EINVALID || !strings.Contains(string(res.Body), `"field":"reason"`) {
		t.Errorf("revoke without a reason: %d %s", res.Status, res.Body)
	}
	res = ta.request("POST", "/api/certificates/"+got.ID+"/revoke", reasonRequest{Reason: "冒名参训"}, staff)
	if res.Status != 200 {
		t.Fatalf("revoke: %d %s", res.Status, res.Body)
	}
	if r := ta.request("POST", "/api/certificates/"+got.ID+"/revoke", reasonRequest{Reason: "再次"}, staff); r.Status != 409 {
		t.Errorf("revoke twice: %d", r.Status)
	}
	var list certificates.CourseCertificates
	ta.request("GET", "/api/courses/wz-yy/certificates", nil, staff).json(t, &list)
	var first certificates.Certificate
	for _, c := range list.Certificates.Items {
		if c.Number == "TX2026-WZ-000001" {
			first = c
		}
	}
	res = ta.request("POST", "/api/certificates/"+first.ID+"/reissue", reasonRequest{Reason: "证书遗失"}, staff)
	var re certificateView
	res.json(t, &re)
	if res.Status != 201 || re.Number != "TX2026-WZ-000004" || re.Supersedes != first.ID {
		t.Fatalf("reissue: %d %s", res.Status, res.Body)
	}
	// Every change is in the audit trail.
	for _, action := range []string{certificates.ActionIssue, certificates.ActionRevoke, certificates.ActionReissue} {
		p, err := ta.app.Audit.List(context.Background(), audit.Filter{Action: action}, skillcert.PageRequest{})
		if err != nil || p.Total == 0 {
			t.Errorf("no audit entry for %s (%v)", action, err)
		}
	}
	// The expiry list of the town is paginated.
	var exp pageOf[certificateView]
	res = ta.request("GET", "/api/expiring-certificates?days=366&size=1", nil, staff)
	res.json(t, &exp)
	if res.Status != 200 || exp.Total != 0 {
		t.Errorf("expiring within a year: %d %s", res.Status, res.Body)
	}
	if r := ta.request("GET", "/api/expiring-certificates?days=0", nil, staff); r.Status != 200 {
		t.Errorf("days=0 takes the default: %d", r.Status)
	}
	if r := ta.request("GET", "/api/expiring-certificates?days=999", nil, staff); r.Status != 400 {
		t.Errorf("days=999: %d", r.Status)
	}
}

func TestCourseZipOverHTTP(t *testing.T) {
	ta, _, _ := certTestApp(t)
	staff := ta.token("wz_staff")
	if _, err := ta.app.Certificates.IssueCourse(context.Background(), testIssuer, "wz-yy"); err != nil {
		t.Fatal(err)
	}
	key := "zip-progress-0123456789abcdef"
	res := ta.request("GET", "/api/courses/wz-yy/certificates/zip?progress="+key, nil, staff)
	if res.Status != 200 || res.Header.Get("Content-Type") != "application/zip" || res.Header.Get("X-Certificate-Count") != "3" {
		t.Fatalf("zip: %d %v %s", res.Status, res.Header, trim(res.Body))
	}
	if d := res.Header.Get("Content-Disposition"); !strings.Contains(d, `filename="certificates-wz-yy.zip"`) ||
		!strings.Contains(d, "filename*=UTF-8''2026%E5%B9%B4") {
		t.Errorf("Content-Disposition %s", d)
	}
	zr, err := zip.NewReader(bytes.NewReader(res.Body), int64(len(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := []string{"TX2026-WZ-000001_李明华.pdf", "TX2026-WZ-000002_王小红.pdf", "TX2026-WZ-000003_陈静.pdf"}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("entries %v, want %v", names, want)
	}
	var p certificates.DownloadProgress
	r := ta.request("GET", "/api/certificate-downloads/"+key, nil, staff)
	r.json(t, &p)
	if r.Status != 200 || p.State != certificates.DownloadDone || p.Done != 3 || p.Total != 3 {
		t.Errorf("progress: %d %s", r.Status, r.Body)
	}
	if r := ta.request("GET", "/api/courses/wz-yy/certificates/zip?progress=bad", nil, staff); r.Status != 400 {
		t.Errorf("bad progress key: %d", r.Status)
	}
	if r := ta.request("GET", "/api/courses/wz-yy/certificates/zip", nil, ta.token("zq_staff")); r.Status != 404 {
		t.Errorf("another town's zip: %d", r.Status)
	}
	// The course page offers the zip with its progress bar.
	page := ta.request("GET", "/courses/wz-yy/certificates", nil, staff)
	for _, want := range []string{"data-zip-download=\"/courses/wz-yy/certificates/zip\"", "data-zip-progress", "已结业 3 人"} {
		if !strings.Contains(string(page.Body), want) {
			t.Errorf("course page lacks %q", want)
		}
	}
}

func TestVerifyAPIAndPage(t *testing.T) {
	ta, _, own := certTestApp(t)
	c := issueFor(t, ta.app, own)
	ta.app.Certificates.SetVerifyLimit(certificates.VerifyLimit{Lookups: 5, Window: 10 * time.Minute})

	var v certificates.Verification
	res := ta.request("POST", "/api/verify", verifyRequest{Number: c.Number, Name: "李明华"}, "")
	res.json(t, &v)
	if res.Status != 200 || v.State != certificates.StateValid || v.HolderName != "李*华" || strings.Contains(string(res.Body), "李明华") {
		t.Fatalf("verify: %d %s", res.Status, res.Body)
	}
	wrongName := ta.request("POST", "/api/verify", verifyRequest{Number: c.Number, Name: "李明"}, "")
	wrongNumber := ta.request("POST", "/api/verify", verifyRequest{Number: "TX2026-WZ-000999", Name: "李明华"}, "")
	if wrongName.Status != 404 || string(wrongName.Body) != string(wrongNumber.Body) {
		t.Errorf("wrong name %d %s\nwrong number %d %s", wrongName.Status, wrongName.Body, wrongNumber.Status, wrongNumber.Body)
	}
	if r := ta.request("GET", "/api/verify/"+c.Token, nil, ""); r.Status != 200 {
		t.Errorf("by token: %d %s", r.Status, r.Body)
	}

	// The page shows the state; a revoked certificate shows why.
	page := ta.request("GET", "/verify/"+c.Token, nil, "")
	if page.Status != 200 || !strings.Contains(string(page.Body), `data-testid="verify-state">有效<`) {
		t.Errorf("page: %d %s", page.Status, trim(page.Body))
	}
	if _, err := ta.app.Certificates.Revoke(context.Background(), testIssuer, c.ID, "考核舞弊"); err != nil {
		t.Fatal(err)
	}
	page = ta.request("POST", "/verify", url.Values{"number": {c.Number}, "name": {"李明华"}}, "")
	if body := string(page.Body); page.Status != 200 || !strings.Contains(body, "已撤销") || !strings.Contains(body, "考核舞弊") {
		t.Errorf("revoked page: %d %s", page.Status, trim(page.Body))
	}
	page = ta.request("POST", "/verify", url.Values{"number": {c.Number}, "name": {"李明"}}, "")
	if page.Status != 404 || !strings.Contains(string(page.Body), "verify-error") {
		t.Errorf("wrong name page: %d", page.Status)
	}
	// Five number look-ups so far, the limit: the sixth is refused.
	res = ta.request("POST", "/api/verify", verifyRequest{Number: c.Number, Name: "李明华"}, "")
	if res.Status != 429 || res.errorCode() != skillcert.ERATELIMITED {
		t.Errorf("over the limit: %d %s", res.Status, res.Body)
	}
}

// TestCourseCertificatePageDoesNotReadEachHolder: a course's certificate
// page counts its completions without reading each holder from the
// register, so a course of 30 completions costs the database what a
// course of 2 does (issue 12: the page read every holder of a 300-person
// course, 242 ms at 200,000 people).
func TestCourseCertificatePageDoesNotReadEachHolder(t *testing.T) {
	ta := newTestApp(t)
	admin := ta.token("admin")
	sizes := map[string]int{completeCourse(t, ta.app, 2, 0): 2, completeCourse(t, ta.app, 30, 2): 30}
	commands := map[int]int{}
	for course, n := range sizes {
		res := ta.request("GET", "/api/courses/"+course+"/certificates", nil, admin)
		var got courseCertsReply
		res.json(t, &got)
		if got.Completed != n || got.Unissued != n || got.Certificates.Total != 0 {
			t.Errorf("course of %d before issuing: completed %d, unissued %d, certificates %d", n, got.Completed, got.Unissued, got.Certificates.Total)
		}
		commands[n] = res.DBCommands
	}
	if commands[2] != commands[30] {
		t.Errorf("database commands: %d for 2 completions, %d for 30: the page grows with the course", commands[2], commands[30])
	}
	for course, n := range sizes {
		if res := ta.request("POST", "/api/courses/"+course+"/certificates", nil, admin); res.Status != 200 {
			t.Fatalf("issue: %d %s", res.Status, res.Body)
		}
		var got courseCertsReply
		ta.request("GET", "/api/courses/"+course+"/certificates?size=5", nil, admin).json(t, &got)
		if got.Completed != n || got.Unissued != 0 || got.Certificates.Total != n || len(got.Certificates.Items) != min(n, 5) {
			t.Errorf("course of %d after issuing: completed %d, unissued %d, certificates %d (page of %d)", n, got.Completed, got.Unissued, got.Certificates.Total, len(got.Certificates.Items))
		}
		// A revoked certificate still holds its enrollment (no second one
		// may be issued); a reissued one is replaced by its successor: the
		// count of the unissued stays 0, the list gains the successor.
		items := got.Certificates.Items
		if r := ta.request("POST", "/api/certificates/"+items[0].ID+"/revoke", reasonRequest{Reason: "冒名参训"}, admin); r.Status != 200 {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		if r := ta.request("POST", "/api/certificates/"+items[1].ID+"/reissue", reasonRequest{Reason: "证书遗失"}, admin); r.Status != 201 {
			t.Fatalf("reissue: %d %s", r.Status, r.Body)
		}
		ta.request("GET", "/api/courses/"+course+"/certificates", nil, admin).json(t, &got)
		if got.Completed != n || got.Unissued != 0 || got.Certificates.Total != n+1 {
			t.Errorf("course of %d after a revocation and a reissue: completed %d, unissued %d, certificates %d", n, got.Completed, got.Unissued, got.Certificates.Total)
		}
	}
}
