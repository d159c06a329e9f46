package roster

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BenchmarkImportService20000 imports a 20,000-row .xlsx through the
// service on the database of the tests (the embedded engine unless
// MONGODB_URI is set), as a town's staff would upload it. The baseline,
// measured in the same run, is excelize reading the same sheet and doing
// nothing else.
//
//   - first-import: into an empty register (20,000 inserts and 20,000
//     audit entries, in batches);
//   - reimport-unchanged: the same file again (one read of the town,
//     nothing written);
//   - reimport-10-changed: the file with 10 rows changed (10
//     replacements by key; on the embedded engine each one scans the
//     collection).
//
// Run: go test ./roster -run '^$' -bench ImportService -benchtime 1x
func BenchmarkImportService20000(b *testing.B) {
	const n = 20000
	rows := bigRows(b, n)
	data := bigXLSXRows(b, rows)
	changed := make([][]string, len(rows))
	for i, r := range rows {
		changed[i] = r
		if i%(n/10) == 0 {
			c := append([]string(nil), r...)
			c[2] = "13600000000"
			changed[i] = c
		}
	}
	changedData := bigXLSXRows(b, changed)
	b.Logf("file: %d rows, %s", n, formatSize(int64(len(data))))

	b.Run("baseline-excelize-GetRows", func(b *testing.B) {
		for b.Loop() {
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			got, err := f.GetRows("Sheet1")
			if err != nil || len(got) != n+1 {
				b.Fatalf("%d rows, %v", len(got), err)
			}
			f.Close()
		}
	})

	parent := b
	f := newFixture(b)
	ctx := ctxAs(wzStaff)
	b.Run("first-import", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			f = newFixture(parent) // outlives this sub-benchmark
			ctx = ctxAs(wzStaff)
			b.StartTimer()
			job, err := f.svc.Import(ctx, wzStaff, "big.xlsx", data)
			if err != nil || job.Created != n {
				b.Fatalf("job %+v: %v", job, err)
			}
		}
	})
	b.Run("reimport-unchanged", func(b *testing.B) {
		for b.Loop() {
			job, err := f.svc.Import(ctx, wzStaff, "big.xlsx", data)
			if err != nil || job.Unchanged != n {
				b.Fatalf("job %+v: %v", job, err)
			}
		}
	})
	b.Run("reimport-10-changed", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			if _, err := f.svc.Import(ctx, wzStaff, "big.xlsx", data); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			job, err := f.svc.Import(ctx, wzStaff, "changed.xlsx", changedData)
			if err != nil || job.Updated != 10 {
				b.Fatalf("job %+v: %v", countsOf(job), err)
			}
		}
	})
}
