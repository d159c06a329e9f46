package store

import (
	"context"
	_ "embed"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
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

// tiersInHundredths is schema step 61: the construction subsidy's tier
// bounds were whole m² ("minArea"); they become hundredths of m²
// ("minAreaCenti") so a bound may have decimals. Tiers already converted
// are kept, so the step can run again.
func tiersInHundredths(ctx context.Context, d *DB) error {
	c := d.Collection(CollPolicyParams)
	var docs []bson.M
	if err := c.Find(ctx, bson.D{}, &docs); err != nil {
		return err
	}
	for _, doc := range docs {
		tiers, ok := doc["constructionSubsidy"].(bson.A)
		if !ok {
			continue
		}
		out := bson.A{}
		changed := false
		for _, raw := range tiers {
			var t bson.M
			switch v := raw.(type) {
			case bson.M:
				t = v
			case bson.D:
				t = bson.M{}
				for _, e := range v {
					t[e.Key] = e.Value
				}
			default:
				return fmt.Errorf("policy %v: a construction tier is not a document (%T)", doc["_id"], raw)
			}
			if _, done := t["minAreaCenti"]; done {
				out = append(out, bson.D{{Key: "minAreaCenti", Value: t["minAreaCenti"]}, {Key: "amountFen", Value: t["amountFen"]}})
				continue
			}
			var m2 int64
			switch v := t["minArea"].(type) {
			case int32:
				m2 = int64(v)
			case int64:
				m2 = v
			case float64:
				m2 = int64(v)
			default:
				return fmt.Errorf("policy %v: construction tier bound %v (%T) is not a number", doc["_id"], t["minArea"], t["minArea"])
			}
			out = append(out, bson.D{{Key: "minAreaCenti", Value: m2 * 100}, {Key: "amountFen", Value: t["amountFen"]}})
			changed = true
		}
		if !changed {
			continue
		}
		if _, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: doc["_id"]}}, bson.D{{Key: "$set", Value: bson.D{{Key: "constructionSubsidy", Value: out}}}}); err != nil {
			return err
		}
	}
	return nil
}
