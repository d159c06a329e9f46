package subsidies

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"skillcert/recruitment"
)

// Yuan writes an amount as the pages show it: yuan with two decimals and
// thousands separators, without the unit (1,965.00).
func Yuan(f recruitment.Fen) string { return strings.TrimSuffix(f.String(), " 元") }

// cell is one cell of an export: an amount in fen (written as a number
// of yuan formatted with two decimals, so the sheet shows exactly the
// page's figure and can still sum it), an integer, or text.
type cell struct {
	fen   *recruitment.Fen
	n     *int
	text  string
	money bool
}

func money(f recruitment.Fen) cell { return cell{fen: &f, money: true} }
func count(n int) cell             { return cell{n: &n} }
func text(s string) cell           { return cell{text: s} }

func safeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeSheet writes one sheet: title, note, header in row 4, rows below.
func writeSheet(w io.Writer, title string, notes []string, header []string, rows [][]cell, widths map[string]float64) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	// Format 4 is the built-in "#,##0.00".
	yuan, err := f.NewStyle(&excelize.Style{NumFmt: 4})
	if err != nil {
		return err
	}
	if err := f.SetCellStr(sheet, "A1", safeText(title)); err != nil {
		return err
	}
	for i, n := range notes {
		if err := f.SetCellStr(sheet, "A"+strconv.Itoa(2+i), safeText(n)); err != nil {
			return err
		}
	}
	top := 3 + len(notes)
	for k, h := range header {
		name, _ := excelize.CoordinatesToCellName(k+1, top)
		if err := f.SetCellStr(sheet, name, h); err != nil {
			return err
		}
	}
	if err := f.SetRowStyle(sheet, top, top, bold); err != nil {
		return err
	}
	for r, row := range rows {
		for k, c := range row {
			name, _ := excelize.CoordinatesToCellName(k+1, top+1+r)
			switch {
			case c.fen != nil:
				// A float only to carry the exact two-decimal figure into
				// the sheet; the amount itself is integer fen.
				v, _ := strconv.ParseFloat(fmt.Sprintf("%d.%02d", int64(*c.fen)/100, abs(int64(*c.fen)%100)), 64)
				if *c.fen < 0 {
					v = -v
				}
				if err := f.SetCellFloat(sheet, name, v, 2, 64); err != nil {
					return err
				}
				if err := f.SetCellStyle(sheet, name, name, yuan); err != nil {
					return err
				}
			case c.n != nil:
				if err := f.SetCellInt(sheet, name, int64(*c.n)); err != nil {
					return err
				}
			default:
				if err := f.SetCellStr(sheet, name, safeText(c.text)); err != nil {
					return err
				}
			}
		}
	}
	for col, wd := range widths {
		_ = f.SetColWidth(sheet, col, col, wd)
	}
	return f.Write(w)
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// LedgerHeader is the header of a ledger's lines, on the page and in the
// export.
var LedgerHeader = []string{"序号", "姓名", "工作单位", "在岗日期", "在岗天数", "基本补助（元）", "社保补贴（元）", "奖励补助（元）", "合计（元）", "计算过程"}

// WriteLedgerXLSX writes a ledger as the page shows it: one row per
// coordinator with the computation, and the totals.
func WriteLedgerXLSX(w io.Writer, l *Ledger) error {
	notes := []string{
		fmt.Sprintf("状态：%s；政策参数版本 %s；最低月工资 %s，补助比例 %d%%，每人每月 %s；社保补贴（单位缴纳部分）每人每月 %s",
			l.Status.Label(), l.PolicyVersion, l.MinimumWage, l.SubsidyPercent, l.PerPerson, l.InsuranceShare),
		"奖励补助：" + l.RewardBasis,
	}
	var rows [][]cell
	for _, ln := range l.Lines {
		rows = append(rows, []cell{count(ln.Seq), text(ln.Name), text(ln.Unit), text(ln.From.String() + " 至 " + ln.To.String()),
			text(fmt.Sprintf("%d/%d", ln.DaysOnPost, ln.DaysInMonth)), money(ln.Basic), money(ln.Insurance), money(ln.Reward), money(ln.Total),
			text(ln.Computation + "；奖励补助：" + ln.RewardNote)})
	}
	rows = append(rows, []cell{text("合计"), text(fmt.Sprintf("%d 人", len(l.Lines))), text(""), text(""), text(""),
		money(l.BasicTotal), money(l.InsuranceTotal), money(l.RewardTotal), money(l.Total), text("")})
	return writeSheet(w, fmt.Sprintf("%s %d 年 %d 月人员经费补助台账", l.TownName, l.Year, l.Month), notes, LedgerHeader, rows,
		map[string]float64{"B": 12, "C": 26, "D": 26, "F": 14, "G": 14, "H": 14, "I": 14, "J": 80})
}

// OverviewHeader is the header of the month overview.
var OverviewHeader = []string{"镇（街道）", "台账状态", "人数", "基本补助（元）", "社保补贴（元）", "奖励补助（元）", "合计（元）"}

// WriteOverviewXLSX writes the city's month overview as the page shows it.
func WriteOverviewXLSX(w io.Writer, o *MonthOverview) error {
	var rows [][]cell
	for _, r := range o.Rows {
		rows = append(rows, []cell{text(r.TownName), text(r.StatusLabel()), count(r.People), money(r.Basic), money(r.Insurance), money(r.Reward), money(r.Total)})
	}
	notes := []string{fmt.Sprintf("全部台账合计 %s；其中已批准 %s", Yuan(o.Total)+" 元", Yuan(o.ApprovedTotal)+" 元")}
	return writeSheet(w, o.Period+" 各镇（街道）人员经费补助", notes, OverviewHeader, rows,
		map[string]float64{"A": 20, "B": 16, "D": 14, "E": 14, "F": 14, "G": 14})
}
