package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"skillcert"
	"skillcert/courses"
	"skillcert/demo"
	"skillcert/roster"
)

// The load command drives a running server with N concurrent clients for
// T seconds — a mixed workload of trainees and staff — and then checks
// the database, through the API, for lost or duplicated writes. It talks
// to loopback addresses only and is bounded in requests and time.
//
//	go run ./server load -target http://127.0.0.1:8080 -clients 100 -duration 60s
//
// It needs the demo accounts (an embedded database with the demo data
// set) and a server that trusts 127.0.0.1 as a proxy
// (SKILLCERT_TRUSTED_PROXIES=127.0.0.1), so that each simulated client
// has its own address (X-Forwarded-For) for the per-address throttles.

const (
	loadMaxClients  = 500
	loadMaxDuration = 10 * time.Minute
)

func cmdLoad(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(out)
	target := fs.String("target", "http://127.0.0.1:8080", "base URL of the server (loopback only)")
	clients := fs.Int("clients", 20, fmt.Sprintf("concurrent clients (at most %d)", loadMaxClients))
	duration := fs.Duration("duration", 30*time.Second, fmt.Sprintf("how long to run (at most %s)", loadMaxDuration))
	maxReq := fs.Int64("max-requests", 1_000_000, "stop after this many requests")
	dataDir := fs.String("data", cmp.Or(strings.TrimSpace(getenv("SKILLCERT_DATA_DIR")), "./data"), "the server's data directory, where the demo accounts' password is kept")
	if err := fs.Parse(args); err != nil {
		return err
	}
	base, err := loopbackTarget(*target)
	if err != nil {
		return err
	}
	if *clients < 1 || *clients > loadMaxClients {
		return fmt.Errorf("load: -clients must be 1 to %d", loadMaxClients)
	}
	if *duration <= 0 || *duration > loadMaxDuration {
		return fmt.Errorf("load: -duration must be positive and at most %s", loadMaxDuration)
	}
	if *maxReq < 1 {
		return errors.New("load: -max-requests must be positive")
	}
	demoPassword := strings.TrimSpace(getenv(demo.PasswordEnv))
	if demoPassword == "" {
		pw, err := demo.ReadPassword(*dataDir)
		if err != nil {
			return fmt.Errorf("load: the demo accounts' password: set %s or give the server's -data directory: %w", demo.PasswordEnv, err)
		}
		demoPassword = pw
	}
	l := &loadRun{base: base, stats: map[string]*endpointStats{}, maxReq: *maxReq,
		demoPassword: demoPassword, password: demo.NewPassword(),
		http: &http.Client{Timeout: 120 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients + 8, MaxConnsPerHost: *clients + 8}}}
	fmt.Fprintf(out, "setting up %d clients against %s …\n", *clients, base)
	setupStart := time.Now()
	if err := l.setup(ctx, *clients); err != nil {
		return fmt.Errorf("load: setup: %w", err)
	}
	fmt.Fprintf(out, "setup done in %s (import, %d registrations, logins, a course with a session open for check-in, %d enrollments)\n",
		time.Since(setupStart).Round(time.Millisecond), *clients, *clients)
	setupStats := l.takeStats()
	l.baseline(ctx, 5)
	baseStats := l.takeStats()

	// Clients stop sending at the end of the duration; requests in flight
	// then finish (bounded by the client timeout) and are counted, so
	// that every write's outcome is known to the checks.
	rctx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	go l.refreshCode(rctx)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range l.clients {
		wg.Add(1)
		go func() { defer wg.Done(); l.clientLoop(ctx, rctx, l.clients[i], uint64(i)) }()
	}
	wg.Wait()
	elapsed := time.Since(start)

	fmt.Fprintf(out, "\nsetup requests:\n")
	printStats(out, setupStats, 0)
	fmt.Fprintf(out, "\nload: %d clients for %s (then %s to finish the requests in flight), %d requests, %.1f requests/s\n",
		*clients, *duration, (elapsed - *duration).Round(time.Millisecond),
		l.sent.Load(), float64(l.sent.Load())/elapsed.Seconds())
	printStats(out, l.stats, elapsed)
	fmt.Fprintf(out, "\nbaseline in the same run: each operation 5 times in a row by one client before the load; p50 under load ÷ p50 alone:\n")
	printRatios(out, baseStats, l.stats)
	problems := l.verify(context.Background())
	fives := 0
	for _, m := range []map[string]*endpointStats{setupStats, baseStats, l.stats} {
		for _, s := range m {
			fives += s.n5xx + s.nErr
		}
	}
	if fives > 0 {
		problems = append(problems, fmt.Sprintf("%d responses were 5xx or transport errors", fives))
	}
	if len(problems) > 0 {
		fmt.Fprintln(out, "\nFAILED:")
		for _, p := range problems {
			fmt.Fprintln(out, "  -", p)
		}
		return errors.New("load: the checks failed")
	}
	fmt.Fprintf(out, "\nchecks: no 5xx; %d enrollments for %d clients, none lost or duplicated; every successful check-in recorded once\n",
		len(l.clients), len(l.clients))
	return nil
}

// loopbackTarget accepts http URLs whose host is a loopback address or
// localhost, and nothing else.
func loopbackTarget(target string) (string, error) {
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return "", fmt.Errorf("load: -target %q must be an http:// URL", target)
	}
	host := u.Hostname()
	if host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			return "", fmt.Errorf("load: refusing %q: the load command targets loopback addresses only (127.0.0.1, ::1, localhost)", host)
		}
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host, "/"), nil
}

type loadClient struct {
	mobile, token, personID string
	ip                      string
	checkedIn               atomic.Bool // a check-in was answered 200
	checkinUnknown          atomic.Bool // a check-in got no answer (transport error)
}

type loadRun struct {
	base   string
	http   *http.Client
	maxReq int64
	sent   atomic.Int64

	mu    sync.Mutex
	stats map[string]*endpointStats

	// demoPassword is the demo accounts'; password is the one this run
	// gives the accounts it creates.
	demoPassword, password string
	staff, trainee         string
	clients                []*loadClient
	courseID, sessionID    string
	catalogCourse          string
	certID, certNumber     string
	certHolder             string
	code                   atomic.Value // string
	enrollOK, enrollSeen   atomic.Int64
}

type endpointStats struct {
	lat                    []time.Duration
	n2xx, n4xx, n5xx, nErr int
	n429                   int
	statusesOther          map[int]int
}

func (l *loadRun) takeStats() map[string]*endpointStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.stats
	l.stats = map[string]*endpointStats{}
	l.sent.Store(0)
	return s
}

func (l *loadRun) record(ep string, d time.Duration, status int, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.stats[ep]
	if s == nil {
		s = &endpointStats{}
		l.stats[ep] = s
	}
	s.lat = append(s.lat, d)
	switch {
	case err != nil:
		s.nErr++
	case status >= 500:
		s.n5xx++
	case status == 429:
		s.n429++
		s.n4xx++
	case status >= 400:
		s.n4xx++
	default:
		s.n2xx++
	}
}

// call sends one request and records it under ep; body is JSON unless it
// is a *multipart body.
func (l *loadRun) call(ctx context.Context, ep, method, path, token, ip string, body any, out any) (int, error) {
	if l.sent.Add(1) > l.maxReq {
		return 0, errBudget
	}
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case *multipartBody:
		rd, ct = bytes.NewReader(b.data), b.contentType
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			return 0, err
		}
		rd, ct = bytes.NewReader(buf), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, l.base+path, rd)
	if err != nil {
		return 0, err
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	start := time.Now()
	res, err := l.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err() // the run ended: not counted
		}
		l.record(ep, time.Since(start), 0, err)
		return 0, err
	}
	data, rerr := io.ReadAll(res.Body)
	res.Body.Close()
	d := time.Since(start)
	if rerr != nil && ctx.Err() != nil {
		return 0, ctx.Err()
	}
	l.record(ep, d, res.StatusCode, rerr)
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(data, out); err != nil {
			return res.StatusCode, fmt.Errorf("%s: %w", ep, err)
		}
	}
	if res.StatusCode >= 300 && out != nil {
		return res.StatusCode, fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, trimBody(data))
	}
	return res.StatusCode, rerr
}

var errBudget = errors.New("load: request budget used up")

// errLateEvening: a session starting in ten minutes and ending the same
// day cannot hold one class hour late in the evening (China time).
var errLateEvening = errors.New("load: the session of the run cannot fit before midnight China time (about 23:10–24:00); run it earlier or after midnight")

type multipartBody struct {
	data        []byte
	contentType string
}

func trimBody(b []byte) string {
	if len(b) > 300 {
		b = b[:300]
	}
	return string(b)
}

func (l *loadRun) login(ctx context.Context, user, pw, ip string) (string, error) {
	var r struct{ Token string }
	_, err := l.call(ctx, "POST /api/auth/login", "POST", "/api/auth/login", "", ip, map[string]string{"username": user, "password": pw}, &r)
	return r.Token, err
}

// setup makes the run's data through the API: residents imported into
// 乌镇镇 民合村, one self-registered trainee per client, a course with a
// session starting in ten minutes (check-in open) that every client
// enrolls in, and a certificate of the demo trainee to download and
// verify.
func (l *loadRun) setup(ctx context.Context, n int) error {
	var err error
	if l.staff, err = l.login(ctx, "wz_staff", l.demoPassword, "10.99.0.1"); err != nil {
		return fmt.Errorf("%w (the load command needs the demo accounts)", err)
	}
	if l.trainee, err = l.login(ctx, "trainee", l.demoPassword, "10.99.0.2"); err != nil {
		return err
	}
	admin, err := l.login(ctx, "admin", l.demoPassword, "10.99.0.3")
	if err != nil {
		return err
	}
	// An instructor of this run, so that runs do not clash with each other.
	tag := time.Now().In(skillcert.CST).Format("0102150405")
	var me struct {
		AccountID string `json:"id"`
	}
	if _, err := l.call(ctx, "POST /api/accounts", "POST", "/api/accounts", admin, "", map[string]string{"username": "load_t" + tag,
		"name": "负载测试教师", "password": l.password, "role": "instructor", "town": "WZ"}, &me); err != nil {
		return err
	}

	// Residents, with ID numbers of this run (a random birth date).
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	birth := time.Date(1970+rnd.IntN(30), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rnd.IntN(360))
	var csv strings.Builder
	csv.WriteString("姓名,身份证号码,手机号码,镇（街道）,村（社区）,人员类别,文化程度,就业状态\n")
	names := make([]string, n)
	numbers := make([]string, n)
	for i := 0; i < n; i++ {
		first17 := fmt.Sprintf("330483%s%03d", birth.Format("20060102"), i)
		numbers[i] = first17 + string(roster.IDCheckChar(first17))
		names[i] = "负载" + string(rune('甲'+i%10)) + string(rune('一'+i/10%20))
		mobile := fmt.Sprintf("139%s%03d", birth.Format("0102")+fmt.Sprint(birth.Year()%10), i)
		l.clients = append(l.clients, &loadClient{mobile: mobile, ip: fmt.Sprintf("10.77.%d.%d", i/250, i%250+1)})
		fmt.Fprintf(&csv, "%s,%s,%s,乌镇镇,民合村,%s,%s,%s\n", names[i], numbers[i], mobile,
			roster.GroupEnterpriseWorker.Label(), roster.EduSeniorHigh.Label(), roster.FlexibleStatus.Label())
	}
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, _ := mw.CreateFormFile("file", "load.csv")
	_, _ = fw.Write([]byte(csv.String()))
	_ = mw.Close()
	var job importReply
	if _, err := l.call(ctx, "POST /api/persons/import", "POST", "/api/persons/import", l.staff, "10.99.0.1",
		&multipartBody{data: mp.Bytes(), contentType: mw.FormDataContentType()}, &job); err != nil {
		return err
	}
	for deadline := time.Now().Add(5 * time.Minute); !job.Finished; {
		if time.Now().After(deadline) {
			return errors.New("the import did not finish within 5 minutes")
		}
		time.Sleep(200 * time.Millisecond)
		if _, err := l.call(ctx, "GET /api/imports/:id", "GET", "/api/imports/"+job.Job.ID, l.staff, "", nil, &job); err != nil {
			return err
		}
	}
	if job.Job.Status != roster.ImportDone || job.Job.Invalid > 0 {
		return fmt.Errorf("the import of the load's residents: %s, %d invalid rows %v", job.Job.Status, job.Job.Invalid, job.Errors)
	}

	// One self-registered trainee per client, each from its own address.
	// The residents are in the register, so each needs the one-time
	// activation code the office hands over (issue 11): the staff find the
	// person by the whole number and issue it.
	if err := l.parallel(ctx, func(i int, c *loadClient) error {
		var found struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		if _, err := l.call(ctx, "setup: GET /api/persons?idNumber", "GET", "/api/persons?idNumber="+numbers[i], l.staff, "10.99.0.1", nil, &found); err != nil {
			return err
		}
		if len(found.Items) != 1 {
			return fmt.Errorf("the imported resident %d is not in the register", i)
		}
		var code struct {
			Code string `json:"code"`
		}
		if _, err := l.call(ctx, "setup: POST /api/persons/:id/activation-code", "POST", "/api/persons/"+found.Items[0].ID+"/activation-code", l.staff, "10.99.0.1", nil, &code); err != nil {
			return err
		}
		var reg struct {
			PersonID string `json:"personId"`
		}
		if _, err := l.call(ctx, "POST /api/register", "POST", "/api/register", "", c.ip,
			map[string]string{"idNumber": numbers[i], "name": names[i], "mobile": c.mobile, "password": l.password, "village": "WZ01",
				"activationCode": code.Code}, &reg); err != nil {
			return fmt.Errorf("%w (is the server started with SKILLCERT_TRUSTED_PROXIES=127.0.0.1?)", err)
		}
		c.personID = reg.PersonID
		tok, err := l.login(ctx, c.mobile, l.password, c.ip)
		c.token = tok
		return err
	}); err != nil {
		return err
	}

	// A course whose only session starts in ten minutes: check-in is open.
	now := time.Now().In(skillcert.CST)
	start := now.Add(10 * time.Minute).Truncate(time.Minute)
	end := start.Add(2 * time.Hour)
	if end.Day() != start.Day() { // a session ends on its day
		end = time.Date(start.Year(), start.Month(), start.Day(), 23, 59, 0, 0, start.Location())
	}
	hours := min(2, int(end.Sub(start)/time.Minute)/courses.MinutesPerClassHour)
	if hours < 1 {
		return errLateEvening
	}
	in := map[string]any{"title": "负载测试课程 " + now.Format("0102-1504"), "type": courses.TypeVocational, "trade": "电工",
		"level": courses.LevelJunior, "residency": courses.ResidencyCity, "capacity": n + 10, "classHours": 2,
		"enrollOpens": now.Add(-time.Hour).Format(time.RFC3339), "enrollCloses": now.Add(2 * time.Hour).Format(time.RFC3339)}
	var course struct {
		ID string `json:"id"`
	}
	if st, err := l.call(ctx, "POST /api/courses", "POST", "/api/courses", l.staff, "", in, &course); err != nil {
		if st != 400 {
			return err
		}
		// Dates as calendar days, if the API takes them so.
		in["enrollOpens"], in["enrollCloses"] = now.AddDate(0, 0, -1).Format("2006-01-02"), now.AddDate(0, 0, 1).Format("2006-01-02")
		if _, err := l.call(ctx, "POST /api/courses", "POST", "/api/courses", l.staff, "", in, &course); err != nil {
			return err
		}
	}
	l.courseID = course.ID
	var sess struct {
		ID string `json:"id"`
	}
	if _, err := l.call(ctx, "POST /api/courses/:id/sessions", "POST", "/api/courses/"+course.ID+"/sessions", l.staff, "",
		map[string]any{"date": start.Format("2006-01-02"), "startTime": start.Format("15:04"), "endTime": end.Format("15:04"),
			"venue": "负载测试教室 " + tag, "instructorId": me.AccountID, "hours": hours}, &sess); err != nil {
		return err
	}
	l.sessionID = sess.ID
	var pub map[string]any
	if _, err := l.call(ctx, "POST /api/courses/:id/status", "POST", "/api/courses/"+course.ID+"/status", l.staff, "",
		map[string]any{"status": courses.StatusPublished}, &pub); err != nil {
		return err
	}
	if err := l.parallel(ctx, func(i int, c *loadClient) error {
		var r map[string]any
		_, err := l.call(ctx, "POST /api/courses/:id/enroll", "POST", "/api/courses/"+course.ID+"/enroll", c.token, c.ip, nil, &r)
		if err == nil {
			l.enrollOK.Add(1)
		}
		return err
	}); err != nil {
		return err
	}
	if err := l.fetchCode(ctx); err != nil {
		return err
	}

	// The demo trainee's certificate, to download and verify.
	var certs struct {
		Items []struct {
			ID         string `json:"id"`
			Number     string `json:"number"`
			HolderName string `json:"holderName"`
			Status     string `json:"status"`
		}
	}
	if _, err := l.call(ctx, "GET /api/my/certificates", "GET", "/api/my/certificates", l.trainee, "", nil, &certs); err != nil {
		return err
	}
	if len(certs.Items) == 0 {
		// Issue the certificates of the demo's completed courses (a
		// course's certificate batch, as the city does).
		var done struct {
			Items []struct {
				ID string `json:"id"`
			}
		}
		if _, err := l.call(ctx, "GET /api/courses", "GET", "/api/courses?status=completed&size=20", admin, "", nil, &done); err != nil {
			return err
		}
		for _, c := range done.Items {
			var r map[string]any
			if _, err := l.call(ctx, "POST /api/courses/:id/certificates", "POST", "/api/courses/"+c.ID+"/certificates", admin, "", nil, &r); err != nil {
				return err
			}
		}
		if _, err := l.call(ctx, "GET /api/my/certificates", "GET", "/api/my/certificates", l.trainee, "", nil, &certs); err != nil {
			return err
		}
	}
	for _, c := range certs.Items {
		if c.Status == "valid" {
			l.certID, l.certNumber, l.certHolder = c.ID, c.Number, c.HolderName
		}
	}
	if l.certID == "" {
		return errors.New("the demo trainee has no valid certificate to download (load the demo data set)")
	}
	var catalog struct {
		Items []struct {
			ID string `json:"id"`
		}
	}
	if _, err := l.call(ctx, "GET /api/catalog", "GET", "/api/catalog?size=20", "", "", nil, &catalog); err != nil {
		return err
	}
	l.catalogCourse = course.ID
	if len(catalog.Items) > 0 {
		l.catalogCourse = catalog.Items[0].ID
	}
	return nil
}

// parallel runs fn for every client, at most 16 at a time, and returns
// the first error.
func (l *loadRun) parallel(ctx context.Context, fn func(i int, c *loadClient) error) error {
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	var first error
	var once sync.Once
	for i, c := range l.clients {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := fn(i, c); err != nil {
				once.Do(func() { first = err })
			}
		}()
	}
	wg.Wait()
	return first
}

func (l *loadRun) fetchCode(ctx context.Context) error {
	var r struct {
		Code string `json:"code"`
		Open bool   `json:"open"`
	}
	if _, err := l.call(ctx, "GET /api/sessions/:id/checkin-code", "GET", "/api/sessions/"+l.sessionID+"/checkin-code", l.staff, "", nil, &r); err != nil {
		return err
	}
	if !r.Open {
		return errors.New("check-in is not open for the load's session")
	}
	l.code.Store(r.Code)
	return nil
}

// refreshCode keeps the current check-in code, as the room's screen does.
func (l *loadRun) refreshCode(ctx context.Context) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = l.fetchCode(ctx)
		}
	}
}

// clientLoop sends the mix until the run ends or the budget is used.
func (l *loadRun) clientLoop(ctx, run context.Context, c *loadClient, seed uint64) {
	rnd := rand.New(rand.NewPCG(seed, uint64(time.Now().UnixNano())))
	for run.Err() == nil {
		p, k := rnd.IntN(100), 0
		for k < len(loadMix)-1 && p >= loadMix[k] {
			p -= loadMix[k]
			k++
		}
		if errors.Is(l.op(ctx, c, k, rnd), errBudget) {
			return
		}
	}
}

// loadMix is the share (percent) of each operation of op in the mix.
var loadMix = []int{18, 12, 14, 10, 8, 12, 14, 7, 5}

// baseline sends each operation of the mix n times in a row from one
// client, before the load, for the latency of a request alone in the
// same run.
func (l *loadRun) baseline(ctx context.Context, n int) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for k := range loadMix {
		for range n {
			_ = l.op(ctx, l.clients[0], k, rnd)
		}
	}
}

// op sends operation k of the mix for client c.
func (l *loadRun) op(ctx context.Context, c *loadClient, k int, rnd *rand.Rand) error {
	var err error
	switch k {
	case 0:
		_, err = l.call(ctx, "GET /api/catalog", "GET", "/api/catalog?size=20", "", c.ip, nil, nil)
	case 1:
		_, err = l.call(ctx, "GET /courses/:id (page)", "GET", "/courses/"+l.catalogCourse, "", c.ip, nil, nil)
	case 2:
		_, err = l.call(ctx, "GET /api/my/courses", "GET", "/api/my/courses", c.token, c.ip, nil, nil)
	case 3:
		code, _ := l.code.Load().(string)
		st, cerr := l.call(ctx, "POST /api/sessions/:id/checkin", "POST", "/api/sessions/"+l.sessionID+"/checkin", c.token, c.ip,
			map[string]string{"code": code}, nil)
		err = cerr
		if st == 200 {
			c.checkedIn.Store(true)
		} else if cerr != nil && st == 0 {
			c.checkinUnknown.Store(true)
		}
	case 4:
		_, err = l.call(ctx, "GET /api/certificates/:id/pdf", "GET", "/api/certificates/"+l.certID+"/pdf", l.trainee, c.ip, nil, nil)
	case 5:
		// Public verification: each from its own address, as the public.
		ip := fmt.Sprintf("10.%d.%d.%d", 100+rnd.IntN(100), rnd.IntN(250), 1+rnd.IntN(250))
		_, err = l.call(ctx, "POST /api/verify", "POST", "/api/verify", "", ip, map[string]string{"number": l.certNumber, "name": l.certHolder}, nil)
	case 6:
		_, err = l.call(ctx, "GET /api/persons (register list)", "GET", fmt.Sprintf("/api/persons?page=%d&size=20", 1+rnd.IntN(5)), l.staff, "", nil, nil)
	case 7:
		_, err = l.login(ctx, c.mobile, l.password, c.ip)
	default:
		// Enrolling again: refused as already enrolled, never twice.
		var st int
		st, err = l.call(ctx, "POST /api/courses/:id/enroll (again)", "POST", "/api/courses/"+l.courseID+"/enroll", c.token, c.ip, nil, nil)
		if st == 201 {
			l.enrollSeen.Add(1)
		}
	}
	return err
}

// verify checks the writes through the API: one enrollment per client,
// none lost or doubled; an attendance record, present or late, for every
// client whose check-in succeeded, and one entry per person on the roll.
func (l *loadRun) verify(ctx context.Context) []string {
	var problems []string
	persons := map[string]int{}
	total := 0
	for page := 1; ; page++ {
		var pg struct {
			Items []struct {
				PersonID string `json:"personId"`
				Status   string `json:"status"`
			}
			Total int
		}
		if _, err := l.call(ctx, "verify", "GET", fmt.Sprintf("/api/courses/%s/enrollments?size=100&page=%d", l.courseID, page), l.staff, "", nil, &pg); err != nil {
			return append(problems, err.Error())
		}
		for _, e := range pg.Items {
			persons[e.PersonID]++
			if e.Status != "enrolled" {
				problems = append(problems, fmt.Sprintf("enrollment of %s is %s, want enrolled", e.PersonID, e.Status))
			}
		}
		total += len(pg.Items)
		if len(pg.Items) == 0 || total >= pg.Total {
			break
		}
	}
	if l.enrollSeen.Load() > 0 {
		problems = append(problems, fmt.Sprintf("%d repeated enrollments were accepted as new", l.enrollSeen.Load()))
	}
	if total != len(l.clients) || int64(total) != l.enrollOK.Load() {
		problems = append(problems, fmt.Sprintf("%d enrollments stored, %d acknowledged, %d clients", total, l.enrollOK.Load(), len(l.clients)))
	}
	for _, c := range l.clients {
		if persons[c.personID] != 1 {
			problems = append(problems, fmt.Sprintf("client %s has %d enrollments", c.mobile, persons[c.personID]))
		}
	}
	var roll struct {
		Entries []struct {
			PersonID string `json:"personId"`
			Record   *struct {
				Mark string `json:"mark"`
			} `json:"record"`
		} `json:"entries"`
	}
	if _, err := l.call(ctx, "verify", "GET", "/api/sessions/"+l.sessionID+"/roll", l.staff, "", nil, &roll); err != nil {
		return append(problems, err.Error())
	}
	onRoll := map[string]int{}
	marked := map[string]string{}
	for _, e := range roll.Entries {
		onRoll[e.PersonID]++
		if e.Record != nil {
			marked[e.PersonID] = e.Record.Mark
		}
	}
	checked := 0
	for _, c := range l.clients {
		if onRoll[c.personID] != 1 {
			problems = append(problems, fmt.Sprintf("client %s is %d times on the roll", c.mobile, onRoll[c.personID]))
		}
		if c.checkedIn.Load() {
			checked++
			if m := marked[c.personID]; m != string(courses.MarkPresent) && m != string(courses.MarkLate) {
				problems = append(problems, fmt.Sprintf("client %s checked in but the roll says %q", c.mobile, m))
			}
		} else if marked[c.personID] != "" && !c.checkinUnknown.Load() {
			problems = append(problems, fmt.Sprintf("client %s never checked in but is marked %q", c.mobile, marked[c.personID]))
		}
	}
	if len(problems) > 20 {
		problems = append(problems[:20], fmt.Sprintf("… and %d more", len(problems)-20))
	}
	return problems
}

func printStats(out io.Writer, stats map[string]*endpointStats, elapsed time.Duration) {
	names := make([]string, 0, len(stats))
	for n := range stats {
		if n != "verify" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "endpoint\trequests\treq/s\t2xx\t4xx\t(429)\t5xx\terrors\tp50 ms\tp95 ms\tp99 ms\t")
	for _, n := range names {
		s := stats[n]
		sort.Slice(s.lat, func(i, j int) bool { return s.lat[i] < s.lat[j] })
		rate := "-"
		if elapsed > 0 {
			rate = fmt.Sprintf("%.1f", float64(len(s.lat))/elapsed.Seconds())
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t\n", n, len(s.lat), rate, s.n2xx, s.n4xx, s.n429, s.n5xx, s.nErr,
			pct(s.lat, 50), pct(s.lat, 95), pct(s.lat, 99))
	}
	_ = tw.Flush()
}

func pct(sorted []time.Duration, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p+99)/100 - 1
	i = max(0, min(i, len(sorted)-1))
	return float64(sorted[i].Microseconds()) / 1000
}

func printRatios(out io.Writer, base, load map[string]*endpointStats) {
	names := make([]string, 0, len(base))
	for n := range base {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "endpoint\tp50 alone ms\tp50 under load ms\tratio\t")
	for _, n := range names {
		b, l := base[n], load[n]
		if l == nil || len(b.lat) == 0 || len(l.lat) == 0 {
			continue
		}
		sort.Slice(b.lat, func(i, j int) bool { return b.lat[i] < b.lat[j] })
		sort.Slice(l.lat, func(i, j int) bool { return l.lat[i] < l.lat[j] })
		pb, pl := pct(b.lat, 50), pct(l.lat, 50)
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.0f×\t\n", n, pb, pl, pl/max(pb, 0.001))
	}
	_ = tw.Flush()
}
