package main

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"skillcert/courses"
)

// multipartFile builds a multipart body with one file field.
func multipartFile(t *testing.T, name string, data []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// TestOfflineRollRoundTrip: the roll exported to .xlsx, marked and
// imported back records the marks; a file naming an unknown person or an
// unknown mark is refused whole, naming the rows.
func TestOfflineRollRoundTrip(t *testing.T) {
	ta := newTestApp(t)
	w := coursesWorld(t, ta.app)
	teacher := ta.token("teacher")
	path := "/api/sessions/" + w.session[own] + "/roll/xlsx"
	exp := ta.request("GET", path, nil, teacher)
	if exp.Status != 200 || !strings.Contains(exp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", exp.Status, exp.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(exp.Body))
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := f.GetCellValue(rollSheet, "B3"); id != w.person[own] {
		t.Fatalf("row 3 names %q, want the trainee", id)
	}
	upload := func(f *excelize.File) *response {
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		body, ct := multipartFile(t, "roll.xlsx", buf.Bytes())
		return ta.request("POST", path, body, teacher, "Content-Type", ct)
	}

	// Faults: an unknown person and an unknown mark; nothing is written.
	_ = f.SetSheetRow(rollSheet, "A4", &[]any{2, "no-such-person", "冒名", "", "出勤"})
	_ = f.SetCellValue(rollSheet, "E3", "到了")
	bad := upload(f)
	if bad.Status != 400 || !strings.Contains(string(bad.Body), "第 3 行") || !strings.Contains(string(bad.Body), "第 4 行") {
		t.Errorf("faulty file: %d %s", bad.Status, bad.Body)
	}
	roll, err := ta.app.Courses.SessionRoll(t.Context(), w.staff[own], w.session[own])
	if err != nil {
		t.Fatal(err)
	}
	if roll.Entries[0].Record != nil {
		t.Errorf("a refused file wrote a mark: %+v", roll.Entries[0].Record)
	}

	_ = f.RemoveRow(rollSheet, 4)
	_ = f.SetCellValue(rollSheet, "E3", "迟到")
	ok := upload(f)
	if ok.Status != 200 {
		t.Fatalf("import: %d %s", ok.Status, ok.Body)
	}
	var rep rollImportReply
	ok.json(t, &rep)
	if rep.Rows != 1 || rep.Result.Changed != 1 {
		t.Errorf("import reply: %+v", rep)
	}
	roll, _ = ta.app.Courses.SessionRoll(t.Context(), w.staff[own], w.session[own])
	if r := roll.Entries[0].Record; r == nil || r.Mark != courses.MarkLate {
		t.Errorf("after import: %+v", r)
	}
	big := ta.request("POST", path, append([]byte("PK"), make([]byte, maxRollFile+10)...), teacher, "Content-Type", "application/octet-stream")
	if big.Status < 400 || big.Status >= 500 {
		t.Errorf("not a multipart upload: %d", big.Status)
	}
}
