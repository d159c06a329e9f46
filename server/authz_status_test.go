package main

import (
	"context"
	"strings"
	"testing"

	"skillcert/store"
)

func init() { addAuthzCases(statusAuthzCases) }

// The database status is the city administrator's alone.
var statusAuthzCases = map[string]authzCase{
	"GET /api/status": {Build: fixed("/api/status", nil), OK: 200},
	"GET /status":     {Build: fixed("/status", nil), OK: 200},
}

// The status shows the engine and every collection's record count, as
// the database holds them.
func TestStatusShowsEngineAndRecordCounts(t *testing.T) {
	ta := newTestApp(t)
	res := ta.request("GET", "/api/status", nil, ta.token("admin"))
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	var st store.Status
	res.json(t, &st)
	if st.Embedded != ta.app.DB.Embedded() || st.Engine == "" || len(st.Collections) != len(store.AllCollections) {
		t.Fatalf("status %+v", st)
	}
	counts := map[string]int64{}
	for _, c := range st.Collections {
		counts[c.Name] = c.Records
	}
	// The engine's own count, without the SQL read path.
	ta.app.DB.SetReadAcceleration(false)
	people, err := ta.app.DB.Collection(store.CollPersons).Count(context.Background(), nil)
	ta.app.DB.SetReadAcceleration(true)
	if err != nil {
		t.Fatal(err)
	}
	if counts[store.CollPersons] == 0 || counts[store.CollPersons] != people {
		t.Fatalf("persons: status says %d, the collection holds %d", counts[store.CollPersons], people)
	}
	if st.Embedded && st.FileBytes == 0 {
		t.Fatal("embedded engine without a file size")
	}
	page := ta.request("GET", "/status", nil, ta.token("admin"))
	if page.Status != 200 || !strings.Contains(string(page.Body), "数据库引擎") || !strings.Contains(string(page.Body), "人员登记") {
		t.Fatalf("page %d: %s", page.Status, trim(page.Body))
	}
}
