package store

import (
	"context"
	_ "embed"
)

// The town assessment's weight versions (package reports): a small
// reference collection the city edits, read whole.
const CollAssessmentWeights = "assessment_weights"

var policyhomeCollections = []string{CollAssessmentWeights}

// No index: the collection is read whole (SmallCollections).
var policyhomeIndexes = []Index{}

//go:embed refdata/assessment_weights.json
var assessmentWeightsJSON []byte

func init() {
	SmallCollections[CollAssessmentWeights] = true
	// Written by schema step 60: a database holding only it is empty.
	referenceCollections[CollAssessmentWeights] = true
}

// storeAssessmentWeights is schema step 60: the weights that were a
// constant in code (version 2026-1) become the first stored version, so
// existing data scores as before.
func storeAssessmentWeights(ctx context.Context, d *DB) error {
	return upsertReference(ctx, d, CollAssessmentWeights, assessmentWeightsJSON, "versions")
}
