package main

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"skillcert"
	"skillcert/courses"
	"skillcert/roster"
)

// The offline roll (离线点名表): a village venue without network exports a
// session's roll to .xlsx, marks it on paper or a laptop and imports it
// back. The sheet keys each row by the person's ID; the masked ID number
// and the name are for the reader. An import is all or nothing: any row
// at fault (unknown person, unknown mark, excused without a reason)
// refuses the file with every fault named by row.
const (
	rollSheet       = "点名表"
	maxRollFile     = 2 << 20  // bytes of an uploaded roll
	maxRollUnzipped = 20 << 20 // declared size of its zip entries
	maxRollRows     = courses.MaxCapacity + 10
	maxRollFaults   = 20 // faults listed in the refusal
)

var rollHeader = []string{"序号", "学员编号（勿改）", "姓名", "身份证号码", "出勤情况（出勤/迟到/缺勤/请假）", "原因（请假必填）"}

// rollImportReply is what an import wrote.
type rollImportReply struct {
	Rows   int                    `json:"rows"` // rows with a mark
	Result courses.RollCallResult `json:"result"`
}

// rollWorkbook writes a session's roll as a workbook.
func rollWorkbook(r *courses.Roll) (*bytes.Buffer, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", rollSheet); err != nil {
		return nil, err
	}
	title := fmt.Sprintf("%s  %s  %s", r.Course.Title, r.Session.TimeRange(), r.Session.Venue)
	if err := f.SetSheetRow(rollSheet, "A1", &[]any{roster.SafeCell(title)}); err != nil {
		return nil, err
	}
	header := make([]any, len(rollHeader))
	for i, h := range rollHeader {
		header[i] = h
	}
	if err := f.SetSheetRow(rollSheet, "A2", &header); err != nil {
		return nil, err
	}
	for i, e := range r.Entries {
		mark, reason := "", ""
		if e.Record != nil {
			mark, reason = e.Record.Mark.Label(), e.Record.Reason
		}
		row := []any{i + 1, roster.SafeCell(e.PersonID), roster.SafeCell(e.Name), roster.SafeCell(e.IDMasked),
			roster.SafeCell(mark), roster.SafeCell(reason)}
		if err := f.SetSheetRow(rollSheet, "A"+strconv.Itoa(i+3), &row); err != nil {
			return nil, err
		}
	}
	for col, w := range map[string]float64{"A": 6, "B": 28, "C": 10, "D": 21, "E": 30, "F": 24} {
		if err := f.SetColWidth(rollSheet, col, col, w); err != nil {
			return nil, err
		}
	}
	return f.WriteToBuffer()
}

func (a *App) apiRollExport(c *fiber.Ctx) error {
	r, err := a.Courses.SessionRoll(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	buf, err := rollWorkbook(r)
	if err != nil {
		return skillcert.Internal(err)
	}
	name := "点名表-" + r.Session.Date() + ".xlsx"
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, contentDisposition(name, "roll-"+r.Session.Date()+".xlsx"))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(buf.Bytes())
}

// markByLabel reads a mark from its Chinese label or its code.
func markByLabel(s string) (courses.Mark, bool) {
	s = strings.TrimSpace(s)
	for _, m := range courses.Marks {
		if s == m.Label() || s == string(m) {
			return m, true
		}
	}
	return "", false
}

// readRollFile checks and reads an uploaded roll into marks for the
// roll's people; rows without a mark are skipped.
func readRollFile(c *fiber.Ctx, roll *courses.Roll) ([]courses.MarkInput, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, skillcert.Invalid("file", "请选择要导入的点名表文件（.xlsx）")
	}
	if fh.Size > maxRollFile {
		return nil, &skillcert.Error{Code: skillcert.ETOOLARGE, Field: "file",
			Message: fmt.Sprintf("点名表文件不能超过 %d MB（现为 %.1f MB）", maxRollFile>>20, float64(fh.Size)/(1<<20))}
	}
	if !strings.HasSuffix(strings.ToLower(fh.Filename), ".xlsx") {
		return nil, skillcert.Invalid("file", "点名表须为 .xlsx 文件（现为“%s”）", fh.Filename)
	}
	src, err := fh.Open()
	if err != nil {
		return nil, skillcert.Internal(err)
	}
	defer src.Close()
	data, err := io.ReadAll(io.LimitReader(src, maxRollFile+1))
	if err != nil {
		return nil, skillcert.Internal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxRollUnzipped, UnzipXMLSizeLimit: maxRollUnzipped})
	if err != nil {
		return nil, skillcert.Invalid("file", "无法读取点名表：文件不是有效的 .xlsx 文件或已损坏")
	}
	defer f.Close()
	rows, err := f.GetRows(rollSheet)
	if err != nil {
		return nil, skillcert.Invalid("file", "点名表中没有名为“%s”的工作表，请使用本平台导出的点名表", rollSheet)
	}
	if len(rows) > maxRollRows {
		return nil, &skillcert.Error{Code: skillcert.ETOOLARGE, Field: "file", Message: fmt.Sprintf("点名表最多 %d 行（现为 %d 行）", maxRollRows, len(rows))}
	}
	known := make(map[string]bool, len(roll.Entries))
	for _, e := range roll.Entries {
		known[e.PersonID] = true
	}
	unquote := func(s string) string { return strings.TrimPrefix(strings.TrimSpace(s), "'") }
	var lines []courses.MarkInput
	var faults []string
	seen := map[string]int{}
	for i, row := range rows {
		if i < 2 { // title and header
			continue
		}
		cell := func(k int) string {
			if k < len(row) {
				return unquote(row[k])
			}
			return ""
		}
		n := i + 1
		pid, markText, reason := cell(1), cell(4), cell(5)
		if pid == "" && markText == "" {
			continue
		}
		if !known[pid] {
			faults = append(faults, fmt.Sprintf("第 %d 行：学员“%s”不在本课次的点名表中", n, cell(2)))
			continue
		}
		if first, dup := seen[pid]; dup {
			faults = append(faults, fmt.Sprintf("第 %d 行与第 %d 行是同一名学员", n, first))
			continue
		}
		seen[pid] = n
		if markText == "" {
			continue
		}
		m, ok := markByLabel(markText)
		if !ok {
			faults = append(faults, fmt.Sprintf("第 %d 行：出勤情况“%s”无效，应为出勤、迟到、缺勤或请假", n, markText))
			continue
		}
		in := courses.MarkInput{PersonID: pid, Mark: m, Reason: reason}
		if err := in.Validate(); err != nil {
			faults = append(faults, fmt.Sprintf("第 %d 行：%s", n, skillcert.ErrorMessage(err)))
			continue
		}
		lines = append(lines, in)
	}
	if len(faults) > 0 {
		total, more := len(faults), ""
		if len(faults) > maxRollFaults {
			more = fmt.Sprintf("；另有 %d 处错误", len(faults)-maxRollFaults)
			faults = faults[:maxRollFaults]
		}
		return nil, skillcert.Invalid("file", "点名表有 %d 处错误，未导入：%s%s", total, strings.Join(faults, "；"), more)
	}
	if len(lines) == 0 {
		return nil, skillcert.Invalid("file", "点名表中没有填写任何出勤情况")
	}
	return lines, nil
}

// importRoll reads an uploaded roll and records it as a roll call.
func (a *App) importRoll(c *fiber.Ctx) (*rollImportReply, error) {
	ctx, actor := c.UserContext(), actorOf(c)
	roll, err := a.Courses.SessionRoll(ctx, actor, c.Params("id"))
	if err != nil {
		return nil, err
	}
	lines, err := readRollFile(c, roll)
	if err != nil {
		return nil, err
	}
	res, err := a.Courses.RollCall(ctx, actor, c.Params("id"), lines)
	if err != nil {
		return nil, err
	}
	return &rollImportReply{Rows: len(lines), Result: *res}, nil
}

func (a *App) apiRollImport(c *fiber.Ctx) error {
	r, err := a.importRoll(c)
	if err != nil {
		return err
	}
	return c.JSON(r)
}
