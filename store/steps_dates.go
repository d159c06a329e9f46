package store

import (
	"context"
	"strings"

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
// their day in China time. It reads each collection once (its _id and the
// date fields) and writes only the documents that hold a datetime there,
// by _id, in batches; documents already converted are left alone, so a
// step cut short is simply run again.
func convertLegacyDates(ctx context.Context, d *DB) error {
	for coll, fields := range calendarDateFields {
		if err := convertDatesIn(ctx, d.Collection(coll), fields); err != nil {
			return err
		}
	}
	return nil
}

func convertDatesIn(ctx context.Context, c *Collection, fields []string) error {
	proj := bson.D{{Key: "_id", Value: 1}}
	for _, f := range fields {
		proj = append(proj, bson.E{Key: f, Value: 1})
	}
	var docs []bson.Raw
	if err := c.Find(ctx, bson.D{}, &docs, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetProjection(proj)); err != nil {
		return err
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
	_, err := c.BulkWrite(ctx, models, false)
	return err
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
