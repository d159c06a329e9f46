package certificates

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"skillcert"
)

func TestPDFIsForTheHolderAndStaffInScope(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 2)
	c := f.issue(t, comps[0].EnrollmentID)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		actor *skillcert.Actor
		ok    bool
	}{
		"holder":                     {traineeOf(c.PersonID), true},
		"another trainee":            {traineeOf(comps[1].PersonID), false},
		"organizing town's staff":    {wzStaff, true},
		"the holder's village staff": {wzVillage, true},
		"another village's staff":    {wzVillage2, false},
		"another town's staff":       {zqStaff, false},
		"city":                       {cityAdmin, true},
		"anonymous":                  {nil, false},
	} {
		got, pdf, err := f.svc.PDF(ctx, tc.actor, c.ID)
		switch {
		case tc.ok && (err != nil || got.ID != c.ID || !bytes.HasPrefix(pdf, []byte("%PDF-"))):
			t.Errorf("%s: %v", name, err)
		case !tc.ok && skillcert.ErrorCode(err) != skillcert.ENOTFOUND:
			t.Errorf("%s: %v, want not found", name, err)
		}
	}
	// The same certificate renders to the same bytes.
	_, a, _ := f.svc.PDF(ctx, cityAdmin, c.ID)
	_, b, _ := f.svc.PDF(ctx, traineeOf(c.PersonID), c.ID)
	if ETag(a) != ETag(b) {
		t.Error("two downloads differ")
	}
	if text := squeeze(extractText(t, a)); !strings.Contains(text, c.HolderName) || !strings.Contains(text, c.Number) ||
		!strings.Contains(text, squeeze(VerifyURL(testBaseURL, c.Token))) {
		t.Errorf("PDF text lacks the holder, number or verification URL:\n%s", text)
	}
}

func TestCourseZipHasTheValidCertificatesInNumberOrder(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 6)
	ctx := context.Background()
	if _, err := f.svc.IssueCourse(ctx, wzStaff, "c1"); err != nil {
		t.Fatal(err)
	}
	list, _ := f.svc.courseInForce(ctx, "c1")
	if _, err := f.svc.Revoke(ctx, wzStaff, list[1].ID, "冒名"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Reissue(ctx, wzStaff, list[3].ID, "遗失"); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.CourseZip(ctx, zqStaff, "c1")
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.CourseZip(ctx, wzStaff, "no-such-course")
	wantCode(t, err, skillcert.ENOTFOUND)

	b, err := f.svc.CourseZip(ctx, wzStaff, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if b.FileName() != "2026年第一期电工职业技能培训班_证书.zip" || b.Len() != 5 {
		t.Errorf("batch %s of %d", b.FileName(), b.Len())
	}
	var buf bytes.Buffer
	key := "progress-key-0123456789"
	if err := f.svc.WriteZip(ctx, wzStaff, b, &buf, key); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range zr.File {
		names = append(names, e.Name)
	}
	// Revoked 000002 and superseded 000004 are out; the replacement
	// 000007 is in.
	want := []string{"TX2026-WZ-000001_张三明.pdf", "TX2026-WZ-000003_王五.pdf", "TX2026-WZ-000005_钱七.pdf",
		"TX2026-WZ-000006_孙八.pdf", "TX2026-WZ-000007_赵六.pdf"}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("entries %v, want %v", names, want)
	}
	_ = comps

	p, err := f.svc.Progress(ctx, wzStaff, key)
	if err != nil || p.State != DownloadDone || p.Done != 5 || p.Total != 5 || p.CourseID != "c1" {
		t.Errorf("progress %+v %v", p, err)
	}
	// Someone else's download is not found, nor is a malformed key.
	_, err = f.svc.Progress(ctx, cityAdmin, key)
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.Progress(ctx, wzStaff, "short")
	wantCode(t, err, skillcert.ENOTFOUND)
	// Another account cannot take over the key: its download still
	// streams, without touching the record.
	buf.Reset()
	if err := f.svc.WriteZip(ctx, cityAdmin, b, &buf, key); err != nil || buf.Len() == 0 {
		t.Errorf("second download: %v", err)
	}
	if p, _ := f.svc.Progress(ctx, wzStaff, key); p == nil || p.State != DownloadDone {
		t.Errorf("progress after another's download %+v", p)
	}
	f.clock.set(f.clock.now().Add(downloadRetention + time.Hour))
	if err := f.svc.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Progress(ctx, wzStaff, key)
	wantCode(t, err, skillcert.ENOTFOUND)
}

func TestListsArePaginatedAndScoped(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 7)
	ctx := context.Background()
	if _, err := f.svc.IssueCourse(ctx, wzStaff, "c1"); err != nil {
		t.Fatal(err)
	}
	extra := comps[0]
	extra.EnrollmentID, extra.HolderName = "c1:late", "晚到"
	f.fake.set(extra)

	cc, err := f.svc.Course(ctx, wzStaff, "c1", skillcert.PageRequest{Page: 2, Size: 3})
	if err != nil {
		t.Fatal(err)
	}
	if cc.Completed != 8 || cc.Unissued != 1 || cc.Certificates.Total != 7 || len(cc.Certificates.Items) != 3 ||
		cc.Certificates.Items[0].Number != "TX2026-WZ-000004" || cc.Certificates.Pages() != 3 {
		t.Errorf("course page: completed %d unissued %d total %d items %d first %s", cc.Completed, cc.Unissued,
			cc.Certificates.Total, len(cc.Certificates.Items), cc.Certificates.Items[0].Number)
	}
	_, err = f.svc.Course(ctx, zqStaff, "c1", skillcert.PageRequest{})
	wantCode(t, err, skillcert.ENOTFOUND)
	// Without the courses, the page still shows the course by its
	// certificates.
	f.svc.SetCompletions(NoCompletions{})
	cc, err = f.svc.Course(ctx, wzStaff, "c1", skillcert.PageRequest{})
	if err != nil || cc.Completed != -1 || cc.Course.Title != wzCourse("c1").Title || cc.Certificates.Total != 7 {
		t.Errorf("course page without completions: %+v %v", cc, err)
	}
	_, err = f.svc.Course(ctx, wzStaff, "nothing", skillcert.PageRequest{})
	wantCode(t, err, skillcert.ENOTFOUND)

	mine, err := f.svc.Mine(ctx, traineeOf(comps[2].PersonID), skillcert.PageRequest{})
	if err != nil || mine.Total != 1 || mine.Items[0].PersonID != comps[2].PersonID {
		t.Errorf("mine: %+v %v", mine, err)
	}
	if none, err := f.svc.Mine(ctx, wzStaff, skillcert.PageRequest{}); err != nil || none.Total != 0 {
		t.Errorf("staff without a person: %+v %v", none, err)
	}
}

func TestExpiringListsPerTown(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	short := wzCourse("short")
	short.Kind, short.Trade, short.Level, short.ValidityMonths = KindJobPost, "", "", 1 // until 2026-07-05
	f.fake.addCourse(short, 3)
	long := wzCourse("long") // until 2029-06-05
	f.fake.addCourse(long, 1)
	zq := wzCourse("zqshort")
	zq.Town, zq.ValidityMonths = "ZQ", 1
	for _, c := range f.fake.addCourse(zq, 1) {
		c.HolderTown, c.HolderVillage = "ZQ", ""
		f.fake.set(c)
	}
	for _, course := range []string{"short", "long", "zqshort"} {
		if _, err := f.svc.IssueCourse(ctx, cityAdmin, course); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := f.svc.courseInForce(ctx, "short")
	if _, err := f.svc.Revoke(ctx, wzStaff, list[2].ID, "撤销"); err != nil {
		t.Fatal(err)
	}

	count := func(a *skillcert.Actor, filter ExpiryFilter) int64 {
		t.Helper()
		p, err := f.svc.Expiring(ctx, a, filter, skillcert.PageRequest{Size: 1})
		if err != nil {
			t.Fatalf("%+v: %v", filter, err)
		}
		if p.Total > 0 && len(p.Items) != 1 {
			t.Fatalf("page of %d items", len(p.Items))
		}
		return p.Total
	}
	cases := []struct {
		name   string
		actor  *skillcert.Actor
		filter ExpiryFilter
		want   int64
	}{
		{"WZ within 30 days (revoked left out)", wzStaff, ExpiryFilter{Days: 30}, 2},
		{"WZ within 29 days", wzStaff, ExpiryFilter{Days: 29}, 0},
		{"WZ by default (90 days)", wzStaff, ExpiryFilter{}, 2},
		{"WZ job-post only", wzStaff, ExpiryFilter{Kind: KindJobPost}, 2},
		{"WZ vocational only", wzStaff, ExpiryFilter{Kind: KindVocational}, 0},
		{"WZ within 366 days", wzStaff, ExpiryFilter{Days: 366}, 2},
		{"the city, every town", cityAdmin, ExpiryFilter{Days: 30}, 3},
		{"the city, ZQ", cityAdmin, ExpiryFilter{Town: "ZQ", Days: 30}, 1},
		{"ZQ's staff", zqStaff, ExpiryFilter{}, 1},
	}
	for _, tc := range cases {
		if got := count(tc.actor, tc.filter); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
	_, err := f.svc.Expiring(ctx, wzStaff, ExpiryFilter{Town: "ZQ"}, skillcert.PageRequest{})
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.Expiring(ctx, cityAdmin, ExpiryFilter{Days: 400}, skillcert.PageRequest{})
	wantCode(t, err, skillcert.EINVALID)
	_, err = f.svc.Expiring(ctx, cityAdmin, ExpiryFilter{Town: "NOPE"}, skillcert.PageRequest{})
	wantCode(t, err, skillcert.EINVALID)
	// On its last day a certificate is still listed; the day after, not.
	f.clock.set(time.Date(2026, 7, 5, 23, 0, 0, 0, shanghai))
	if got := count(wzStaff, ExpiryFilter{Days: 1}); got != 2 {
		t.Errorf("on the last day: %d", got)
	}
	f.clock.set(time.Date(2026, 7, 6, 0, 30, 0, 0, shanghai))
	if got := count(wzStaff, ExpiryFilter{Days: 1}); got != 0 {
		t.Errorf("the day after: %d", got)
	}
}
