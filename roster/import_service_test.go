package roster

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
)

// importFile imports a testdata file as a and returns the finished job.
func (f *fixture) importFile(a *skillcert.Actor, name string) *ImportJob {
	f.t.Helper()
	job, err := f.svc.Import(ctxAs(a), a, name, readTestdata(f.t, name))
	if err != nil {
		f.t.Fatalf("import %s: %v", name, err)
	}
	if job.Status != ImportDone {
		f.t.Fatalf("import %s: status %s %s", name, job.Status, job.Message)
	}
	return job
}

func (f *fixture) importErrors(a *skillcert.Actor, job *ImportJob) []RowError {
	f.t.Helper()
	errs, err := f.svc.ImportErrors(ctxAs(a), a, job.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return errs
}

type jobCounts struct{ Total, Created, Updated, Unchanged, Invalid, Faults int }

func countsOf(j *ImportJob) jobCounts {
	return jobCounts{j.Total, j.Created, j.Updated, j.Unchanged, j.Invalid, j.Faults}
}

func TestImportXLSXSavesExactlyTheRowsOfTheTown(t *testing.T) {
	f := newFixture(t)
	job := f.importFile(wzStaff, "wz_residents.xlsx")
	if got, want := countsOf(job), (jobCounts{Total: 6, Created: 4, Invalid: 2, Faults: 2}); got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	if job.Processed != job.Total || job.Percent() != 100 || job.EndedAt.IsZero() {
		t.Errorf("progress %d/%d, ended %v", job.Processed, job.Total, job.EndedAt)
	}
	assertRowErrors(t, f.importErrors(wzStaff, job), []RowError{
		{Line: 5, Column: "镇（街道）", Message: "不在您的管辖范围：您只能导入乌镇镇的人员，此行为洲泉镇 湘溪村"},
		{Line: 6, Column: "村（社区）", Message: "村（社区）“示例村”不属于乌镇镇"},
	})
	got := f.stored()
	if len(got) != 4 {
		t.Fatalf("stored %d persons, want 4: %v", len(got), got)
	}
	shen := got[wzID["沈建国"]]
	want := Person{Name: "沈建国", IDNumber: wzID["沈建国"], IDMasked: "330483********" + wzID["沈建国"][14:], IDSuffix: wzID["沈建国"][14:],
		Gender: GenderMale, Mobile: "13905731234", Town: "WZ", Village: "WZ01", Groups: []TargetGroup{GroupEnterpriseWorker},
		Education: EduSeniorHigh, ComputerSkill: ComputerSkill{Level: ComputerBasic}, Employment: EmployedStatus, Status: PersonActive}
	shen.ID, shen.CreatedAt, shen.UpdatedAt, want.BirthDate = "", time.Time{}, time.Time{}, shen.BirthDate
	if !equalPerson(shen, want) {
		t.Errorf("沈建国 stored as\n%+v\nwant\n%+v", shen, want)
	}
	if shen.BirthDate != date(1985, 3, 12) {
		t.Errorf("birth date %v", shen.BirthDate)
	}
	qian := got[wzID["钱丽华"]]
	if qian.Town != "WZ" || qian.Village != "WZ02" || !slices.Equal(qian.Groups, []TargetGroup{GroupLandlessFarmer, GroupEmploymentDifficult}) ||
		qian.ComputerSkill.Level != ComputerNone || qian.Employment != UnemployedStatus || qian.Gender != GenderFemale {
		t.Errorf("钱丽华 (town written 乌镇) stored as %+v", qian)
	}
	if chu := got[wzID["褚建明"]]; chu.Notes != "=SUM(A1:A2)" || chu.ComputerSkill != (ComputerSkill{ComputerCertified, "全国计算机等级考试二级"}) || chu.Village != "WZ03" {
		t.Errorf("褚建明 stored as %+v", chu)
	}
	if _, ok := got[wzID["蒋秀英"]]; ok {
		t.Error("a resident of another town was imported")
	}
	// The batch of created persons is audited (one entry naming the job
	// and the rows), and so is the import.
	page, err := f.svc.audit.List(context.Background(), audit.Filter{Action: "person.create"}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Items[0].TargetID != job.ID || page.Items[0].Detail != "导入 wz_residents.xlsx：新增 4 人（第 2–7 行）" {
		t.Errorf("person.create audit entries %+v", page.Items)
	}
	if n := f.auditCount("person.import", job.ID); n != 1 {
		t.Errorf("%d person.import audit entries for the job, want 1", n)
	}
}

// equalPerson compares two persons field by field.
func equalPerson(a, b Person) bool {
	return len(changedFields(&a, &b)) == 0 && a.ID == b.ID && a.Status == b.Status
}

func TestImportingTheSameFileTwiceChangesNothing(t *testing.T) {
	f := newFixture(t)
	f.importFile(wzStaff, "wz_residents.xlsx")
	before := f.stored()
	audits := f.auditCount("person.create", "") + f.auditCount("person.update", "")
	f.now = f.now.Add(time.Hour)
	f.svc.SetClock(func() time.Time { return f.now })
	job := f.importFile(wzStaff, "wz_residents.xlsx")
	if got, want := countsOf(job), (jobCounts{Total: 6, Unchanged: 4, Invalid: 2, Faults: 2}); got != want {
		t.Fatalf("second import counts %+v, want %+v", got, want)
	}
	after := f.stored()
	if len(after) != len(before) {
		t.Fatalf("%d persons after the second import, %d before", len(after), len(before))
	}
	for id, p := range before {
		q := after[id]
		if !equalPerson(p, q) || !p.UpdatedAt.Equal(q.UpdatedAt) || !p.CreatedAt.Equal(q.CreatedAt) {
			t.Errorf("%s changed:\n%+v\n%+v", p.Name, p, q)
		}
	}
	if n := f.auditCount("person.create", "") + f.auditCount("person.update", ""); n != audits {
		t.Errorf("audit entries of changes went from %d to %d", audits, n)
	}
}

func TestImportGBKCSVMovesAPersonToAnotherVillage(t *testing.T) {
	f := newFixture(t)
	f.importFile(wzStaff, "wz_residents.xlsx")
	before := f.stored()
	data := readTestdata(t, "wz_moved_gbk.csv")
	if bytes.Contains(data, []byte("乌镇镇")) {
		t.Fatal("wz_moved_gbk.csv is not GBK")
	}
	job := f.importFile(wzStaff, "wz_moved_gbk.csv")
	if got, want := countsOf(job), (jobCounts{Total: 5, Created: 1, Updated: 2, Unchanged: 2}); got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
	after := f.stored()
	if len(after) != 5 {
		t.Fatalf("%d persons, want 5", len(after))
	}
	qian := after[wzID["钱丽华"]]
	if qian.Village != "WZ04" || qian.ID != before[wzID["钱丽华"]].ID || !qian.UpdatedAt.After(qian.CreatedAt.Add(-time.Second)) {
		t.Errorf("钱丽华 after the move: %+v", qian)
	}
	if wu := after[wzID["吴小红"]]; wu.Mobile != "13600002222" || wu.ID != before[wzID["吴小红"]].ID {
		t.Errorf("吴小红: %+v", wu)
	}
	// An empty mobile cell keeps the registered number.
	if shen := after[wzID["沈建国"]]; shen.Mobile != "13905731234" || !shen.UpdatedAt.Equal(before[wzID["沈建国"]].UpdatedAt) {
		t.Errorf("沈建国 changed: %+v", shen)
	}
	if xu := after[wzID["徐德福"]]; xu.Village != "WZ01" || xu.Employment != RetiredStatus || xu.Gender != GenderMale {
		t.Errorf("徐德福: %+v", xu)
	}
	// The move is in the person's audit history, naming the row and field
	// (her creation is in the entry of the first import's batch).
	page, err := f.svc.audit.List(context.Background(), audit.Filter{TargetID: qian.ID}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || page.Items[0].Action != "person.update" || !strings.HasSuffix(page.Items[0].Detail, "第 3 行：村（社区）") {
		t.Errorf("钱丽华's audit trail: %+v", page.Items)
	}
	// The village's staff see the moved person in the new village only.
	old, err := f.svc.List(ctxAs(wz02Staff), wz02Staff, Filter{}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range old.Items {
		if p.Name == "钱丽华" {
			t.Error("横港村 still lists 钱丽华 after the move")
		}
	}
}

func TestImportReportsBadRowsAndDuplicatesWithinTheFile(t *testing.T) {
	f := newFixture(t)
	job := f.importFile(wzStaff, "badrows.xlsx")
	if got, want := countsOf(job), (jobCounts{Total: 19, Created: 1, Invalid: 18, Faults: 21}); got != want {
		t.Fatalf("badrows counts %+v, want %+v", got, want)
	}
	errs := f.importErrors(wzStaff, job)
	if errs[0].Line != 3 || errs[0].Column != "姓名" || errs[len(errs)-1].Line != 20 || errs[len(errs)-1].Values[FieldTown] != "乌镇镇" {
		t.Errorf("first and last faults: %+v … %+v", errs[0], errs[len(errs)-1])
	}
	if got := f.stored(); len(got) != 1 || got["330483198503121011"].Name != "沈建国" {
		t.Errorf("stored %v, want only 沈建国", got)
	}

	job = f.importFile(wzStaff, "duplicates.csv")
	// Lines 2 and 3 go in (2 is 沈建国 again: his name changes to 甲一);
	// 4–6 and 9 repeat earlier numbers, 7 has a bad check character, 8 a
	// bad mobile number.
	if got, want := countsOf(job), (jobCounts{Total: 8, Created: 1, Updated: 1, Invalid: 6, Faults: 6}); got != want {
		t.Fatalf("duplicates counts %+v, want %+v", got, want)
	}
	assertRowErrors(t, f.importErrors(wzStaff, job), []RowError{
		{Line: 4, Column: "身份证号码", Message: "相同身份证号码已在第 2 行出现"},
		{Line: 5, Column: "身份证号码", Message: "相同身份证号码已在第 3 行出现"},
		{Line: 6, Column: "身份证号码", Message: "相同身份证号码已在第 2 行出现"},
		{Line: 7, Column: "身份证号码", Message: "身份证号码校验位错误，应为 1"},
		{Line: 8, Column: "手机号码", Message: "手机号码“12345”无效，应为1开头的11位数字"},
		{Line: 9, Column: "身份证号码", Message: "相同身份证号码已在第 8 行出现"},
	})
	got := f.stored()
	if len(got) != 2 || got["330483198503121011"].Name != "甲一" || got["33048319880505108X"].Name != "乙二" {
		t.Errorf("stored after duplicates.csv: %v", got)
	}
}

func TestImportScopePerRow(t *testing.T) {
	f := newFixture(t)
	// 民合村's staff: only 民合村's rows go in.
	job := f.importFile(wzVillage, "wz_residents.xlsx")
	if got, want := countsOf(job), (jobCounts{Total: 6, Created: 1, Invalid: 5, Faults: 5}); got != want {
		t.Fatalf("village import counts %+v, want %+v", got, want)
	}
	errs := f.importErrors(wzVillage, job)
	if errs[0].Line != 3 || errs[0].Column != "村（社区）" || errs[0].Message != "不在您的管辖范围：您只能导入乌镇镇 民合村的人员，此行为乌镇镇 横港村" {
		t.Errorf("first fault %+v", errs[0])
	}
	// The town's staff import the rest; 沈建国 is unchanged.
	job = f.importFile(wzStaff, "wz_residents.xlsx")
	if job.Created != 3 || job.Unchanged != 1 {
		t.Fatalf("town import %+v", countsOf(job))
	}
	// 洲泉镇's staff import only their own resident of the file (line 5);
	// they cannot take over one of 乌镇镇's by importing the ID number
	// with a 洲泉镇 address.
	job = f.importFile(zqStaff, "wz_residents.xlsx")
	if job.Created != 1 || job.Updated != 0 || job.Invalid != 5 {
		t.Fatalf("洲泉镇 importing 乌镇镇's file: %+v", countsOf(job))
	}
	errs = f.importErrors(zqStaff, job)
	if errs[0].Message != "不在您的管辖范围：您只能导入洲泉镇的人员，此行为乌镇镇 民合村" {
		t.Errorf("fault %+v", errs[0])
	}
	csv := strings.Join(templateHeader(), ",") + "\n沈建国," + wzID["沈建国"] + ",,洲泉镇,湘溪村,企业职工,高中,,,在职,\n"
	job, err := f.svc.Import(ctxAs(zqStaff), zqStaff, "takeover.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	errs = f.importErrors(zqStaff, job)
	if job.Invalid != 1 || len(errs) != 1 || errs[0].Message != "该身份证号码已在您管辖范围以外的单位登记；如户籍已迁入，请联系市人力社保局协调" {
		t.Errorf("take-over: %+v %+v", countsOf(job), errs)
	}
	if p := f.stored()[wzID["沈建国"]]; p.Town != "WZ" {
		t.Errorf("沈建国 moved to %s", p.Town)
	}
	// Nobody else sees the jobs of 乌镇镇.
	if _, err := f.svc.GetImport(ctxAs(zqStaff), zqStaff, job.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.GetImport(ctxAs(wzStaff), wzStaff, job.ID); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("乌镇镇 reading 洲泉镇's job: %v", err)
	}
}

// TestLargeImportReadsTheTownOnce covers the path of imports above
// smallImport rows (lowered for the test): the town's persons are read in one pass, a person of
// another town is refused by the unique index, and the rest go in.
func TestLargeImportReadsTheTownOnce(t *testing.T) {
	f := newFixture(t)
	f.svc.smallImport = 20
	f.create(zqStaff, PersonInput{Name: "蒋秀英", IDNumber: wzID["蒋秀英"], Town: "ZQ", Village: "ZQ02", Groups: []string{"农村低保家庭"}, Education: "小学", Employment: "务农"})
	rows := bigRows(t, f.svc.smallImport+5)
	rows[3] = []string{"蒋秀英", wzID["蒋秀英"], "", "乌镇镇", "民合村", "企业职工", "高中", "", "", "在职", ""}
	data := xlsxOf(t, rows)
	job, err := f.svc.Import(ctxAs(wzStaff), wzStaff, "big.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if job.Created != f.svc.smallImport+4 || job.Invalid != 1 {
		t.Fatalf("counts %+v", countsOf(job))
	}
	errs := f.importErrors(wzStaff, job)
	if len(errs) != 1 || errs[0].Line != 5 || errs[0].Message != "该身份证号码已在您管辖范围以外的单位登记；如户籍已迁入，请联系市人力社保局协调" {
		t.Errorf("faults %+v", errs)
	}
	// Again: everything unchanged, read in one pass of the town.
	job, err = f.svc.Import(ctxAs(wzStaff), wzStaff, "big.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if job.Unchanged != f.svc.smallImport+4 || job.Created != 0 || job.Updated != 0 {
		t.Fatalf("second import %+v", countsOf(job))
	}
}

// xlsxOf writes the template header and rows to an .xlsx file.
func xlsxOf(tb testing.TB, rows [][]string) []byte { return bigXLSXRows(tb, rows) }

// bigXLSXRows writes rows with the stream writer (benchmarks).
func bigXLSXRows(tb testing.TB, rows [][]string) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	for i, r := range append([][]string{templateHeader()}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, anyRow(r)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportRefusesAZipBombBeforeAnyJob(t *testing.T) {
	f := newFixture(t)
	for name, code := range map[string]string{"zipbomb.xlsx": skillcert.ETOOLARGE, "lying.xlsx": skillcert.EINVALID} {
		job, err := f.svc.StartImport(ctxAs(wzStaff), wzStaff, name, readTestdata(t, name))
		if skillcert.ErrorCode(err) != code || job != nil {
			t.Errorf("%s: job %v, error %v; want %s", name, job, err, code)
		}
	}
	f.svc.SetLimits(Limits{MaxBytes: 1000})
	if _, err := f.svc.StartImport(ctxAs(wzStaff), wzStaff, "wz_residents.xlsx", readTestdata(t, "wz_residents.xlsx")); skillcert.ErrorCode(err) != skillcert.ETOOLARGE {
		t.Errorf("over the size limit: %v", err)
	}
	n, err := f.svc.imports.Count(context.Background(), bson.D{{Key: "town", Value: "WZ"}})
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || len(f.stored()) != 0 {
		t.Errorf("%d jobs, %d persons after refused files", n, len(f.stored()))
	}
	// The city reads the register but does not import.
	if _, err := f.svc.StartImport(ctxAs(cityAdmin), cityAdmin, "wz_residents.xlsx", readTestdata(t, "wz_residents.xlsx")); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Errorf("city admin import: %v", err)
	}
}

func TestStartImportRunsInTheBackgroundAndReportsProgress(t *testing.T) {
	f := newFixture(t)
	job, err := f.svc.StartImport(ctxAs(wzStaff), wzStaff, "wz_residents.xlsx", readTestdata(t, "wz_residents.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if job.Total != 6 || job.Status != ImportQueued {
		t.Fatalf("started job %+v", job)
	}
	f.svc.Wait()
	got, err := f.svc.GetImport(ctxAs(wzStaff), wzStaff, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != ImportDone || got.Created != 4 || got.Percent() != 100 {
		t.Fatalf("finished job %+v", got)
	}
	report, err := f.svc.ImportErrorReport(ctxAs(wzStaff), wzStaff, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(report))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetList()[0])
	if len(rows) != 3 || rows[1][0] != "5" || rows[2][1] != "村（社区）" || rows[1][4] != skillcert.MaskIDNumber(wzID["蒋秀英"]) {
		t.Errorf("error report rows %v", rows)
	}
	recent, err := f.svc.RecentImports(ctxAs(wzStaff), wzStaff, 10)
	if err != nil || len(recent) != 1 || recent[0].ID != job.ID {
		t.Errorf("recent imports %v %v", recent, err)
	}
	// A job that stopped making progress reads as interrupted.
	f.svc.SetClock(func() time.Time { return time.Now().Add(time.Hour) })
	if _, err := f.svc.imports.UpdateOne(context.Background(), byID(job.ID), bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: ImportRunning}}}}); err != nil {
		t.Fatal(err)
	}
	got, _ = f.svc.GetImport(ctxAs(wzStaff), wzStaff, job.ID)
	if got.Status != ImportFailed || !strings.Contains(got.Message, "中断") {
		t.Errorf("stalled job %+v", got)
	}
}
