package main

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"skillcert/store"
)

// TestHotPathsAreServedByTheSQLReadPath requests the main pages and API
// calls of the daily work (those of BenchmarkScale) on the embedded engine
// and fails if any of their reads of a growing collection is left to the
// engine, which decodes the whole collection for it: each such read must
// be answered by the SQL read path or be an exact _id lookup. The shapes
// each path issued, and how they were served, are logged (go test -v).
func TestHotPathsAreServedByTheSQLReadPath(t *testing.T) {
	ta := newTestApp(t)
	db := ta.app.DB
	if !db.Embedded() {
		t.Skip("the SQL read path exists only on the embedded engine")
	}
	admin, staff, trainee, auditor := ta.token("admin"), ta.token("wz_staff"), ta.token("trainee"), ta.token("auditor")

	var list struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	ta.request("GET", "/api/persons", nil, staff).json(t, &list)
	if len(list.Items) == 0 {
		t.Fatal("no person in the demo town")
	}
	person := list.Items[0].ID
	ta.request("GET", "/api/catalog", nil, "").json(t, &list)
	if len(list.Items) == 0 {
		t.Fatal("no course in the catalog")
	}
	course := list.Items[0].ID

	paths := []struct{ path, token string }{
		{"/api/persons", admin}, {"/api/persons", staff}, {"/api/persons?page=3", staff},
		{"/api/persons?name=" + url.QueryEscape("张"), staff}, {"/api/persons?name=" + url.QueryEscape("王"), admin},
		{"/api/persons?group=employment_difficulty", staff}, {"/api/persons?group=landless_farmer", admin},
		{"/api/persons?education=college&status=active", admin}, {"/api/persons?idNumber=1028", staff},
		{"/api/persons/" + person, staff},
		{"/api/catalog", ""}, {"/api/courses", staff}, {"/api/courses", admin}, {"/api/courses/" + course, trainee},
		{"/api/my/courses", trainee}, {"/api/courses/" + course + "/enrollments", admin},
		{"/api/courses/" + course + "/enrollments?status=enrolled", staff},
		{"/api/audit", auditor}, {"/api/audit?action=person.create", auditor},
		{"/api/my/certificates", trainee}, {"/api/courses/" + course + "/certificates", admin},
		{"/api/expiring-certificates", admin}, {"/api/my/messages", trainee},
		{"/api/accounts", admin}, {"/api/accounts", staff},
		{"/persons", staff}, {"/", admin}, {"/", staff}, {"/", trainee}, {"/courses", trainee}, {"/my/courses", trainee}, {"/audit", auditor}, {"/certificates", admin},
	}
	var bad []string
	for _, p := range paths {
		_, eng0 := db.ReadPathCounts()
		before := shapeSnapshot()
		res := ta.request("GET", p.path, nil, p.token)
		if res.Status >= 400 {
			t.Fatalf("%s: status %d: %s", p.path, res.Status, trim(res.Body))
		}
		_, eng1 := db.ReadPathCounts()
		var lines []string
		for k, vias := range store.ShapeVias() {
			if before[k] != strings.Join(vias, ",") {
				lines = append(lines, k+" via "+strings.Join(vias, ","))
			}
		}
		sort.Strings(lines)
		t.Logf("%s: %s", p.path, strings.Join(lines, "; "))
		if eng1 != eng0 {
			bad = append(bad, fmt.Sprintf("%s: %d reads left to the engine (%s)", p.path, eng1-eng0, strings.Join(lines, "; ")))
		}
	}
	if len(bad) > 0 {
		t.Fatalf("hot paths whose reads the engine answers by decoding the collection:\n%s", strings.Join(bad, "\n"))
	}
}

func shapeSnapshot() map[string]string {
	out := map[string]string{}
	for k, v := range store.ShapeVias() {
		out[k] = strings.Join(v, ",")
	}
	return out
}
