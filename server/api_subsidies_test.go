package main

import (
	"bytes"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"skillcert/subsidies"
)

// TestSubsidyExportsEqualThePageAndTheAPI: the demo's ledger and the
// city's month overview, read through the API, the page and the .xlsx
// export, carry the same amounts.
func TestSubsidyExportsEqualThePageAndTheAPI(t *testing.T) {
	ta := newTestApp(t)
	admin := ta.token("admin")
	var list struct{ Items []subsidies.Ledger }
	ta.request("GET", "/api/subsidies/ledgers?town=WZ", nil, admin).json(t, &list)
	if len(list.Items) != 2 {
		t.Fatalf("the demo has %d ledgers of WZ, want 2", len(list.Items))
	}
	id := list.Items[0].ID
	var l subsidies.Ledger
	ta.request("GET", "/api/subsidies/ledgers/"+url.PathEscape(id), nil, admin).json(t, &l)
	if len(l.Lines) == 0 || l.Total == 0 {
		t.Fatalf("ledger %s has no figures: %+v", id, l)
	}
	page := ta.request("GET", "/subsidies/ledgers/"+url.PathEscape(id), nil, admin)
	if page.Status != 200 {
		t.Fatalf("ledger page: %d", page.Status)
	}
	body := html.UnescapeString(string(page.Body))
	x := ta.request("GET", "/subsidies/ledgers/"+url.PathEscape(id)+"/export.xlsx", nil, admin)
	f, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if err != nil {
		t.Fatalf("ledger export is not a workbook: %v", err)
	}
	rows, err := f.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	// Title, two notes, a blank row, the header, one row per line, the totals.
	if len(rows) != 5+len(l.Lines)+1 || strings.Join(rows[4], "|") != strings.Join(subsidies.LedgerHeader, "|") {
		t.Fatalf("ledger export rows: %q", rows)
	}
	for i, ln := range l.Lines {
		r := rows[5+i]
		want := []string{ln.Name, subsidies.Yuan(ln.Basic), subsidies.Yuan(ln.Insurance), subsidies.Yuan(ln.Reward), subsidies.Yuan(ln.Total)}
		got := []string{r[1], r[5], r[6], r[7], r[8]}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("line %d: export %q, API %q", i+1, got, want)
		}
		for _, amount := range []string{ln.Basic.String(), ln.Insurance.String(), ln.Total.String()} {
			if !strings.Contains(body, amount) {
				t.Errorf("the page lacks %s of %s", amount, ln.Name)
			}
		}
		if !strings.Contains(body, ln.Computation) {
			t.Errorf("the page lacks the computation %q", ln.Computation)
		}
	}
	totals := rows[len(rows)-1]
	if totals[8] != subsidies.Yuan(l.Total) || !strings.Contains(body, `data-testid="ledger-total">`+l.Total.String()) {
		t.Errorf("totals: export %q, API %s", totals, l.Total)
	}

	var o subsidies.MonthOverview
	ta.request("GET", "/api/subsidies/overview?period="+l.Period, nil, admin).json(t, &o)
	if o.Total != l.Total || len(o.Rows) != 14 {
		t.Fatalf("overview %s: total %s, %d rows", l.Period, o.Total, len(o.Rows))
	}
	ox := ta.request("GET", "/subsidies/overview.xlsx?period="+l.Period, nil, admin)
	of, err := excelize.OpenReader(bytes.NewReader(ox.Body))
	if err != nil {
		t.Fatal(err)
	}
	orows, _ := of.GetRows("Sheet1")
	overviewPage := html.UnescapeString(string(ta.request("GET", "/subsidies?period="+l.Period, nil, admin).Body))
	for i, r := range o.Rows {
		got := orows[4+i]
		if got[0] != r.TownName || got[1] != r.StatusLabel() || got[6] != subsidies.Yuan(r.Total) {
			t.Errorf("overview row %d: export %q, API %+v", i, got, r)
		}
	}
	if !strings.Contains(overviewPage, `data-testid="overview-total">`+o.Total.String()) {
		t.Errorf("the overview page lacks the total %s", o.Total)
	}
}

// TestSubsidyTownScopeAndBadInput: a town sees only its own ledgers and
// records; bad input is refused with a 4xx and a Chinese message, and
// changes nothing.
func TestSubsidyTownScopeAndBadInput(t *testing.T) {
	ta := newTestApp(t)
	admin, wz, zq := ta.token("admin"), ta.token("wz_staff"), ta.token("zq_staff")
	var list struct {
		Items []subsidies.Ledger
		Total int
	}
	ta.request("GET", "/api/subsidies/ledgers", nil, wz).json(t, &list)
	if list.Total != 2 {
		t.Fatalf("WZ lists %d ledgers", list.Total)
	}
	id, period := url.PathEscape(list.Items[0].ID), list.Items[0].Period
	for _, path := range []string{"/api/subsidies/ledgers/" + id, "/subsidies/ledgers/" + id, "/subsidies/ledgers/" + id + "/export.xlsx",
		"/api/subsidies/ledgers?town=WZ", "/api/subsidies/coordinators?town=WZ"} {
		if res := ta.request("GET", path, nil, zq); res.Status != 404 {
			t.Errorf("ZQ GET %s: %d, want 404", path, res.Status)
		}
	}
	ta.request("GET", "/api/subsidies/ledgers", nil, zq).json(t, &list)
	if list.Total != 0 {
		t.Errorf("ZQ lists %d ledgers, want 0", list.Total)
	}
	var cons struct{ Items []subsidies.Construction }
	ta.request("GET", "/api/subsidies/construction", nil, zq).json(t, &cons)
	if len(cons.Items) != 1 || cons.Items[0].Town != "ZQ" {
		t.Errorf("ZQ sees construction records %+v", cons.Items)
	}
	var o subsidies.MonthOverview
	ta.request("GET", "/api/subsidies/overview?period="+period, nil, zq).json(t, &o)
	if len(o.Rows) != 1 || o.Rows[0].Town != "ZQ" {
		t.Errorf("ZQ's overview rows: %+v", o.Rows)
	}

	before := ta.request("GET", "/api/subsidies/construction", nil, admin)
	cases := []struct {
		name, method, path, token string
		body                      any
		want                      int
		message                   string
	}{
		{"area not a number", "POST", "/api/subsidies/construction", zq, map[string]string{"area": "二百", "address": "洲泉镇"}, 400, "服务场地面积“二百”无法识别，应为平方米数，最多两位小数（如 199.99）"},
		{"area with three decimals", "POST", "/api/subsidies/construction", wz, map[string]string{"area": "199.999", "address": "乌镇镇"}, 400, "服务场地面积“199.999”无法识别，应为平方米数，最多两位小数（如 199.99）"},
		{"second application", "POST", "/api/subsidies/construction", wz, map[string]string{"area": "300", "address": "乌镇镇"}, 409, "本镇（街道）已获批一次性平台建设补助 100,000.00 元，不能重复申请"},
		{"unknown field", "POST", "/api/subsidies/construction", zq, map[string]string{"area": "100", "areaM2": "100"}, 400, ""},
		{"acceptance in the future", "POST", "/api/subsidies/construction/ZQ/approve", admin, map[string]string{"acceptedOn": "2099-01-01", "inspectors": "验收组"}, 400, "验收日期 2099-01-01 晚于今天，请在验收后登记"},
		{"no inspectors", "POST", "/api/subsidies/construction/ZQ/approve", admin, map[string]string{"acceptedOn": "2026-01-01"}, 400, ""},
		{"town never applied", "POST", "/api/subsidies/construction/PY/approve", admin, map[string]string{"acceptedOn": "2026-01-01", "inspectors": "验收组"}, 404, "该镇（街道）尚未申请平台建设补助"},
		{"reversal without reason", "POST", "/api/subsidies/construction/WZ/reverse", admin, map[string]string{"reason": " "}, 400, "请填写撤销原因"},
		{"bad period", "POST", "/api/subsidies/ledgers", wz, map[string]string{"period": "2026-13"}, 400, "月份“2026-13”无效，应为 YYYY-MM 格式，如 2026-03"},
		{"future period", "POST", "/api/subsidies/ledgers", wz, map[string]string{"period": "2099-01"}, 400, "2099 年 1 月尚未开始，不能生成台账"},
		{"approved ledger", "POST", "/api/subsidies/ledgers", wz, map[string]string{"period": list2Period(t, ta, wz)}, 409, ""},
		{"bad overview period", "GET", "/api/subsidies/overview?period=202601", admin, nil, 400, "月份“202601”无效，应为 YYYY-MM 格式，如 2026-03"},
		{"bad status filter", "GET", "/api/subsidies/ledgers?status=paid", admin, nil, 400, "台账状态“paid”无法识别，可填写：draft、submitted、approved、returned"},
		{"approve the submitted ledger", "POST", "/api/subsidies/ledgers/" + id + "/approve", admin, nil, 200, ""},
		{"approve twice", "POST", "/api/subsidies/ledgers/" + id + "/approve", admin, nil, 409, "台账当前为“已批准”，只有已提交的台账可以批准"},
		{"bad departure date", "POST", "/api/subsidies/coordinators/" + url.PathEscape(firstCoordinator(t, ta)), wz, map[string]string{"leftOn": "2026-02-30"}, 400, "离岗日期“2026-02-30”无效，应为 YYYY-MM-DD 格式，如 2026-05-31"},
	}
	for _, tc := range cases {
		res := ta.request(tc.method, tc.path, tc.body, tc.token)
		if res.Status != tc.want {
			t.Errorf("%s: status %d, want %d: %s", tc.name, res.Status, tc.want, trim(res.Body))
			continue
		}
		if tc.want >= 400 {
			var e errorBody
			res.json(t, &e)
			if e.Error.Code == "" || !hasHan(e.Error.Message) || (tc.message != "" && e.Error.Message != tc.message) {
				t.Errorf("%s: error %+v, want message %q", tc.name, e.Error, tc.message)
			}
		}
	}
	after := ta.request("GET", "/api/subsidies/construction", nil, admin)
	if !bytes.Equal(before.Body, after.Body) {
		t.Errorf("bad requests changed the construction subsidies")
	}
}

// list2Period is the period of the demo's approved ledger of WZ.
func list2Period(t *testing.T, ta *testApp, token string) string {
	var list struct{ Items []subsidies.Ledger }
	ta.request("GET", "/api/subsidies/ledgers?status=approved", nil, token).json(t, &list)
	if len(list.Items) == 0 {
		t.Fatal("the demo has no approved ledger")
	}
	return list.Items[0].Period
}

func firstCoordinator(t *testing.T, ta *testApp) string {
	ps, err := ta.app.Recruitment.Postings(t.Context(), "WZ")
	if err != nil || len(ps) == 0 {
		t.Fatalf("no demo coordinator: %v", err)
	}
	return ps[0].ApplicationID
}
