package platform_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"skillcert"
	"skillcert/orgs"
	"skillcert/platform"
	"skillcert/reports"
	"skillcert/store"
	"skillcert/store/storetest"
)

// The coverage page at city size (issue 10): a generated year of about
// 50,000 people in the register, 100,000 enrollments and 600,000
// attendance marks, written in bulk straight into the collections, then
// the summaries rebuilt from them and the city page read. The city page
// must answer in about the same time at full size as at a tenth of it.
//
// Sizes: 1/100 and 1/10 by default; set SKILLCERT_BENCH_FULL=1 to add the
// full size (takes minutes):
//
//	SKILLCERT_BENCH_FULL=1 go test ./platform -run '^$' -bench CoverageCityPage -benchtime 20x -timeout 60m

type benchCity struct {
	svc      *reports.Service
	rebuild  time.Duration
	people   int
	generate time.Duration
}

var (
	benchMu     sync.Mutex
	benchCities = map[int]*benchCity{}
)

func benchSizes() []int {
	sizes := []int{500, 5000}
	if os.Getenv("SKILLCERT_BENCH_FULL") != "" {
		sizes = append(sizes, 50000)
	}
	return sizes
}

func BenchmarkCoverageCityPage(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("people=%d", n), func(b *testing.B) {
			c := benchCityOf(b, n)
			ctx := context.Background()
			admin := &skillcert.Actor{AccountID: "bench", Role: skillcert.RoleCityAdmin}
			per := reports.YearPeriod(2026)
			b.ResetTimer()
			cpu0 := processCPU(b)
			for b.Loop() {
				r, err := c.svc.Coverage(ctx, admin, "city", per, 0)
				if err != nil {
					b.Fatal(err)
				}
				if r.Unit.Registered["all"] == 0 {
					b.Fatal("empty city")
				}
			}
			// The CPU time of the whole process (the embedded engine runs
			// in it) per page view: steadier than ns/op when other
			// processes share the cores.
			b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(c.rebuild.Seconds(), "rebuild-s")
			b.ReportMetric(c.generate.Seconds(), "generate-s")
		})
	}
}

// processCPU is the user and system CPU time the process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchCityOfT builds a small city for a test.
func benchCityOfT(t *testing.T, n int) *reports.Service {
	ctx := context.Background()
	db := storetest.Open(t)
	tree, err := orgs.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	generateCity(t, db, tree, n)
	svc := reports.NewService(db, tree, platform.ReportSourceOf(db))
	if err := svc.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	return svc
}

func benchCityOf(b *testing.B, n int) *benchCity {
	benchMu.Lock()
	defer benchMu.Unlock()
	if c, ok := benchCities[n]; ok {
		return c
	}
	ctx := context.Background()
	db := storetest.Open(b)
	tree, err := orgs.Load(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	generateCity(b, db, tree, n)
	gen := time.Since(start)
	svc := reports.NewService(db, tree, platform.ReportSourceOf(db))
	start = time.Now()
	if err := svc.Rebuild(ctx); err != nil {
		b.Fatal(err)
	}
	c := &benchCity{svc: svc, rebuild: time.Since(start), people: n, generate: gen}
	benchCities[n] = c
	return c
}

// generateCity writes n people, 2n enrollments (in n/25 courses), 12n
// attendance marks and a certificate for a third of the completions.
func generateCity(b testing.TB, db *store.DB, tree *orgs.Tree, n int) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(uint64(n), 1))
	var villages []orgs.Unit
	for _, t := range tree.Towns() {
		villages = append(villages, tree.Villages(t.Code)...)
	}
	groups := []string{"enterprise_worker", "landless_farmer", "employment_difficulty", "rural_low_income", "platform_staff"}
	types := []string{"vocational", "job_post", "entrepreneurship"}
	day := func(y int) time.Time {
		return time.Date(y, time.Month(1+r.IntN(12)), 1+r.IntN(28), 8+r.IntN(10), r.IntN(60), 0, 0, skillcert.CST).UTC()
	}
	insert := func(coll string, docs []any) {
		c := db.Collection(coll)
		for i := 0; i < len(docs); i += 1000 {
			if _, err := c.InsertMany(ctx, docs[i:min(i+1000, len(docs))]); err != nil {
				b.Fatal(err)
			}
		}
	}
	var persons []any
	for i := range n {
		v := villages[r.IntN(len(villages))]
		persons = append(persons, map[string]any{"_id": fmt.Sprintf("p%07d", i), "name": fmt.Sprintf("人员%d", i),
			"idMasked": "330483********" + fmt.Sprintf("%04d", i%10000), "town": v.Parent, "village": v.Code,
			"groups": []string{groups[r.IntN(len(groups))]}, "status": "active", "createdAt": day(2020 + r.IntN(6))})
	}
	insert(store.CollPersons, persons)
	persons = nil
	nCourses := max(n/25, 4)
	var courseDocs []any
	for i := range nCourses {
		courseDocs = append(courseDocs, map[string]any{"_id": fmt.Sprintf("c%05d", i), "type": types[i%3], "status": "completed",
			"town": tree.Towns()[i%len(tree.Towns())].Code})
	}
	insert(store.CollCourses, courseDocs)
	var enrollments, marks, certs []any
	flush := func(force bool) {
		if force || len(marks) >= 60000 {
			insert(store.CollEnrollments, enrollments)
			insert(store.CollAttendance, marks)
			insert(store.CollCertificates, certs)
			enrollments, marks, certs = enrollments[:0], marks[:0], certs[:0]
		}
	}
	for i := range 2 * n {
		person := fmt.Sprintf("p%07d", r.IntN(n))
		course := fmt.Sprintf("c%05d", i%nCourses)
		enrolled := day(2025 + r.IntN(2))
		attended := 3 + r.IntN(4)
		completed := attended >= 5
		enrollments = append(enrollments, map[string]any{"_id": course + ":" + person + fmt.Sprint(i), "courseId": course,
			"personId": person, "status": "enrolled", "enrolledAt": enrolled,
			"completion":  map[string]any{"completed": completed, "attended": attended, "required": 6},
			"evaluatedAt": enrolled.Add(30 * 24 * time.Hour)})
		for s := range 6 {
			mark := "present"
			if s >= attended {
				mark = "absent"
			}
			marks = append(marks, map[string]any{"_id": fmt.Sprintf("s%05d-%d:%s:%d", i%nCourses, s, person, i), "courseId": course,
				"sessionId": fmt.Sprintf("s%05d-%d", i%nCourses, s), "personId": person, "mark": mark})
		}
		if completed && r.IntN(3) == 0 {
			certs = append(certs, map[string]any{"_id": fmt.Sprintf("x%07d", i), "personId": person, "kind": types[(i%nCourses)%3],
				"status": "valid", "issueDate": enrolled.Add(31 * 24 * time.Hour)})
		}
		flush(false)
	}
	flush(true)
}
