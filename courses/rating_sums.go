package courses

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert/store"
)

// ratingSums is the running total of one year's ratings of the courses a
// town organized ("" = the city bureau): what the town assessment reads,
// so that it never reads the ratings one by one. Each rating adds to it as
// it is written; RebuildRatingSums recomputes every total from the
// ratings (at the upgrade that introduced them, and every night).
type ratingSums struct {
	ID           string `bson:"_id"`
	Year         int    `bson:"year"`
	Town         string `bson:"town"`
	Count        int64  `bson:"count"`
	Content      int64  `bson:"content"`
	Teacher      int64  `bson:"teacher"`
	Organization int64  `bson:"organization"`
}

func ratingSumsID(year int, town string) string { return fmt.Sprintf("%d:%s", year, town) }

func (r ratingSums) summary() RatingSummary {
	return RatingSummary{Count: r.Count, Content: r.Content, Teacher: r.Teacher, Organization: r.Organization}
}

// addRating adds one rating to its year's and town's total. Two first
// ratings of a town and year upserting at once can collide on the _id on
// MongoDB: the loser's increment is applied again to the document the
// winner created.
func (s *Service) addRating(ctx context.Context, r Rating) error {
	update := bson.D{
		{Key: "$inc", Value: bson.D{{Key: "count", Value: int64(1)}, {Key: "content", Value: int64(r.Content)},
			{Key: "teacher", Value: int64(r.Teacher)}, {Key: "organization", Value: int64(r.Organization)}}},
		{Key: "$setOnInsert", Value: bson.D{{Key: "year", Value: r.Year}, {Key: "town", Value: r.Town}}},
	}
	filter := byID(ratingSumsID(r.Year, r.Town))
	_, err := s.ratingSums.UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true))
	if store.IsDuplicate(err) {
		_, err = s.ratingSums.UpdateOne(ctx, filter, update)
	}
	return err
}

// RebuildRatingSums recomputes every year's and town's rating totals from
// the ratings and replaces the stored ones (a total no rating supports is
// removed). A rating written while it runs may be left out until the
// next rebuild.
func RebuildRatingSums(ctx context.Context, db *store.DB) error {
	var rows []Rating
	if err := db.Collection(store.CollCourseRatings).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: ""}}}}, &rows,
		options.Find().SetProjection(bson.D{{Key: "town", Value: 1}, {Key: "year", Value: 1}, {Key: "content", Value: 1},
			{Key: "teacher", Value: 1}, {Key: "organization", Value: 1}})); err != nil {
		return err
	}
	sums := map[string]*ratingSums{}
	for _, r := range rows {
		id := ratingSumsID(r.Year, r.Town)
		t := sums[id]
		if t == nil {
			t = &ratingSums{ID: id, Year: r.Year, Town: r.Town}
			sums[id] = t
		}
		t.Count++
		t.Content += int64(r.Content)
		t.Teacher += int64(r.Teacher)
		t.Organization += int64(r.Organization)
	}
	coll := db.Collection(store.CollCourseRatingSums)
	var stored []ratingSums
	if err := coll.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: ""}}}}, &stored,
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}})); err != nil {
		return err
	}
	var models []mongo.WriteModel
	for _, t := range sums {
		models = append(models, mongo.NewReplaceOneModel().SetFilter(byID(t.ID)).SetReplacement(t).SetUpsert(true))
	}
	for _, old := range stored {
		if sums[old.ID] == nil {
			models = append(models, mongo.NewDeleteOneModel().SetFilter(byID(old.ID)))
		}
	}
	if len(models) == 0 {
		return nil
	}
	_, err := coll.BulkWrite(ctx, models, false)
	return err
}

// RebuildRatingSums is the package function on the service's database.
func (s *Service) RebuildRatingSums(ctx context.Context) error { return RebuildRatingSums(ctx, s.db) }
