package main

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"skillcert/demo"
	"skillcert/idcrypt"
	"skillcert/roster"
)

// validIDNumbersIn scans raw bytes for every 18-character window that is
// a valid resident ID number (digits, address code, birth date, check
// character), as someone holding a copy of the database files would.
func validIDNumbersIn(data []byte) []string {
	var out []string
	now := time.Now()
	isDigit := func(b byte) bool { return b >= '0' && b <= '9' }
	for i := 0; i+18 <= len(data); i++ {
		if !isDigit(data[i]) {
			continue
		}
		ok := true
		for j := 1; j < 17; j++ {
			if !isDigit(data[i+j]) {
				ok, i = false, i+j // no window can start before the non-digit
				break
			}
		}
		if !ok {
			continue
		}
		last := data[i+17]
		if !isDigit(last) && last != 'X' && last != 'x' {
			continue
		}
		if n, err := roster.ParseIDNumber(string(data[i:i+18]), now); err == nil {
			out = append(out, n.String())
		}
	}
	return out
}

func TestScannerFindsPlaintextNumbers(t *testing.T) {
	got := validIDNumbersIn([]byte(`{"idNumber":"` + demo.TraineeIDNumber + `"}0123456789012345678` + "33048319850312101"))
	if len(got) != 1 || got[0] != demo.TraineeIDNumber {
		t.Errorf("found %v", got)
	}
}

// uploadFile posts a file to the import endpoint over HTTP.
func uploadFile(t *testing.T, url, token, name string, data []byte) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, _ := w.CreateFormFile("file", name)
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", url, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}

// withCheck completes 17 digits with their check character.
func withCheck(first17 string) string { return first17 + string(roster.IDCheckChar(first17)) }

// TestDatabaseFilesHoldNoIDNumber starts the program on a fresh data
// directory (demo data loaded), imports a file with valid and faulty rows,
// registers a trainee and creates a person, then reads every file of the
// data directory as bytes — the SQLite database, its WAL, everything —
// while the server runs and after it stopped: no valid ID number may
// appear. The directory is 0700 and every file 0600.
func TestDatabaseFilesHoldNoIDNumber(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir, nil)
	wz := login(t, s.URL, "wz_staff", testDemoPassword)

	imported := []string{withCheck("33048319800101201"), withCheck("33048319810202202")}
	faulty := withCheck("33048319820303203") // a village that does not exist
	csv := "姓名,身份证号码,镇/街道,村/社区,人员类别,学历,就业状态\n" +
		"导入甲," + imported[0] + ",乌镇镇,民合村,企业职工,本科,在职\n" +
		"导入乙," + strings.ToLower(imported[1]) + ",乌镇镇,民合村,企业职工,本科,在职\n" +
		"导入丙," + faulty + ",乌镇镇,不存在村,企业职工,本科,在职\n" +
		"导入丁," + imported[0] + ",乌镇镇,民合村,企业职工,本科,在职\n"
	st, body := uploadFile(t, s.URL+"/api/persons/import", wz, "rows.csv", []byte(csv))
	if st != 202 {
		t.Fatalf("import: %d %s", st, body)
	}
	var job importReply
	_ = json.Unmarshal(body, &job)
	for deadline := time.Now().Add(60 * time.Second); !job.Finished; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("import did not finish: %+v", job.Job)
		}
		_, body = getJSON(t, s.URL+"/api/imports/"+job.Job.ID, wz)
		job = importReply{}
		_ = json.Unmarshal(body, &job)
	}
	if job.Job.Created != 2 || job.Job.Invalid != 2 {
		t.Fatalf("import %+v", job.Job)
	}
	registered := withCheck("33048319900404204")
	if st, body := postJSON(t, s.URL+"/api/register", "", roster.Registration{IDNumber: registered, Name: "注册人", Mobile: "13955556666",
		Password: "Passw0rd1", Village: "WZ01"}); st != 201 {
		t.Fatalf("register: %d %s", st, body)
	}
	created := withCheck("33048319910505205")
	if st, body := postJSON(t, s.URL+"/api/persons", wz, roster.PersonInput{Name: "新建人", IDNumber: created, Town: "WZ", Village: "WZ01",
		Groups: []string{"企业职工"}, Education: "本科", Employment: "在职"}); st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	// The numbers are there to find: by the lookup, and whole by the
	// audited reveal.
	var page struct {
		Items []roster.Person `json:"items"`
	}
	_, body = getJSON(t, s.URL+"/api/persons?idNumber="+created, wz)
	if _ = json.Unmarshal(body, &page); len(page.Items) != 1 {
		t.Fatalf("search by the whole number: %s", body)
	}
	if st, body := postJSON(t, s.URL+"/api/persons/"+page.Items[0].ID+"/reveal", wz, nil); st != 200 || !strings.Contains(string(body), created) {
		t.Fatalf("reveal: %d %s", st, body)
	}

	scan := func(when string) {
		t.Helper()
		files := 0
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			if d.IsDir() {
				if info.Mode().Perm() != 0o700 {
					t.Errorf("%s: directory %s has mode %v, want 0700", when, path, info.Mode().Perm())
				}
				return nil
			}
			if info.Mode().Perm() != 0o600 {
				t.Errorf("%s: file %s has mode %v, want 0600", when, path, info.Mode().Perm())
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			if found := validIDNumbersIn(data); len(found) > 0 {
				t.Errorf("%s: %s (%d bytes) holds %d ID numbers, e.g. %s", when, filepath.Base(path), len(data), len(found), found[0][:6]+"…")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if files < 2 {
			t.Fatalf("%s: only %d files under the data directory", when, files)
		}
	}
	scan("running")
	s.Stop(t)
	scan("stopped")
	if _, err := os.Stat(filepath.Join(dir, idcrypt.KeyFile)); err != nil {
		t.Errorf("no key file: %v", err)
	}
}
