package store

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// Indexes declares every index the platform needs, in this package: the
// platform's own here, each feature's in indexes_<feature>.go. Every query
// a user can trigger must be served by one of these on MongoDB; a test
// checks every recorded query shape against this list.
var Indexes = concat(platformIndexes, rosterIndexes, coursesIndexes, certificatesIndexes, recruitmentIndexes, hangIndexes, opsIndexes, authsecIndexes, reportsIndexes, subsidiesIndexes, certBatchIndexes, policyhomeIndexes, ratingSumsIndexes)

func concat[T any](first []T, rest ...[]T) []T {
	out := append([]T(nil), first...)
	for _, r := range rest {
		out = append(out, r...)
	}
	return out
}

var platformIndexes = []Index{
	{Collection: CollOrgUnits, Keys: []string{"parent", "order"}},
	{Collection: CollAccounts, Keys: []string{"username"}, Unique: true},
	{Collection: CollAccounts, Keys: []string{"town", "role", "username"}},
	{Collection: CollAccounts, Keys: []string{"role", "username"}},
	{Collection: CollAccounts, Keys: []string{"personId"}},
	{Collection: CollSessions, Keys: []string{"accountId"}},
	{Collection: CollSessions, Keys: []string{"expiresAt"}},
	{Collection: CollAudit, Keys: []string{"-at"}},
	{Collection: CollAudit, Keys: []string{"actorId", "-at"}},
	{Collection: CollAudit, Keys: []string{"targetId", "-at"}},
	{Collection: CollAudit, Keys: []string{"action", "-at"}},
	{Collection: CollLoginAttempts, Keys: []string{"updatedAt"}},
}

// SmallCollections are reference collections read whole; they stay small
// (tens of documents) so a scan is cheaper than an index.
var SmallCollections = map[string]bool{
	CollOrgUnits:     true,
	CollPolicyParams: true,
}

// AllCollections lists the collections the schema creates.
var AllCollections = concat([]string{
	CollOrgUnits, CollAccounts, CollSessions, CollAudit, CollLoginAttempts,
	CollCounters, CollPolicyParams,
}, rosterCollections, coursesCollections, certificatesCollections, recruitmentCollections, opsCollections, authsecCollections, reportsCollections, subsidiesCollections, certBatchCollections, policyhomeCollections, ratingSumsCollections)

//go:embed refdata/org_units.json
var orgUnitsJSON []byte

//go:embed refdata/policy_params.json
var policyParamsJSON []byte

// Steps is the ordered list of schema steps. Append new steps at the end
// with the next ID; never change an applied step's meaning.
var Steps = []Step{
	{ID: 1, Name: "create collections", Always: true, Apply: func(ctx context.Context, d *DB) error {
		return d.EnsureCollections(ctx, AllCollections)
	}},
	{ID: 2, Name: "org units 2026 (towns real, villages and populations samples)", Apply: func(ctx context.Context, d *DB) error {
		return upsertReference(ctx, d, CollOrgUnits, orgUnitsJSON, "units")
	}},
	{ID: 3, Name: "coordinator policy parameters 2012-1", Apply: func(ctx context.Context, d *DB) error {
		return upsertReference(ctx, d, CollPolicyParams, policyParamsJSON, "versions")
	}},
	{ID: 20, Name: "embedded engine: SQLite indexes of the read path", Always: true, Apply: func(ctx context.Context, d *DB) error {
		return d.ensureAccelIndexes(ctx)
	}},
	{ID: 30, Name: "number the audit entries written before the audit chain", Apply: numberLegacyAudit},
	{ID: 40, Name: "drop the persons' plaintext idNumber index (ID numbers are sealed, found by idHash)", Apply: dropPlainIDNumberIndex},
	{ID: 50, Name: "subsidy parameters (insurance share, reward bands) on policy version 2012-1, placeholders", Apply: fillSubsidyParams},
	{ID: 60, Name: "town assessment weights 2026-1 (were a constant in code)", Apply: storeAssessmentWeights},
	{ID: 61, Name: "construction subsidy tier bounds in hundredths of m² (decimals allowed)", Apply: tiersInHundredths},
	{ID: 90, Name: "calendar dates stored as datetimes by earlier versions become YYYY-MM-DD", Apply: convertLegacyDates},
	{ID: 1000, Name: "ensure declared indexes", Always: true, Apply: func(ctx context.Context, d *DB) error {
		return d.EnsureIndexes(ctx, Indexes)
	}},
}

// upsertReference replaces each document of a reference data file by _id,
// so a step can be re-run without duplicates.
func upsertReference(ctx context.Context, d *DB, coll string, data []byte, key string) error {
	var file map[string]json.RawMessage
	if err := json.Unmarshal(data, &file); err != nil {
		return fmt.Errorf("reference data %s: %w", coll, err)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(file[key], &docs); err != nil {
		return fmt.Errorf("reference data %s: %w", coll, err)
	}
	models := make([]mongo.WriteModel, 0, len(docs))
	for _, raw := range docs {
		var doc bson.D
		if err := bson.UnmarshalExtJSON(raw, false, &doc); err != nil {
			return fmt.Errorf("reference data %s: %w", coll, err)
		}
		var id any
		for _, e := range doc {
			if e.Key == "_id" {
				id = e.Value
			}
		}
		models = append(models, mongo.NewReplaceOneModel().SetFilter(bson.D{{Key: "_id", Value: id}}).SetReplacement(doc).SetUpsert(true))
	}
	_, err := d.Collection(coll).BulkWrite(ctx, models, true)
	return err
}
