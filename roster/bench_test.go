package roster

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// bigRows returns n valid distinct rows in template column order.
func bigRows(tb testing.TB, n int) [][]string {
	tb.Helper()
	rows := make([][]string, n)
	for i := range rows {
		// Distinct numbers: birth days from 1960 on, sequence from the index.
		day := i / 500
		first17 := fmt.Sprintf("330483%s%03d", strings.ReplaceAll(date(1960, 1, 1).AddDays(day).String(), "-", ""), i%500*2+1)
		rows[i] = []string{"测试人员", withCheck(tb, first17), "13905731234", "乌镇镇", "民合村", "企业职工、被征地农民",
			"高中", "基本操作", "", "在职", "基准测试数据"}
	}
	return rows
}

// bigXLSX writes the template header and n rows with the stream writer.
func bigXLSX(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	write := func(line int, cells []string) {
		cell, _ := excelize.CoordinatesToCellName(1, line)
		if err := sw.SetRow(cell, anyRow(cells)); err != nil {
			tb.Fatal(err)
		}
	}
	write(1, templateHeader())
	for i, r := range bigRows(tb, n) {
		write(i+2, r)
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func bigCSV(tb testing.TB, n int) []byte {
	var b strings.Builder
	b.WriteString(strings.Join(templateHeader(), ",") + "\r\n")
	for _, r := range bigRows(tb, n) {
		b.WriteString(strings.Join(r, ",") + "\r\n")
	}
	return []byte(b.String())
}

// BenchmarkImport20000 measures a full file at the default row limit:
// the baseline is excelize reading the same sheet with no checks, so the
// difference is what the size checks, header mapping and row building cost.
// CheckRows is the validation of the parsed rows.
func BenchmarkImport20000(b *testing.B) {
	const n = 20000
	xlsx := bigXLSX(b, n)
	csv := bigCSV(b, n)
	b.Logf("20,000 rows: .xlsx %s, .csv %s", formatSize(int64(len(xlsx))), formatSize(int64(len(csv))))
	b.Run("baseline-excelize-GetRows", func(b *testing.B) {
		for b.Loop() {
			f, err := excelize.OpenReader(bytes.NewReader(xlsx))
			if err != nil {
				b.Fatal(err)
			}
			rows, err := f.GetRows("Sheet1")
			if err != nil || len(rows) != n+1 {
				b.Fatalf("%d rows, %v", len(rows), err)
			}
			f.Close()
		}
	})
	b.Run("ParseImportFile-xlsx", func(b *testing.B) {
		for b.Loop() {
			rows, err := ParseImportFile("big.xlsx", xlsx, Limits{})
			if err != nil || len(rows) != n {
				b.Fatalf("%d rows, %v", len(rows), err)
			}
		}
	})
	b.Run("ParseImportFile-csv", func(b *testing.B) {
		for b.Loop() {
			rows, err := ParseImportFile("big.csv", csv, Limits{})
			if err != nil || len(rows) != n {
				b.Fatalf("%d rows, %v", len(rows), err)
			}
		}
	})
	rows, err := ParseImportFile("big.csv", csv, Limits{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("CheckRows", func(b *testing.B) {
		for b.Loop() {
			valid, errs := CheckRows(rows, today)
			if len(valid) != n || len(errs) != 0 {
				b.Fatalf("%d valid, %d errors: %v", len(valid), len(errs), errs[:min(3, len(errs))])
			}
		}
	})
}

// BenchmarkExport20000 writes 20,000 people to .xlsx.
func BenchmarkExport20000(b *testing.B) {
	var persons []Person
	for _, r := range bigRows(b, 20000) {
		p, err := RowToInput(ImportRow{Values: map[Field]string{
			FieldName: r[0], FieldIDNumber: r[1], FieldMobile: r[2], FieldTown: r[3], FieldVillage: r[4],
			FieldGroups: r[5], FieldEducation: r[6], FieldComputerLevel: r[7], FieldEmployment: r[9], FieldNotes: r[10],
		}}).Validate(today)
		if err != nil {
			b.Fatal(err)
		}
		persons = append(persons, p)
	}
	for b.Loop() {
		if _, err := ExportPersons(persons, false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestImportAtRowLimit: a file of exactly DefaultLimits.MaxRows imports,
// one more row is refused. Built as CSV to keep the test fast.
func TestImportAtRowLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 20,000 rows")
	}
	n := int(DefaultLimits.MaxRows)
	data := bigCSV(t, n+1)
	lastRow := bytes.LastIndex(data[:len(data)-2], []byte("\r\n")) + 2
	rows, err := ParseImportFile("big.csv", data[:lastRow], Limits{})
	if err != nil || len(rows) != n || rows[n-1].Line != n+1 {
		t.Fatalf("%d rows: %d rows, %v", n, len(rows), err)
	}
	if _, err := ParseImportFile("big.csv", data, Limits{}); err == nil || !strings.Contains(err.Error(), "数据超过 20000 行的上限") {
		t.Errorf("%d rows: %v", n+1, err)
	}
}
