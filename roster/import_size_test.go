package roster

import (
	"testing"
)

// TestImportOfAThousandChangedRows imports 1,000 new people and then the
// same 1,000 with a changed field, which replaces every one of them: the
// replacements go to the engine in the store's batches (one command of
// 500 replacements never answered on the embedded engine), and all are
// saved.
func TestImportOfAThousandChangedRows(t *testing.T) {
	const n = 1000
	f := newFixture(t)
	rows := bigRows(t, n)
	job, err := f.svc.Import(ctxAs(wzStaff), wzStaff, "big.xlsx", xlsxOf(t, rows))
	if err != nil || job.Created != n {
		t.Fatalf("first import: %+v, %v", countsOf(job), err)
	}
	for i := range rows {
		rows[i][9] = "灵活就业" // employment, was 在职
	}
	job, err = f.svc.Import(ctxAs(wzStaff), wzStaff, "big.xlsx", xlsxOf(t, rows))
	if err != nil || job.Updated != n {
		t.Fatalf("second import: %+v, %v", countsOf(job), err)
	}
}
