package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
)

// calendarDateFields are the stored fields that hold calendar dates
// (skillcert.Date, written "YYYY-MM-DD"), by collection; an array field
// holds a list of dates. Versions before the Date type wrote these as
// BSON datetimes at midnight China time, which read back correctly but
// neither compare nor sort with the strings queries use (a certificate
// expiring soon, the newest first).
var calendarDateFields = map[string][]string{
	CollPersons:                 {"birthDate"},
	CollCertificates:            {"courseStart", "courseEnd", "issueDate", "validUntil"},
	CollRecruitmentApplications: {"birthDate"},
	CollRecruitmentPosts:        {"opens", "closes", "requirements.cutoff", "notice.start", "notice.end"},
	CollPolicyParams:            {"effectiveFrom"},
	CollHolidayCalendars:        {"daysOff", "workingWeekends"},
}

// convertLegacyDates rewrites the calendar dates stored as datetimes into
// their day in China time. It writes only the documents that hold a
// datetime in one of the fields, by _id, in batches; documents already
// converted are left alone, so a step cut short is simply run again. On
// the embedded engine the documents are found with SQL on the engine's
// type tags (a 200,000-people register is one index-free pass of SQLite,
// not a decoding of every document by the engine); elsewhere, and for
// nested and array fields, each collection is read once (its _id and the
// date fields) under a deadline of its own.
func convertLegacyDates(ctx context.Context, d *DB) error {
	for coll, fields := range calendarDateFields {
		if err := convertDatesIn(ctx, d, coll, fields); err != nil {
			return err
		}
	}
	return nil
}

// legacyDateTimeout bounds the reading of one collection by the step.
const legacyDateTimeout = 30 * time.Minute

func convertDatesIn(ctx context.Context, d *DB, coll string, fields []string) error {
	ctx, cancel := context.WithTimeout(ctx, legacyDateTimeout)
	defer cancel()
	c := d.Collection(coll)
	proj := bson.D{{Key: "_id", Value: 1}}
	for _, f := range fields {
		proj = append(proj, bson.E{Key: f, Value: 1})
	}
	ids, bySQL, err := d.legacyDateIDs(ctx, coll, fields)
	if err != nil {
		return err
	}
	var docs []bson.Raw
	if !bySQL {
		if err := c.Find(ctx, bson.D{}, &docs, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetProjection(proj)); err != nil {
			return err
		}
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		var some []bson.Raw
		if err := c.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: chunk}}}}, &some, options.Find().SetProjection(proj)); err != nil {
			return err
		}
		docs = append(docs, some...)
	}
	var models []mongo.WriteModel
	for _, doc := range docs {
		set := bson.D{}
		for _, f := range fields {
			v, err := doc.LookupErr(strings.Split(f, ".")...)
			if err != nil {
				continue
			}
			if nv, changed := dayOfDatetimes(v); changed {
				set = append(set, bson.E{Key: f, Value: nv})
			}
		}
		if len(set) > 0 {
			models = append(models, mongo.NewUpdateOneModel().
				SetFilter(bson.D{{Key: "_id", Value: doc.Lookup("_id")}}).
				SetUpdate(bson.D{{Key: "$set", Value: set}}))
		}
	}
	if len(models) == 0 {
		return nil
	}
	_, err = c.BulkWrite(ctx, models, false)
	return err
}

// legacyDateIDs selects, on the embedded engine, the string _ids of the
// documents of coll whose top-level fields hold a datetime, by the type
// tags of the engine's JSON; bySQL is false when the engine must be asked
// instead (MongoDB, nested fields, or a field that may hold an array).
func (d *DB) legacyDateIDs(ctx context.Context, coll string, fields []string) (ids []string, bySQL bool, err error) {
	if d.accel == nil || coll == CollHolidayCalendars {
		return nil, false, nil
	}
	for _, f := range fields {
		if strings.Contains(f, ".") {
			return nil, false, nil
		}
	}
	db, err := d.accel.conn()
	if err != nil {
		return nil, false, err
	}
	table, err := d.accel.tableOf(ctx, db, coll)
	if err != nil || table == "" {
		return nil, err == nil, err
	}
	conds := make([]string, len(fields))
	for i, f := range fields {
		conds[i] = typeExpr(f) + " = 'date'"
	}
	rows, err := db.QueryContext(ctx, "SELECT "+fieldExpr("_id")+", "+typeExpr("_id")+" FROM "+quoteIdent(table)+" WHERE "+strings.Join(conds, " OR "))
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, typ sql.NullString
		if err := rows.Scan(&id, &typ); err != nil {
			return nil, false, err
		}
		if !id.Valid || typ.String != "string" {
			return nil, false, nil // an _id the $in below could not name: ask the engine
		}
		ids = append(ids, id.String)
	}
	return ids, true, rows.Err()
}

// dayOfDatetimes returns v with each datetime (v itself, or the elements
// of an array) replaced by its day in China time as "YYYY-MM-DD"; changed
// is false when v held none.
func dayOfDatetimes(v bson.RawValue) (any, bool) {
	switch v.Type {
	case bson.TypeDateTime:
		return skillcert.DateOf(v.Time()).String(), true
	case bson.TypeArray:
		vals, err := v.Array().Values()
		if err != nil {
			return nil, false
		}
		out := make(bson.A, len(vals))
		changed := false
		for i, e := range vals {
			if e.Type == bson.TypeDateTime {
				out[i], changed = skillcert.DateOf(e.Time()).String(), true
			} else {
				out[i] = e
			}
		}
		return out, changed
	}
	return nil, false
}
