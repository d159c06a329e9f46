package main

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"skillcert"
	"skillcert/roster"
)

// rosterTestdata reads a file of roster/testdata.
func rosterTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "roster", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// upload posts a file as the multipart field "file".
func (ta *testApp) upload(path, token, name string, data []byte) *response {
	ta.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		ta.t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	return ta.request("POST", path, buf.Bytes(), token, "Content-Type", w.FormDataContentType())
}

// waitImport polls an import job until it has finished.
func (ta *testApp) waitImport(id, token string) importReply {
	ta.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var r importReply
		ta.call("GET", "/api/imports/"+id, token, nil, 200, &r)
		if r.Finished {
			return r
		}
		if time.Now().After(deadline) {
			ta.t.Fatalf("import %s did not finish: %+v", id, r.Job)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestRosterImportThroughTheAPI(t *testing.T) {
	ta := newTestApp(t)
	wz := ta.token("wz_staff")
	res := ta.upload("/api/persons/import", wz, "wz_residents.xlsx", rosterTestdata(t, "wz_residents.xlsx"))
	if res.Status != 202 || !strings.HasPrefix(res.Header.Get("Location"), "/api/imports/") {
		t.Fatalf("upload: %d %s", res.Status, trim(res.Body))
	}
	var started importReply
	res.json(t, &started)
	done := ta.waitImport(started.Job.ID, wz)
	if done.Job.Created != 4 || done.Job.Invalid != 2 || len(done.Errors) != 2 || done.ReportURL == "" {
		t.Fatalf("finished import %+v", done)
	}
	if done.Errors[0].Line != 5 || done.Errors[1].Column != "村（社区）" {
		t.Errorf("faults %+v", done.Errors)
	}
	// The error report downloads as .xlsx.
	rep := ta.request("GET", "/api/imports/"+started.Job.ID+"/errors.xlsx", nil, wz)
	if rep.Status != 200 || !strings.Contains(rep.Header.Get("Content-Type"), "spreadsheetml") ||
		!strings.Contains(rep.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("report: %d %v", rep.Status, rep.Header)
	}
	x, err := excelize.OpenReader(bytes.NewReader(rep.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetList()[0])
	if len(rows) != 3 || rows[1][0] != "5" {
		t.Errorf("report rows %v", rows)
	}
	// The imported people are in the list, masked.
	var page pageOf[roster.Person]
	ta.call("GET", "/api/persons?name="+urlQuery("褚建明"), wz, nil, 200, &page)
	if page.Total != 1 || !strings.Contains(page.Items[0].IDMasked, "********") ||
		strings.Contains(string(ta.request("GET", "/api/persons?name="+urlQuery("褚建明"), nil, wz).Body), `"idNumber"`) {
		t.Errorf("list after import %+v", page)
	}
	// 洲泉镇's staff cannot read 乌镇镇's job.
	if r := ta.request("GET", "/api/imports/"+started.Job.ID, nil, ta.token("zq_staff")); r.Status != 404 {
		t.Errorf("another town reading the job: %d", r.Status)
	}
}

func urlQuery(s string) string { return url.QueryEscape(s) }

func TestRosterImportLimitsAnswerWithJSONErrors(t *testing.T) {
	ta := newTestApp(t)
	wz := ta.token("wz_staff")
	cases := []struct {
		name   string
		data   []byte
		status int
		code   string
	}{
		{"zipbomb.xlsx", rosterTestdata(t, "zipbomb.xlsx"), 413, skillcert.ETOOLARGE},
		{"lying.xlsx", rosterTestdata(t, "lying.xlsx"), 400, skillcert.EINVALID},
		{"big.csv", bytes.Repeat([]byte("a"), 10<<20+1), 413, skillcert.ETOOLARGE}, // over the import's limit, within the upload body limit
		{"notes.txt", []byte("hello"), 400, skillcert.EINVALID},
		{"empty.csv", []byte("姓名,身份证号码\n"), 400, skillcert.EINVALID},
	}
	for _, c := range cases {
		res := ta.upload("/api/persons/import", wz, c.name, c.data)
		if res.Status != c.status || res.errorCode() != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.name, res.Status, trim(res.Body), c.status, c.code)
		}
	}
	var jobs []roster.ImportJob
	ta.call("GET", "/api/imports", wz, nil, 200, &jobs)
	for _, j := range jobs {
		if j.FileName != "演示数据（人员虚构）" {
			t.Errorf("a refused file left a job: %+v", j)
		}
	}
}

func TestRosterRecordsRevealAndExportThroughTheAPI(t *testing.T) {
	ta := newTestApp(t)
	wz, village := ta.token("wz_staff"), ta.token("wz_village")
	in := roster.PersonInput{Name: "接口测试", IDNumber: "330483199001011234", Mobile: "13900001234", Town: "WZ", Village: "WZ01",
		Groups: []string{"企业职工", "就业困难人员"}, Education: "大专", Employment: "失业", Notes: "@SUM(1)"}
	// 330483199001011234 has a wrong check character: every fault comes back.
	res := ta.request("POST", "/api/persons", in, village)
	if res.Status != 400 || res.errorCode() != skillcert.EINVALID {
		t.Fatalf("bad ID number: %d %s", res.Status, res.Body)
	}
	first17 := "33048319900101123"
	in.IDNumber = first17 + string(roster.IDCheckChar(first17))
	var p roster.Person
	ta.call("POST", "/api/persons", village, in, 201, &p)
	if p.IDMasked != "330483********"+in.IDNumber[14:] || strings.Contains(string(ta.request("GET", "/api/persons/"+p.ID, nil, wz).Body), in.IDNumber) {
		t.Errorf("created %+v", p)
	}
	// Reveal: the whole number, audited.
	var rv revealReply
	ta.call("POST", "/api/persons/"+p.ID+"/reveal", wz, nil, 200, &rv)
	if rv.IDNumber != in.IDNumber {
		t.Errorf("revealed %q", rv.IDNumber)
	}
	var audit pageOf[struct {
		Action string `json:"action"`
	}]
	ta.call("GET", "/api/audit?targetId="+p.ID, ta.token("auditor"), nil, 200, &audit)
	actions := map[string]bool{}
	for _, e := range audit.Items {
		actions[e.Action] = true
	}
	if !actions["person.create"] || !actions["person.reveal"] {
		t.Errorf("audit of the person: %+v", audit.Items)
	}
	// Move to another village of the town, keeping the number.
	in.IDNumber, in.Village = "", "WZ02"
	ta.call("PUT", "/api/persons/"+p.ID, wz, in, 200, &p)
	if p.Village != "WZ02" {
		t.Errorf("after the move %+v", p)
	}
	if r := ta.request("GET", "/api/persons/"+p.ID, nil, village); r.Status != 404 {
		t.Errorf("民合村 reading a person of 横港村: %d", r.Status)
	}
	// Export: masked, the formula neutralized; full numbers for staff who ask.
	exp := ta.request("GET", "/api/persons/export?name="+urlQuery("接口"), nil, wz)
	if exp.Status != 200 {
		t.Fatalf("export: %d %s", exp.Status, trim(exp.Body))
	}
	x, err := excelize.OpenReader(bytes.NewReader(exp.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(roster.ExportSheet)
	if len(rows) != 2 || rows[1][2] != p.IDMasked || rows[1][13] != "'@SUM(1)" || rows[1][7] != "横港村" {
		t.Errorf("export rows %v", rows)
	}
	full := ta.request("GET", "/api/persons/export?full=1&name="+urlQuery("接口"), nil, wz)
	x, _ = excelize.OpenReader(bytes.NewReader(full.Body))
	if rows, _ := x.GetRows(roster.ExportSheet); len(rows) != 2 || rows[1][2] != first17+string(roster.IDCheckChar(first17)) {
		t.Errorf("full export rows %v", rows)
	}
	ta.call("DELETE", "/api/persons/"+p.ID, wz, nil, 204, nil)
	ta.call("GET", "/api/persons/"+p.ID, wz, nil, 404, nil)
}

func TestRosterRegistrationAndProfileThroughTheAPI(t *testing.T) {
	ta := newTestApp(t)
	first17 := "33048319880808111"
	id := first17 + string(roster.IDCheckChar(first17))
	var reg roster.Registered
	ta.call("POST", "/api/register", "", roster.Registration{IDNumber: id, Name: "新学员", Mobile: "13912345678", Password: "Passw0rd1", Village: "ZQ03"}, 201, &reg)
	if reg.Status != roster.PersonPending || reg.Username != "13912345678" || reg.PersonID != "" {
		t.Fatalf("registered %+v", reg)
	}
	// The account logs in once the town has confirmed the new resident.
	if res := ta.request("POST", "/api/auth/login", map[string]string{"username": "13912345678", "password": "Passw0rd1"}, ""); res.Status != 401 {
		t.Fatalf("login before confirmation: %d %s", res.Status, res.Body)
	}
	var pending pageOf[roster.Person]
	ta.call("GET", "/api/persons?status=pending&mobile=13912345678", ta.token("zq_staff"), nil, 200, &pending)
	if len(pending.Items) != 1 {
		t.Fatalf("pending %+v", pending)
	}
	personID := pending.Items[0].ID
	// The town confirms; 乌镇镇 cannot.
	ta.call("POST", "/api/persons/"+personID+"/confirm", ta.token("wz_staff"), completionOf("ZQ03"), 404, nil)
	var p roster.Person
	ta.call("POST", "/api/persons/"+personID+"/confirm", ta.token("zq_staff"), completionOf("ZQ03"), 200, &p)
	if p.Status != roster.PersonActive {
		t.Errorf("confirmed %+v", p)
	}
	res := ta.request("POST", "/api/auth/login", map[string]string{"username": "13912345678", "password": "Passw0rd1"}, "")
	if res.Status != 200 {
		t.Fatalf("login with the mobile number: %d %s", res.Status, res.Body)
	}
	var lr struct{ Token string }
	res.json(t, &lr)
	var prof roster.Profile
	ta.call("GET", "/api/profile", lr.Token, nil, 200, &prof)
	if prof.Person.Name != "新学员" || prof.Person.Status != roster.PersonActive || prof.PlaceName != "洲泉镇 青石村" {
		t.Errorf("profile %+v", prof)
	}
	ta.call("PUT", "/api/profile", lr.Token, roster.ProfileInput{Mobile: "13912340001"}, 200, &prof)
	if prof.Person.Mobile != "13912340001" {
		t.Errorf("profile after update %+v", prof)
	}
	// The demo trainee's account is linked to a real person of 民合村.
	var me meReply
	ta.call("GET", "/api/auth/me", ta.token("trainee"), nil, 200, &me)
	ta.call("GET", "/api/profile", ta.token("trainee"), nil, 200, &prof)
	if prof.Person.ID != me.PersonID || prof.Person.Name != "李学员" || prof.Person.Village != "WZ01" {
		t.Errorf("demo trainee's profile %+v (me %+v)", prof, me)
	}
}

func completionOf(village string) roster.PersonInput {
	return roster.PersonInput{Name: "新学员", Town: village[:2], Village: village, Mobile: "13912340000",
		Groups: []string{"就业困难人员"}, Education: "初中", Employment: "失业"}
}

// TestRosterHotPathsIssueAFixedNumberOfCommands counts the database
// commands of the register's reads before and after the register grows.
func TestRosterHotPathsIssueAFixedNumberOfCommands(t *testing.T) {
	ta := newTestApp(t)
	admin, wz, village, trainee := ta.token("admin"), ta.token("wz_staff"), ta.token("wz_village"), ta.token("trainee")
	var list pageOf[roster.Person]
	ta.call("GET", "/api/persons?size=1", village, nil, 200, &list)
	one := list.Items[0].ID
	paths := []struct {
		path  string
		token string
		want  int
	}{
		{"/api/persons", admin, 3},                                 // session, page, count
		{"/api/persons", wz, 3},                                    // session, page, count
		{"/api/persons?village=WZ02&name=" + urlQuery("王"), wz, 3}, // the same with filters
		{"/api/persons", village, 3},
		{"/api/persons?page=3&size=5&group=landless_farmer", admin, 3},
		{"/api/persons/" + one, village, 2}, // session, person
		{"/api/profile", trainee, 2},        // session, own person
	}
	check := func(stage string) {
		for _, p := range paths {
			res := ta.request("GET", p.path, nil, p.token)
			if res.Status != 200 {
				t.Fatalf("%s: %d %s", p.path, res.Status, trim(res.Body))
			}
			if res.DBCommands != p.want {
				t.Errorf("%s %s: %d database commands, want %d", stage, p.path, res.DBCommands, p.want)
			}
		}
	}
	check("demo register")
	var b strings.Builder
	b.WriteString("姓名,身份证号码,镇（街道）,村（社区）,人员类别,文化程度,就业状态\n")
	for i := 0; i < 120; i++ {
		first17 := fmt.Sprintf("330483%s%03d", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format("20060102"), 500+i)
		fmt.Fprintf(&b, "王增长,%s,乌镇镇,%s,被征地农民,初中,务农\n", first17+string(roster.IDCheckChar(first17)), []string{"民合村", "横港村"}[i%2])
	}
	res := ta.upload("/api/persons/import", wz, "grow.csv", []byte(b.String()))
	var r importReply
	res.json(t, &r)
	if done := ta.waitImport(r.Job.ID, wz); done.Job.Created != 120 {
		t.Fatalf("growth import %+v", done.Job)
	}
	check("grown register")
}
