package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Index is a declared index of a collection. Keys are in order; a key
// prefixed with "-" is descending.
type Index struct {
	Collection string
	Keys       []string
	Unique     bool
}

// Name is the index name, stable across engines.
func (ix Index) Name() string {
	return strings.NewReplacer("-", "desc_", ".", "_").Replace(strings.Join(ix.Keys, "__"))
}

func (ix Index) model() mongo.IndexModel {
	keys := bson.D{}
	for _, k := range ix.Keys {
		if strings.HasPrefix(k, "-") {
			keys = append(keys, bson.E{Key: k[1:], Value: -1})
		} else {
			keys = append(keys, bson.E{Key: k, Value: 1})
		}
	}
	o := options.Index().SetName(ix.Name())
	if ix.Unique {
		o.SetUnique(true)
	}
	return mongo.IndexModel{Keys: keys, Options: o}
}

func (ix Index) field(i int) string { return strings.TrimPrefix(ix.Keys[i], "-") }

// Step is one schema step. Steps run in order; each is recorded once
// applied and skipped afterwards, except Always steps, which are
// idempotent and run at every start (e.g. ensuring declared indexes).
type Step struct {
	ID     int
	Name   string
	Always bool
	Apply  func(ctx context.Context, db *DB) error
}

type stepRecord struct {
	ID        int       `bson:"_id"`
	Name      string    `bson:"name"`
	AppliedAt time.Time `bson:"appliedAt"`
}

// Migrate applies the schema steps not yet recorded, in order.
func (d *DB) Migrate(ctx context.Context, steps []Step) error {
	var done []stepRecord
	if err := d.Collection(CollSchemaSteps).Find(ctx, bson.D{}, &done); err != nil {
		return fmt.Errorf("store: read schema steps: %w", err)
	}
	applied := map[int]bool{}
	for _, r := range done {
		applied[r.ID] = true
	}
	last := 0
	for _, s := range steps {
		if s.ID <= last {
			return fmt.Errorf("store: schema step %d (%s) is out of order", s.ID, s.Name)
		}
		last = s.ID
		if applied[s.ID] && !s.Always {
			continue
		}
		if err := s.Apply(ctx, d); err != nil {
			return fmt.Errorf("store: schema step %d (%s): %w", s.ID, s.Name, err)
		}
		if !applied[s.ID] {
			rec := stepRecord{ID: s.ID, Name: s.Name, AppliedAt: time.Now().UTC()}
			_, err := d.Collection(CollSchemaSteps).ReplaceOne(ctx, bson.D{{Key: "_id", Value: s.ID}}, rec, options.Replace().SetUpsert(true))
			if err != nil {
				return fmt.Errorf("store: record schema step %d: %w", s.ID, err)
			}
			d.log.Info("schema step applied", "step", s.ID, "name", s.Name)
		}
	}
	return nil
}

// EnsureIndexes creates the given indexes; existing ones are left alone.
func (d *DB) EnsureIndexes(ctx context.Context, indexes []Index) error {
	// Only missing indexes are created: the embedded engine drops the
	// connection when asked to create several that exist already.
	existing := map[string]map[string]bool{}
	for _, ix := range indexes {
		have, ok := existing[ix.Collection]
		if !ok {
			names, err := d.IndexNames(ctx, ix.Collection)
			if err != nil {
				return fmt.Errorf("list indexes of %s: %w", ix.Collection, err)
			}
			have = map[string]bool{}
			for _, n := range names {
				have[n] = true
			}
			existing[ix.Collection] = have
		}
		if have[ix.Name()] {
			continue
		}
		unlock, err := d.lockWrites(ctx, "createIndex", ix.Collection)
		if err != nil {
			return err
		}
		_, err = d.db.Collection(ix.Collection).Indexes().CreateOne(ctx, ix.model())
		unlock()
		if err != nil {
			return fmt.Errorf("create index %s on %s: %w", ix.Name(), ix.Collection, err)
		}
		have[ix.Name()] = true
	}
	return nil
}

// EnsureCollections creates collections that do not exist yet.
func (d *DB) EnsureCollections(ctx context.Context, names []string) error {
	have, err := d.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return translate(err)
	}
	exists := map[string]bool{}
	for _, n := range have {
		exists[n] = true
	}
	for _, n := range names {
		if exists[n] {
			continue
		}
		unlock, err := d.lockWrites(ctx, "createCollection", n)
		if err != nil {
			return err
		}
		err = d.db.CreateCollection(ctx, n)
		unlock()
		if err != nil && !strings.Contains(err.Error(), "already exists") {
			return fmt.Errorf("create collection %s: %w", n, err)
		}
	}
	return nil
}

// IndexNames lists the names of the indexes that exist on a collection.
func (d *DB) IndexNames(ctx context.Context, coll string) ([]string, error) {
	cur, err := d.db.Collection(coll).Indexes().List(ctx)
	if err != nil {
		return nil, translate(err)
	}
	var specs []struct {
		Name string `bson:"name"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		return nil, translate(err)
	}
	out := make([]string, 0, len(specs))
	for _, s := range specs {
		out = append(out, s.Name)
	}
	return out, nil
}

// UnservedShapes returns the recorded query shapes that no declared index
// serves. A shape is served when it filters on _id; or when some index's
// first key is one of its filter fields; or, for an unfiltered sorted
// query, when some index starts with its first sort key; an unfiltered,
// unsorted read is allowed only on the small reference collections.
func UnservedShapes(shapes []Shape, indexes []Index, small map[string]bool) []Shape {
	var bad []Shape
	for _, s := range shapes {
		if !served(s, indexes, small) {
			bad = append(bad, s)
		}
	}
	return bad
}

func served(s Shape, indexes []Index, small map[string]bool) bool {
	if small[s.Collection] {
		return true
	}
	has := map[string]bool{}
	for _, f := range s.Filter {
		has[f] = true
	}
	if has["_id"] {
		return true
	}
	if len(s.Filter) == 0 {
		if len(s.Sort) == 0 {
			return false
		}
		if s.Sort[0] == "_id" {
			return true
		}
		for _, ix := range indexes {
			if ix.Collection == s.Collection && ix.field(0) == s.Sort[0] {
				return true
			}
		}
		return false
	}
	for _, ix := range indexes {
		if ix.Collection == s.Collection && has[ix.field(0)] {
			return true
		}
	}
	return false
}
