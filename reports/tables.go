package reports

import (
	"fmt"
	"strconv"

	"skillcert/courses"
	"skillcert/roster"
)

// Cell is one table cell: Num for a count (exported as a number), Text
// otherwise; Link, if set, is where the cell leads on the page.
type Cell struct {
	Text  string `json:"text"`
	Num   *int64 `json:"num,omitempty"`
	Link  string `json:"link,omitempty"`
	Value int64  `json:"-"` // the bar length for charts, in tenths of a percent or a count
}

func num(n int64) Cell     { return Cell{Text: strconv.FormatInt(n, 10), Num: &n, Value: n} }
func text(s string) Cell   { return Cell{Text: s} }
func rate(f Fraction) Cell { return Cell{Text: f.String(), Value: f.Permille()} }

// Table is a table of a report, shown on the page and exported to .xlsx
// with the same cells.
type Table struct {
	Key    string   `json:"key"`
	Title  string   `json:"title"`
	Header []string `json:"header"`
	Rows   [][]Cell `json:"rows"`
}

// GroupDims are "all" and the target groups, in display order.
func GroupDims() []string {
	out := []string{dimAll}
	for _, g := range roster.TargetGroups {
		out = append(out, string(g))
	}
	return out
}

// GroupLabel is a dimension's label.
func GroupLabel(g string) string {
	if g == dimAll {
		return "全部人员"
	}
	return roster.TargetGroup(g).Label()
}

// UnitsTable lists the unit and its children; link builds a child's
// drill-down link ("" for none).
func (r *Report) UnitsTable(link func(Figures) string) Table {
	t := Table{Key: "units", Title: "各单位培训覆盖（" + r.Period.Label() + "）",
		Header: []string{"单位", "登记人数", "报名人数", "结业人数", "获证人数", "覆盖率", "结业率", "平均出勤率"}}
	row := func(f Figures, name string, href string) []Cell {
		c := text(name)
		c.Link = href
		return []Cell{c, num(f.Registered[dimAll]), num(f.Enrolled[dimAll]), num(f.Completed[dimAll]), num(f.Certified[dimAll]),
			rate(f.Coverage(dimAll)), rate(f.CompletionRate()), rate(f.AttendanceRate())}
	}
	for _, k := range r.Children {
		href := ""
		if link != nil {
			href = link(k)
		}
		t.Rows = append(t.Rows, row(k, k.UnitName, href))
	}
	t.Rows = append(t.Rows, row(r.Unit, r.Unit.UnitName+"（合计）", ""))
	return t
}

// GroupsTable is the unit's figures by target group.
func (r *Report) GroupsTable() Table {
	t := Table{Key: "groups", Title: "按人员类别（" + r.Unit.UnitName + "）",
		Header: []string{"人员类别", "登记人数", "报名人数", "结业人数", "获证人数", "覆盖率"}}
	f := r.Unit
	for _, g := range GroupDims() {
		t.Rows = append(t.Rows, []Cell{text(GroupLabel(g)), num(f.Registered[g]), num(f.Enrolled[g]), num(f.Completed[g]),
			num(f.Certified[g]), rate(f.Coverage(g))})
	}
	return t
}

// TypesTable is the unit's coverage by course type.
func (r *Report) TypesTable() Table {
	t := Table{Key: "types", Title: "按培训类型（" + r.Unit.UnitName + "）", Header: []string{"培训类型", "结业人数", "登记人数", "覆盖率"}}
	for _, ty := range courses.Types {
		t.Rows = append(t.Rows, []Cell{text(ty.Label()), num(r.Unit.ByType[string(ty)]), num(r.Unit.Registered[dimAll]),
			rate(r.Unit.TypeCoverage(ty))})
	}
	return t
}

// TrendTable is people completing training per month, beside the
// previous year.
func (r *Report) TrendTable() Table {
	t := Table{Key: "trend", Title: fmt.Sprintf("月度结业人数：%d年与%d年", r.Period.Year, r.Period.Year-1),
		Header: []string{"月份", fmt.Sprintf("%d年", r.Period.Year), fmt.Sprintf("%d年", r.Period.Year-1)}}
	for _, p := range r.Trend {
		t.Rows = append(t.Rows, []Cell{text(fmt.Sprintf("%d月", p.Month)), num(p.People), num(p.Previous)})
	}
	return t
}

// StaffTable is the unit's platform staff and their job-post training.
func (r *Report) StaffTable() Table {
	s := r.Staff
	return Table{Key: "staff", Title: "基层平台工作人员岗位培训",
		Header: []string{"在岗人数", fmt.Sprintf("近%d个月完成岗位培训", s.Months), "占比", "证书即将到期（至下下月底）"},
		Rows:   [][]Cell{{num(s.OnPost), num(s.Trained), rate(s.Share()), num(s.Expiring)}}}
}

// Tables are every table of the report, in page order.
func (r *Report) Tables(link func(Figures) string) []Table {
	out := []Table{}
	if len(r.Children) > 0 {
		out = append(out, r.UnitsTable(link))
	}
	out = append(out, r.GroupsTable(), r.TypesTable())
	if r.FromSummaries {
		out = append(out, r.TrendTable(), r.StaffTable())
	}
	return out
}

// AssessmentTable is the ranking with every item's points.
func (as *Assessment) AssessmentTable() Table {
	t := Table{Key: "assessment", Title: fmt.Sprintf("%d年度镇（街道）考核（权重版本 %s）", as.Year, as.Weights.Version),
		Header: []string{"名次", "镇（街道）", "总分"}}
	labels := []string{"培训覆盖率", "结业率", "获证率", "人员配备到位率", "服务对象评议"}
	weights := []int{as.Weights.Coverage, as.Weights.Completion, as.Weights.Certification, as.Weights.Staffing, as.Weights.Rating}
	for i, l := range labels {
		t.Header = append(t.Header, fmt.Sprintf("%s（%d分）", l, weights[i]))
	}
	for _, c := range as.Cards {
		row := []Cell{num(int64(c.Rank)), text(c.TownName), {Text: c.Points(), Value: c.Tenths}}
		for _, it := range c.Items {
			row = append(row, Cell{Text: tenthsText(it.Tenths) + "（" + it.Rate.String() + "）", Value: it.Tenths})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
