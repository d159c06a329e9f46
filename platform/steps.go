package platform

import (
	"context"
	"slices"

	"skillcert/courses"
	"skillcert/idcrypt"
	"skillcert/store"
)

// ratingSumsStepID computes the course ratings' totals from the ratings
// written before the totals existed (the lead's range 90–99).
const ratingSumsStepID = 91

// schemaSteps is the whole ordered list of schema steps: the store's, the
// one that seals plaintext ID numbers under keys, and the domain's
// derived data the store cannot compute (the ratings' totals).
func schemaSteps(keys *idcrypt.Keyring) []store.Step {
	out := withIDNumberSteps(store.Steps, keys)
	sums := store.Step{ID: ratingSumsStepID, Name: "course rating totals by year and town, from the ratings",
		Apply: func(ctx context.Context, db *store.DB) error { return courses.RebuildRatingSums(ctx, db) }}
	i := slices.IndexFunc(out, func(s store.Step) bool { return s.ID > ratingSumsStepID })
	if i < 0 {
		i = len(out)
	}
	return slices.Insert(out, i, sums)
}
