package certificates

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
)

func TestIssueFillsTheCertificateFromTheCompletion(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 1)
	c, created, err := f.svc.Issue(context.Background(), wzStaff, comps[0].EnrollmentID)
	if err != nil || !created {
		t.Fatalf("issue: %v created=%v", err, created)
	}
	want := map[string][2]string{
		"number":     {c.Number, "TX2026-WZ-000001"},
		"issuer":     {c.Issuer, "桐乡市乌镇镇人力资源和社会保障管理所"},
		"holder":     {c.HolderName, "张三明"},
		"issueDate":  {c.IssueDate.String(), "2026-06-05"},
		"validUntil": {c.ValidUntil.String(), "2029-06-05"},
		"status":     {string(c.Status), "valid"},
		"issuedBy":   {c.IssuedBy, wzStaff.AccountID},
		"course":     {c.CourseTitle + "|" + c.Trade + "|" + c.Level, "2026年第一期电工职业技能培训班|电工|中级"},
		"holderTown": {c.HolderTown + "/" + c.HolderVillage, "WZ/WZ01"},
	}
	for name, w := range want {
		if w[0] != w[1] {
			t.Errorf("%s = %q, want %q", name, w[0], w[1])
		}
	}
	if !tokenPattern.MatchString(c.Token) {
		t.Errorf("token %q is not 128 random bits in hex", c.Token)
	}
	if got := c.Document(testBaseURL).VerifyURL; got != testBaseURL+"/verify/"+c.Token {
		t.Errorf("verify URL %s", got)
	}
	// The audit trail names the issuer and the number.
	page, err := f.log.List(context.Background(), audit.Filter{TargetID: c.ID}, skillcert.PageRequest{})
	if err != nil || page.Total != 1 || page.Items[0].Action != ActionIssue || page.Items[0].ActorID != wzStaff.AccountID ||
		!strings.Contains(page.Items[0].Detail, c.Number) {
		t.Errorf("audit = %+v %v", page.Items, err)
	}
}

func TestNumbersNameYearAndTownOrTheCity(t *testing.T) {
	f := newFixture(t)
	city := wzCourse("city1")
	city.Town = ""
	f.fake.addCourse(city, 2)
	f.fake.addCourse(wzCourse("wz1"), 1)
	zq := wzCourse("zq1")
	zq.Town = "ZQ"
	f.fake.addCourse(zq, 1)

	got := []string{f.issue(t, "city1:p0").Number, f.issue(t, "wz1:p0").Number, f.issue(t, "city1:p1").Number, f.issue(t, "zq1:p0").Number}
	want := []string{"TX2026-SJ-000001", "TX2026-WZ-000001", "TX2026-SJ-000002", "TX2026-ZQ-000001"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("numbers %v, want %v", got, want)
	}
	if c := f.issue(t, "city1:p0"); c.Issuer != "桐乡市人力资源和社会保障局" {
		t.Errorf("city issuer %q", c.Issuer)
	}
	// The year is the year of issue in China: 2026-12-31 16:30 UTC is
	// already 2027 there.
	f.clock.set(time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC))
	f.fake.addCourse(wzCourse("wz2"), 1)
	if n := f.issue(t, "wz2:p0").Number; n != "TX2027-WZ-000001" {
		t.Errorf("new year's number %s", n)
	}
	for _, n := range append(got, "TX2027-WZ-000001") {
		if !ValidNumber(n) {
			t.Errorf("%s is not a valid number", n)
		}
	}
}

func TestIssueTwiceReturnsTheSameCertificate(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 1)
	first := f.issue(t, comps[0].EnrollmentID)
	again, created, err := f.svc.Issue(context.Background(), cityAdmin, comps[0].EnrollmentID)
	if err != nil || created || again.ID != first.ID || again.Number != first.Number {
		t.Fatalf("second issue: %v created=%v %s vs %s", err, created, again.Number, first.Number)
	}
	if n := len(f.stored(t, comps[0].EnrollmentID)); n != 1 {
		t.Fatalf("%d certificates stored, want 1", n)
	}
}

// TestConcurrentIssueOfOneEnrollmentMakesOneCertificate races 20 requests
// for the same enrollment: one certificate, every caller gets it.
func TestConcurrentIssueOfOneEnrollmentMakesOneCertificate(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 1)
	const n = 20
	numbers := make([]string, n)
	created := make([]bool, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, ok, err := f.svc.Issue(context.Background(), wzStaff, comps[0].EnrollmentID)
			if err != nil {
				t.Error(err)
				return
			}
			numbers[i], created[i] = c.Number, ok
		}()
	}
	wg.Wait()
	nCreated := 0
	for i := range n {
		if numbers[i] != numbers[0] {
			t.Errorf("caller %d got %s, caller 0 %s", i, numbers[i], numbers[0])
		}
		if created[i] {
			nCreated++
		}
	}
	if nCreated != 1 {
		t.Errorf("%d callers created a certificate, want 1", nCreated)
	}
	if got := f.stored(t, comps[0].EnrollmentID); len(got) != 1 {
		t.Fatalf("%d certificates stored, want 1", len(got))
	}
}

// TestNumbersStayUniqueUnderConcurrency issues 30 enrollments one by one
// and two batches of another course of the same town, all at once.
func TestNumbersStayUniqueUnderConcurrency(t *testing.T) {
	f := newFixture(t)
	single := f.fake.addCourse(wzCourse("c1"), 30)
	f.fake.addCourse(wzCourse("c2"), 25)
	var wg sync.WaitGroup
	for _, comp := range single {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := f.svc.Issue(context.Background(), wzStaff, comp.EnrollmentID); err != nil {
				t.Error(err)
			}
		}()
	}
	batches := make([]*BatchResult, 2)
	for i := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := f.svc.IssueCourse(context.Background(), wzStaff, "c2")
			if err != nil {
				t.Error(err)
				return
			}
			batches[i] = res
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	var all []Certificate
	for _, course := range []string{"c1", "c2"} {
		list, err := f.svc.courseInForce(context.Background(), course)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, list...)
	}
	if len(all) != 55 {
		t.Fatalf("%d certificates, want 55", len(all))
	}
	seen := map[string]bool{}
	for _, c := range all {
		if seen[c.Number] {
			t.Errorf("number %s given twice", c.Number)
		}
		seen[c.Number] = true
		if !strings.HasPrefix(c.Number, "TX2026-WZ-") {
			t.Errorf("number %s", c.Number)
		}
	}
	if issued := len(batches[0].Issued) + len(batches[1].Issued); issued != 25 {
		t.Errorf("the batches issued %d, want 25 between them", issued)
	}
	if batches[0].AlreadyIssued+batches[1].AlreadyIssued != 25 {
		t.Errorf("already issued %d + %d, want 25", batches[0].AlreadyIssued, batches[1].AlreadyIssued)
	}
}

func TestIssueCourseNumbersInOrderAndReportsUnprintableNames(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 5)
	bad := comps[2]
	bad.HolderName = "王𠀀" // U+20000 is in no certificate font
	f.fake.set(bad)

	res, err := f.svc.IssueCourse(context.Background(), wzStaff, "c1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Issued {
		got = append(got, c.Number+" "+c.HolderName)
	}
	want := []string{"TX2026-WZ-000001 张三明", "TX2026-WZ-000002 李四", "TX2026-WZ-000003 赵六", "TX2026-WZ-000004 钱七"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("issued %v, want %v", got, want)
	}
	if len(res.Failed) != 1 || res.Failed[0].EnrollmentID != bad.EnrollmentID ||
		!strings.Contains(res.Failed[0].Message, "王𠀀") || !strings.Contains(res.Failed[0].Message, "𠀀") {
		t.Errorf("failed = %+v", res.Failed)
	}
	if !strings.Contains(res.Summary(), "新发证书 4 张") {
		t.Errorf("summary %q", res.Summary())
	}

	// Once the name is fixed, the batch issues only the missing one.
	bad.HolderName = "王五"
	f.fake.set(bad)
	again, err := f.svc.IssueCourse(context.Background(), wzStaff, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Issued) != 1 || again.Issued[0].Number != "TX2026-WZ-000005" || again.AlreadyIssued != 4 || len(again.Failed) != 0 {
		t.Errorf("second batch = %+v", again)
	}
}

func TestIssueIsScopedToTheOrganizingTown(t *testing.T) {
	f := newFixture(t)
	comps := f.fake.addCourse(wzCourse("c1"), 1)
	city := wzCourse("city")
	city.Town = ""
	cityComps := f.fake.addCourse(city, 1)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		actor      *skillcert.Actor
		enrollment string
		code       string
	}{
		"other town's staff":       {zqStaff, comps[0].EnrollmentID, skillcert.ENOTFOUND},
		"village staff":            {wzVillage, comps[0].EnrollmentID, skillcert.ENOTFOUND},
		"trainee":                  {traineeOf(comps[0].PersonID), comps[0].EnrollmentID, skillcert.ENOTFOUND},
		"town staff, city course":  {wzStaff, cityComps[0].EnrollmentID, skillcert.ENOTFOUND},
		"unknown enrollment":       {cityAdmin, "c1:nobody", skillcert.ENOTFOUND},
		"own town's staff":         {wzStaff, comps[0].EnrollmentID, ""},
		"city admin, city course":  {cityAdmin, cityComps[0].EnrollmentID, ""},
		"city admin, town's again": {cityAdmin, comps[0].EnrollmentID, ""},
	} {
		_, _, err := f.svc.Issue(ctx, tc.actor, tc.enrollment)
		if got := skillcert.ErrorCode(err); got != tc.code {
			t.Errorf("%s: code %q, want %q (%v)", name, got, tc.code, err)
		}
	}
	if _, err := f.svc.IssueCourse(ctx, zqStaff, "c1"); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("batch by another town: %v", err)
	}
}

func TestNoCompletionsIssuesNothing(t *testing.T) {
	f := newFixture(t)
	f.svc.SetCompletions(NoCompletions{})
	_, _, err := f.svc.Issue(context.Background(), cityAdmin, "c1:p0")
	wantCode(t, err, skillcert.ENOTFOUND)
	_, err = f.svc.IssueCourse(context.Background(), cityAdmin, "c1")
	wantCode(t, err, skillcert.ENOTFOUND)
}

func TestValidUntilCountsMonthsAsTheLawDoes(t *testing.T) {
	for _, tc := range []struct {
		issued skillcert.Date
		months int
		want   string
	}{
		{date(2026, 3, 1), 36, "2029-03-01"},
		{date(2026, 1, 31), 1, "2026-02-28"},
		{date(2024, 1, 31), 1, "2024-02-29"},
		{date(2026, 8, 31), 6, "2027-02-28"},
		{date(2026, 12, 15), 1, "2027-01-15"},
		{date(2026, 6, 5), 120, "2036-06-05"},
		{date(2026, 6, 5), 0, ""},
	} {
		if got := validUntil(tc.issued, tc.months).String(); got != tc.want {
			t.Errorf("%s + %d months = %q, want %q", tc.issued.String(), tc.months, got, tc.want)
		}
	}
}

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{
		"张三明": "张*明", "张三": "张*", "欧阳修文": "欧**文", "李": "*", "": "",
		"阿卜杜·买买提": "阿*****提", " 王 五 ": "王*五",
	} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeNumber(t *testing.T) {
	for in, want := range map[string]string{
		"tx2026-wz-000123":    "TX2026-WZ-000123",
		" TX2026 - WZ-000123": "TX2026-WZ-000123",
		"ＴＸ２０２６－ＷＺ－０００１２３": "TX2026-WZ-000123",
		"TX2026—WZ—000123": "TX2026-WZ-000123",
	} {
		if got := NormalizeNumber(in); got != want || !ValidNumber(got) {
			t.Errorf("NormalizeNumber(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"TX2026-WZ-12", "XX2026-WZ-000001", "TX26-WZ-000001", "TX2026-wz-000001", "TX2026-WZ-000001x"} {
		if ValidNumber(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestIssueRefusesACourseWithoutDates(t *testing.T) {
	f := newFixture(t)
	course := wzCourse("c1")
	course.Start = skillcert.Date{}
	comps := f.fake.addCourse(course, 1)
	_, _, err := f.svc.Issue(context.Background(), wzStaff, comps[0].EnrollmentID)
	if skillcert.ErrorCode(err) != skillcert.EINVALID || !strings.Contains(skillcert.ErrorMessage(err), "培训开始日期") {
		t.Errorf("issue without a start date: %v", err)
	}
	if n := len(f.stored(t, comps[0].EnrollmentID)); n != 0 {
		t.Errorf("%d certificates stored", n)
	}
}
