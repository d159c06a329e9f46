package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
	"skillcert/certificates"
	"skillcert/courses"
	"skillcert/demo"
	"skillcert/platform"
	"skillcert/roster"
	"skillcert/store"
)

// BenchmarkScale builds the embedded engine's data set at several sizes
// and times the main pages and API calls of the daily work at each: the
// median and 95th percentile of scaleReps requests, and the ratio of each
// median to the smallest size's, measured in the same run. It also times
// a restart on the built directory, with and without the read path's
// indexes to create.
//
// The build of 200,000 people takes many minutes, so the benchmark runs
// only when SKILLCERT_SCALE lists the sizes (people in the register):
//
//	SKILLCERT_SCALE=1000,20000,200000 go test ./server -run '^$' -bench BenchmarkScale -benchtime 1x -timeout 3h
//
// SKILLCERT_SCALE_OUT names a file for the Markdown table;
// SKILLCERT_SCALE_DIR keeps the built directories (later runs only time);
// SKILLCERT_SCALE_NO_UPGRADE skips removing the read path's indexes
// before the first restart; SKILLCERT_SCALE_START_ONLY stops after timing
// that first restart (the background index build is not waited for).
func BenchmarkScale(b *testing.B) {
	spec := os.Getenv("SKILLCERT_SCALE")
	if spec == "" {
		b.Skip("set SKILLCERT_SCALE=1000,20000,200000 to build and time the data set")
	}
	var sizes []int
	for _, f := range strings.Split(spec, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 100 {
			b.Fatalf("SKILLCERT_SCALE: %q is not a size of at least 100", f)
		}
		sizes = append(sizes, n)
	}
	var results []scaleResult
	for _, n := range sizes {
		results = append(results, runScale(b, n))
	}
	table := scaleTable(results)
	fmt.Println(table)
	if out := os.Getenv("SKILLCERT_SCALE_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// scaleReps is how many times each path is timed, after two warm-ups.
const scaleReps = 20

type scaleTiming struct {
	Name          string
	Median, P95   time.Duration
	Status, Items int
}

type scaleResult struct {
	People                                         int
	Counts                                         map[string]int64
	Build, FirstStart, Restart, IndexBuild         time.Duration
	FileBytes                                      int64
	Timings                                        []scaleTiming
	SQLReads, EngineReads                          int64
	LoadAverage                                    string
	Persons, Courses, Enrollments, Audit, Certific int
}

// scaleData is the generated data set's size for a register of n people:
// a year of courses (one per 200 people), 2.5 enrollments per person, an
// audit record per person and per enrollment, a certificate per four
// people.
type scaleData struct {
	people, courses, enrollments, audit, certificates int
}

func scaleOf(n int) scaleData {
	return scaleData{people: n, courses: max(5, n/200), enrollments: n * 5 / 2, audit: n + n*5/2, certificates: n / 4}
}

func runScale(b *testing.B, n int) scaleResult {
	ctx := context.Background()
	dir := b.TempDir()
	keep := os.Getenv("SKILLCERT_SCALE_DIR") // build once, time again later
	if keep != "" {
		dir = filepath.Join(keep, strconv.Itoa(n))
		if err := os.MkdirAll(dir, 0o750); err != nil {
			b.Fatal(err)
		}
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := testConfig()
	cfg.DataDir = dir
	cfg.Database = "scale"
	// The ID key the directory's people are sealed under is kept with it
	// (testConfig makes a new one each run). A directory without a kept
	// key gets its fixture person sealed again under this run's key (the
	// only record a timed path opens) before the key is kept.
	keyFile := filepath.Join(dir, "bench-idkey")
	keyKept := false
	if k, err := os.ReadFile(keyFile); err == nil {
		cfg.IDKey, keyKept = strings.TrimSpace(string(k)), true
	}
	open := func() (*App, time.Duration) {
		start := time.Now()
		db, err := store.Open(ctx, store.Config{Database: cfg.Database, DataDir: dir, Logger: quiet, ConnectTimeout: 20 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		app, err := newAppWithDB(ctx, cfg, quiet, db)
		if err != nil {
			b.Fatal(err)
		}
		logRecords(ctx, quiet, db)
		return app, time.Since(start)
	}
	app, _ := open()
	sd := scaleOf(n)
	res := scaleResult{People: n, Persons: sd.people, Courses: sd.courses,
		Enrollments: sd.enrollments, Audit: sd.audit, Certific: sd.certificates}
	var fx scaleFixture
	saved := filepath.Join(dir, "fixture.json")
	if data, err := os.ReadFile(saved); err == nil {
		if err := json.Unmarshal(data, &fx); err != nil {
			b.Fatal(err)
		}
		res.Build = fx.Build
	} else {
		if err := demo.Load(ctx, app.Services, testDemoPassword); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		fx = buildScale(b, app, sd)
		fx.Build = time.Since(start)
		res.Build = fx.Build
		data, _ := json.Marshal(fx)
		if err := os.WriteFile(saved, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	fmt.Fprintf(os.Stderr, "scale %d: built in %s\n", n, res.Build.Round(time.Second))
	if !keyKept {
		// Built now or before the key was kept: seal the fixture person
		// under this run's key (for a directory built now, the same
		// number under the same key), then keep the key.
		resealPerson(b, app, fx.TownPerson)
		if err := os.WriteFile(keyFile, []byte(cfg.IDKey), 0o600); err != nil {
			b.Fatal(err)
		}
	}

	// Restart as an upgrade would: the read path's indexes dropped, then
	// created by the first start; then a plain restart.
	if os.Getenv("SKILLCERT_SCALE_NO_UPGRADE") == "" {
		if err := app.DB.DropReadPathIndexes(ctx); err != nil {
			b.Fatal(err)
		}
	}
	_ = app.DB.Close(ctx)
	app, res.FirstStart = open()
	if os.Getenv("SKILLCERT_SCALE_START_ONLY") != "" {
		var la []byte
		la, _ = os.ReadFile("/proc/loadavg")
		fmt.Fprintf(os.Stderr, "scale %d: first start (serving) %s; load average %s", n, res.FirstStart.Round(time.Millisecond), la)
		_ = app.DB.Close(ctx)
		b.SkipNow()
	}
	// On a large directory the indexes are built in the background after
	// start-up: the time until every table's reads are back on SQL.
	buildStart := time.Now()
	if ready, err := app.DB.WaitReadPath(ctx); err != nil || !ready {
		b.Fatalf("read path indexes: ready %v, %v", ready, err)
	}
	res.IndexBuild = time.Since(buildStart)
	_ = app.DB.Close(ctx)
	app, res.Restart = open()
	defer app.DB.Close(ctx)

	st, err := app.DB.Status(ctx)
	if err != nil {
		b.Fatal(err)
	}
	res.FileBytes = st.FileBytes
	res.Counts = map[string]int64{}
	for _, c := range st.Collections {
		res.Counts[c.Name] = c.Records
	}

	tok := func(user string) string {
		acc, err := app.Auth.FindAccountByUsername(ctx, user)
		if err != nil {
			b.Fatal(err)
		}
		s, err := app.Auth.OpenSession(ctx, acc.ID)
		if err != nil {
			b.Fatal(err)
		}
		return s.Token
	}
	admin, staff, trainee, auditor := tok("admin"), tok("wz_staff"), tok("trainee"), tok("auditor")
	sql0, eng0 := app.DB.ReadPathCounts()
	paths := []struct{ name, path, token string }{
		{"register page 1, city (GET /api/persons)", "/api/persons", admin},
		{"register page 1, town (GET /api/persons)", "/api/persons", staff},
		{"register page 50, town", "/api/persons?page=50", staff},
		{"search by name prefix, town (?name=张)", "/api/persons?name=" + url.QueryEscape("张"), staff},
		{"search by name prefix, city (?name=王明)", "/api/persons?name=" + url.QueryEscape("王明"), admin},
		{"filter by group, town (?group=…)", "/api/persons?group=employment_difficulty", staff},
		{"filter by group, city (?group=…)", "/api/persons?group=landless_farmer", admin},
		{"person detail (GET /api/persons/:id)", "/api/persons/" + fx.TownPerson, staff},
		{"course catalog (GET /api/catalog)", "/api/catalog", ""},
		{"course list, town (GET /api/courses)", "/api/courses", staff},
		{"my courses (GET /api/my/courses)", "/api/my/courses", trainee},
		{"enrollment list (GET /api/courses/:id/enrollments)", "/api/courses/" + fx.BigCourse + "/enrollments", admin},
		{"audit list (GET /api/audit)", "/api/audit", auditor},
		{"audit by actor (GET /api/audit?actorId=…)", "/api/audit?actorId=" + fx.Actor, auditor},
		{"my certificates (GET /api/my/certificates)", "/api/my/certificates", trainee},
		{"course certificates (GET /api/courses/:id/certificates)", "/api/courses/" + fx.BigCourse + "/certificates", admin},
	}
	if prof := os.Getenv("SKILLCERT_SCALE_PROFILE"); prof != "" {
		f, err := os.Create(fmt.Sprintf("%s.%d", prof, n))
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer func() { pprof.StopCPUProfile(); _ = f.Close() }()
	}
	for _, p := range paths {
		res.Timings = append(res.Timings, timePath(b, app, p.name, p.path, p.token))
	}
	sql1, eng1 := app.DB.ReadPathCounts()
	res.SQLReads, res.EngineReads = sql1-sql0, eng1-eng0
	if la, err := os.ReadFile("/proc/loadavg"); err == nil {
		res.LoadAverage = strings.Join(strings.Fields(string(la))[:3], " ")
	}
	return res
}

func timePath(b *testing.B, app *App, name, path, token string) scaleTiming {
	var ds []time.Duration
	t := scaleTiming{Name: name}
	for i := 0; i < scaleReps+2; i++ {
		req := httptest.NewRequest("GET", path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		start := time.Now()
		res, err := app.fiber.Test(req, -1)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		d := time.Since(start)
		t.Status = res.StatusCode
		if res.StatusCode != 200 {
			b.Fatalf("%s: status %d: %.300s", path, res.StatusCode, body)
		}
		t.Items = strings.Count(string(body), `"id":`)
		if i >= 2 {
			ds = append(ds, d)
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	t.Median = ds[len(ds)/2]
	t.P95 = ds[(len(ds)*95+99)/100-1]
	return t
}

// scaleFixture names the records the timed paths read.
type scaleFixture struct {
	TownPerson, BigCourse, Actor string
	Build                        time.Duration
}

// buildScale writes the data set in bulk: the documents the services
// would write (without their checks), straight into the embedded engine's
// tables in its storage format (store.BulkLoadEmbedded), 5,000 at a time.
func buildScale(b *testing.B, app *App, sd scaleData) scaleFixture {
	ctx := context.Background()
	r := rand.New(rand.NewSource(int64(sd.people)))
	db := app.DB
	now := time.Now().UTC().Truncate(time.Millisecond)
	var fx scaleFixture
	ids, err := platform.LoadIDKeys(app.cfg.IDKey, app.cfg.IDKeysOld, app.cfg.DataDir, true)
	if err != nil {
		b.Fatal(err)
	}

	// People, spread over the real towns and their villages.
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given := []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华文辉玉兰红梅鹏飞俊峰晓东海燕志勇国强丹萍宇浩然欣怡子轩雨涵梓涵一诺浩宇")
	groups := []roster.TargetGroup{roster.GroupEnterpriseWorker, roster.GroupLandlessFarmer, roster.GroupZeroEmployment,
		roster.GroupRuralLowIncome, roster.GroupEmploymentDifficult, roster.GroupEnterpriseRetiree}
	edus := []roster.Education{roster.EduPrimary, roster.EduJuniorHigh, roster.EduSeniorHigh, roster.EduCollege, roster.EduBachelor}
	towns := app.Orgs.Towns()
	type who struct{ id, name, masked, town, village string }
	people := make([]who, 0, sd.people)
	batch := make([]any, 0, 5000)
	flush := func(coll string) {
		if len(batch) == 0 {
			return
		}
		if err := db.BulkLoadEmbedded(ctx, coll, batch); err != nil {
			b.Fatalf("insert into %s: %v", coll, err)
		}
		batch = batch[:0]
	}
	add := func(coll string, doc any) {
		batch = append(batch, doc)
		if len(batch) == cap(batch) {
			flush(coll)
		}
	}
	for i := 0; i < sd.people; i++ {
		town := towns[r.Intn(len(towns))]
		if i%10 == 0 {
			town, _ = app.Orgs.Unit("WZ")
		}
		vs := app.Orgs.Villages(town.Code)
		village := vs[r.Intn(len(vs))].Code
		birth := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/900)
		first17 := fmt.Sprintf("330401%s%03d", birth.Format("20060102"), i%900+100) // an address code the demo data does not use
		idn := first17 + string(roster.IDCheckChar(first17))
		name := string(surnames[r.Intn(len(surnames))]) + string(given[r.Intn(len(given))])
		if r.Intn(2) == 0 {
			name += string(given[r.Intn(len(given))])
		}
		g := []roster.TargetGroup{groups[r.Intn(len(groups))]}
		if r.Intn(4) == 0 {
			g = append(g, groups[r.Intn(len(groups))])
		}
		gender := roster.GenderMale
		if (i%900+100)%2 == 0 {
			gender = roster.GenderFemale
		}
		p := roster.Person{ID: skillcert.NewID(), Name: name, IDSealed: ids.Seal(idn), IDHash: ids.Hash(idn), IDMasked: skillcert.MaskIDNumber(idn), IDSuffix: idn[14:],
			BirthDate: skillcert.NewDate(birth.Year(), birth.Month(), birth.Day()), Gender: gender, Town: town.Code, Village: village, Groups: g,
			Education: edus[r.Intn(len(edus))], Employment: roster.EmployedStatus, Status: roster.PersonActive,
			CreatedAt: now, UpdatedAt: now}
		add(store.CollPersons, p)
		people = append(people, who{p.ID, p.Name, p.IDMasked, p.Town, p.Village})
		if town.Code == "WZ" && fx.TownPerson == "" {
			fx.TownPerson = p.ID
		}
	}
	flush(store.CollPersons)

	// A year of courses, cloned from the demo courses.
	var templates []bson.D
	if err := db.Collection(store.CollCourses).Find(ctx, bson.D{}, &templates, options.Find().SetSort(bson.D{{Key: "enrollOpens", Value: -1}})); err != nil {
		b.Fatal(err)
	}
	courseIDs := make([]string, 0, sd.courses)
	courseTown := map[string]string{}
	for i := 0; i < sd.courses; i++ {
		doc := append(bson.D{}, templates[i%len(templates)]...)
		id := skillcert.NewID()
		town := towns[r.Intn(len(towns))].Code
		opens := now.AddDate(0, 0, -r.Intn(365))
		set := map[string]any{"_id": id, "title": fmt.Sprintf("规模测试培训班 %d", i+1), "town": town, "status": "published",
			"enrollOpens": opens, "enrollCloses": opens.AddDate(0, 1, 0), "capacity": 10000, "enrolled": 0, "waiting": 0}
		for j := range doc {
			if v, ok := set[doc[j].Key]; ok {
				doc[j].Value = v
			}
		}
		add(store.CollCourses, doc)
		courseIDs = append(courseIDs, id)
		courseTown[id] = town
	}
	flush(store.CollCourses)
	fx.BigCourse = courseIDs[0]

	// Enrollments, and each person's course index; the demo trainee gets a
	// few; the first course gets 300.
	traineeAcc, err := app.Auth.FindAccountByUsername(ctx, "trainee")
	if err != nil {
		b.Fatal(err)
	}
	byPerson := map[int]map[string]bool{}
	pick := func(k int) (int, string) {
		switch {
		case k < 300:
			return r.Intn(len(people)), courseIDs[0]
		default:
			return r.Intn(len(people)), courseIDs[r.Intn(len(courseIDs))]
		}
	}
	type pair struct {
		person int
		course string
	}
	var pairs []pair
	for k := 0; len(pairs) < sd.enrollments && k < sd.enrollments*2; k++ {
		pi, c := pick(len(pairs))
		if byPerson[pi][c] {
			continue
		}
		if byPerson[pi] == nil {
			byPerson[pi] = map[string]bool{}
		}
		byPerson[pi][c] = true
		pairs = append(pairs, pair{pi, c})
	}
	enroll := func(pid, name, masked, town, village, course string, at time.Time) courses.Enrollment {
		return courses.Enrollment{ID: courses.EnrollmentID(course, pid), CourseID: course, PersonID: pid, Name: name, IDMasked: masked,
			Town: town, Village: village, Status: courses.EnrollmentEnrolled, Attempt: skillcert.NewID(), Source: courses.SourceStaff,
			EnrolledBy: "system", CreatedAt: at, UpdatedAt: at, EnrolledAt: at}
	}
	for k, p := range pairs {
		w := people[p.person]
		at := now.Add(-time.Duration(k) * time.Second)
		add(store.CollEnrollments, enroll(w.id, w.name, w.masked, w.town, w.village, p.course, at))
	}
	var traineeCourses []string
	for k := 0; k < 5 && k < len(courseIDs); k++ {
		c := courseIDs[len(courseIDs)-1-k]
		traineeCourses = append(traineeCourses, c)
		add(store.CollEnrollments, enroll(traineeAcc.PersonID, "李学员", "330483********1028", "WZ", "WZ01", c, now.Add(-time.Duration(k)*time.Hour)))
	}
	flush(store.CollEnrollments)
	for pi, set := range byPerson {
		ids := make([]string, 0, len(set))
		for c := range set {
			ids = append(ids, c)
		}
		sort.Strings(ids)
		add(store.CollPersonCourses, bson.D{{Key: "_id", Value: people[pi].id}, {Key: "courseIds", Value: ids}, {Key: "updatedAt", Value: now}})
	}
	flush(store.CollPersonCourses)
	if _, err := db.Collection(store.CollPersonCourses).UpdateOne(ctx, bson.D{{Key: "_id", Value: traineeAcc.PersonID}},
		bson.D{{Key: "$addToSet", Value: bson.D{{Key: "courseIds", Value: bson.D{{Key: "$each", Value: traineeCourses}}}}}},
		options.UpdateOne().SetUpsert(true)); err != nil {
		b.Fatal(err)
	}

	// Certificates: for enrollments of the first course first, then others;
	// three for the demo trainee.
	cert := func(k int, pid, name, masked, town, course string, issued time.Time) certificates.Certificate {
		id := skillcert.NewID()
		return certificates.Certificate{ID: id, Number: fmt.Sprintf("TX%d%07d", issued.Year(), k), Token: skillcert.NewID() + skillcert.NewID(),
			Slot: courses.EnrollmentID(course, pid), Status: certificates.StatusValid, EnrollmentID: courses.EnrollmentID(course, pid),
			PersonID: pid, CourseID: course, HolderName: name, Gender: "male", IDMasked: masked, HolderTown: town,
			Kind: certificates.KindVocational, CourseTitle: "规模测试培训班", ClassHours: 24, CourseStart: skillcert.DateOf(issued.AddDate(0, -1, 0)),
			CourseEnd: skillcert.DateOf(issued), Town: courseTown[course], Issuer: "桐乡市人力资源和社会保障局", IssueDate: skillcert.DateOf(issued),
			ValidUntil: skillcert.DateOf(issued.AddDate(3, 0, 0)), IssuedBy: "system", CreatedAt: issued}
	}
	for k := 0; k < sd.certificates && k < len(pairs); k++ {
		p := pairs[k]
		w := people[p.person]
		add(store.CollCertificates, cert(k, w.id, w.name, w.masked, w.town, p.course, now.AddDate(0, 0, -r.Intn(700))))
	}
	for k, c := range traineeCourses[:3] {
		add(store.CollCertificates, cert(sd.certificates+k+1, traineeAcc.PersonID, "李学员", "330483********1028", "WZ", c, now.AddDate(0, 0, -k)))
	}
	flush(store.CollCertificates)

	// The audit trail: who created each person and made each enrollment.
	// The entries are numbered after the chain's head (seq is unique) but
	// not hashed: the benchmark times reads, not the chain's verification.
	actors := []string{skillcert.NewID(), skillcert.NewID(), skillcert.NewID(), skillcert.NewID()}
	fx.Actor = actors[1]
	var chainHead struct {
		Seq int64 `bson:"seq"`
	}
	if err := db.Collection(store.CollCounters).FindOne(ctx, bson.D{{Key: "_id", Value: "audit-chain"}}, &chainHead); err != nil && !store.IsNotFound(err) {
		b.Fatal(err)
	}
	for k := 0; k < sd.audit; k++ {
		e := audit.Entry{ID: skillcert.NewID(), Seq: chainHead.Seq + 1 + int64(k), At: now.Add(-time.Duration(sd.audit-k) * time.Second), ActorID: actors[r.Intn(len(actors))],
			ActorName: "规模测试", Role: "town_staff", Town: "WZ", IP: "127.0.0.1", Action: "person.create", TargetType: "person",
			TargetID: people[k%len(people)].id, Result: "ok", Detail: "规模测试数据"}
		if k >= sd.people {
			e.Action, e.TargetType = "course.enroll", "enrollment"
		}
		add(store.CollAudit, e)
	}
	flush(store.CollAudit)
	if _, err := db.Collection(store.CollCounters).UpdateOne(ctx, bson.D{{Key: "_id", Value: "audit-chain"}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "seq", Value: chainHead.Seq + int64(sd.audit)}}}}, options.UpdateOne().SetUpsert(true)); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	return fx
}

func scaleTable(rs []scaleResult) string {
	var s strings.Builder
	fmt.Fprintf(&s, "| path |")
	for _, r := range rs {
		fmt.Fprintf(&s, " %d people: median / p95 ms (ids in the answer) |", r.People)
	}
	for _, r := range rs[1:] {
		fmt.Fprintf(&s, " %d ÷ %d |", r.People, rs[0].People)
	}
	s.WriteString("\n|---|")
	for range rs {
		s.WriteString("---|")
	}
	for range rs[1:] {
		s.WriteString("---|")
	}
	s.WriteString("\n")
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	for i, t := range rs[0].Timings {
		fmt.Fprintf(&s, "| %s |", t.Name)
		for _, r := range rs {
			fmt.Fprintf(&s, " %s / %s (%d) |", ms(r.Timings[i].Median), ms(r.Timings[i].P95), r.Timings[i].Items)
		}
		for _, r := range rs[1:] {
			fmt.Fprintf(&s, " %.2f× |", float64(r.Timings[i].Median)/float64(rs[0].Timings[i].Median))
		}
		s.WriteString("\n")
	}
	s.WriteString("\n| data set | ")
	for _, r := range rs {
		fmt.Fprintf(&s, "%d people |", r.People)
	}
	s.WriteString("\n|---|")
	for range rs {
		s.WriteString("---|")
	}
	s.WriteString("\n")
	row := func(name string, f func(r scaleResult) string) {
		fmt.Fprintf(&s, "| %s |", name)
		for _, r := range rs {
			fmt.Fprintf(&s, " %s |", f(r))
		}
		s.WriteString("\n")
	}
	for _, c := range []string{store.CollPersons, store.CollCourses, store.CollEnrollments, store.CollPersonCourses, store.CollCertificates, store.CollAudit} {
		row(c+" records", func(r scaleResult) string { return strconv.FormatInt(r.Counts[c], 10) })
	}
	row("database file", func(r scaleResult) string { return humanBytes(r.FileBytes) })
	row("bulk build", func(r scaleResult) string { return r.Build.Round(time.Second).String() })
	first := "first start after an upgrade (serving)"
	if os.Getenv("SKILLCERT_SCALE_NO_UPGRADE") != "" {
		first = "first start, read path's indexes kept (serving)"
	}
	row(first, func(r scaleResult) string { return r.FirstStart.Round(time.Millisecond).String() })
	row("then building the read path's indexes (background above 64 MiB)", func(r scaleResult) string { return r.IndexBuild.Round(time.Millisecond).String() })
	row("restart (indexes present)", func(r scaleResult) string { return r.Restart.Round(time.Millisecond).String() })
	row("reads by SQL / left to the engine while timing", func(r scaleResult) string { return fmt.Sprintf("%d / %d", r.SQLReads, r.EngineReads) })
	row("load average after timing", func(r scaleResult) string { return r.LoadAverage })
	return s.String()
}

// resealPerson seals a bulk-built person's ID number again under the
// app's key: the number is the one buildScale made, "330401", the birth
// date and the stored suffix.
func resealPerson(b *testing.B, app *App, id string) {
	ctx := context.Background()
	var p roster.Person
	if err := app.DB.Collection(store.CollPersons).FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &p); err != nil {
		b.Fatal(err)
	}
	idn := "330401" + strings.ReplaceAll(p.BirthDate.String(), "-", "") + p.IDSuffix
	if len(idn) != 18 || !strings.HasSuffix(idn[:17], idn[14:17]) {
		b.Fatalf("cannot rebuild the ID number of %s", id)
	}
	ids, err := platform.LoadIDKeys(app.cfg.IDKey, app.cfg.IDKeysOld, app.cfg.DataDir, true)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := app.DB.Collection(store.CollPersons).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "idSealed", Value: ids.Seal(idn)}, {Key: "idHash", Value: ids.Hash(idn)}}}}); err != nil {
		b.Fatal(err)
	}
}
