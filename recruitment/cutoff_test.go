package recruitment

import (
	"testing"

	"skillcert"
)

// A cutoff far from the application window is refused: ages must be
// counted at a day near the recruitment, within a year before it opens
// and a year after it closes.
func TestPostCutoffNearTheWindow(t *testing.T) {
	f := newFixture(t) // today 2026-04-01
	in := PostInput{Title: "乌镇镇人力社保协理员", Places: 1, Opens: "2026-04-01", Closes: "2026-04-30"}
	for cutoff, ok := range map[string]bool{
		"2022-12-31": false, // years before the post opens
		"2025-03-31": false, // a year and a day before
		"2025-04-01": true,
		"2026-04-30": true,
		"2027-04-30": true,
		"2027-05-01": false,
	} {
		in.Cutoff = cutoff
		_, err := f.svc.CreatePost(f.ctx, wzStaff, in)
		if ok && err != nil {
			t.Errorf("cutoff %s: %v", cutoff, err)
		}
		if !ok {
			wantCode(t, err, skillcert.EINVALID)
		}
	}
}
