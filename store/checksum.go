package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// CollectionSum is the number of documents of a collection and a
// checksum over them: SHA-256 of each document's canonical extended JSON
// (keys sorted at every level, so field order does not matter), in _id
// order. Two engines holding the same documents give the same sum.
type CollectionSum struct {
	Name   string `json:"name"`
	Count  int64  `json:"count"`
	SHA256 string `json:"sha256"`
}

// docHasher accumulates the checksum of a collection's documents, fed in
// _id order.
type docHasher struct {
	h hash.Hash
	n int64
}

func newDocHasher() *docHasher { return &docHasher{h: sha256.New()} }

func (dh *docHasher) add(doc bson.D) error {
	line, err := bson.MarshalExtJSON(sortedDoc(doc), true, false)
	if err != nil {
		return err
	}
	dh.h.Write(line)
	dh.h.Write([]byte{'\n'})
	dh.n++
	return nil
}

func (dh *docHasher) sum(name string) CollectionSum {
	return CollectionSum{Name: name, Count: dh.n, SHA256: hex.EncodeToString(dh.h.Sum(nil))}
}

// sortedDoc returns a copy of doc with the keys of every embedded
// document sorted.
func sortedDoc(doc bson.D) bson.D {
	out := make(bson.D, len(doc))
	for i, e := range doc {
		out[i] = bson.E{Key: e.Key, Value: sortedValue(e.Value)}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func sortedValue(v any) any {
	switch t := v.(type) {
	case bson.D:
		return sortedDoc(t)
	case bson.A:
		out := make(bson.A, len(t))
		for i, x := range t {
			out[i] = sortedValue(x)
		}
		return out
	}
	return v
}

// Checksum computes the count and checksum of one collection, reading it
// whole in _id order.
func (d *DB) Checksum(ctx context.Context, coll string) (CollectionSum, error) {
	ctx, cancel := within(ctx, opsScan)
	defer cancel()
	return checksumOf(ctx, d.db.Collection(coll))
}

func checksumOf(ctx context.Context, c *mongo.Collection) (CollectionSum, error) {
	cur, err := c.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return CollectionSum{}, translate(err)
	}
	defer cur.Close(ctx)
	dh := newDocHasher()
	for cur.Next(ctx) {
		var doc bson.D
		if err := cur.Decode(&doc); err != nil {
			return CollectionSum{}, fmt.Errorf("checksum %s: %w", c.Name(), err)
		}
		if err := dh.add(doc); err != nil {
			return CollectionSum{}, fmt.Errorf("checksum %s: %w", c.Name(), err)
		}
	}
	if err := cur.Err(); err != nil {
		return CollectionSum{}, translate(err)
	}
	return dh.sum(c.Name()), nil
}

// CollectionNames lists the database's collections, sorted.
func (d *DB) CollectionNames(ctx context.Context) ([]string, error) {
	ctx, cancel := within(ctx, opsCall)
	defer cancel()
	names, err := d.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, translate(err)
	}
	sort.Strings(names)
	return names, nil
}

// referenceCollections hold what the schema steps write into a new
// database; a database holding only these is empty for a restore or a
// move.
var referenceCollections = map[string]bool{
	CollSchemaSteps:  true,
	CollOrgUnits:     true,
	CollPolicyParams: true,
}

// UserData lists the collections that hold documents other than what
// the schema steps write (empty for a new database).
func (d *DB) UserData(ctx context.Context) ([]string, error) {
	ctx, cancel := within(ctx, opsCall)
	defer cancel()
	names, err := d.CollectionNames(ctx)
	if err != nil {
		return nil, err
	}
	var full []string
	for _, n := range names {
		if referenceCollections[n] {
			continue
		}
		n64, err := d.db.Collection(n).EstimatedDocumentCount(ctx)
		if err != nil {
			return nil, translate(err)
		}
		if n64 > 0 {
			full = append(full, n)
		}
	}
	return full, nil
}

// AppliedSteps lists the IDs of the schema steps recorded as applied.
func (d *DB) AppliedSteps(ctx context.Context) ([]int, error) {
	ctx, cancel := within(ctx, opsCall)
	defer cancel()
	var recs []stepRecord
	if err := d.Collection(CollSchemaSteps).Find(ctx, bson.D{}, &recs, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})); err != nil {
		return nil, err
	}
	ids := make([]int, 0, len(recs))
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	return ids, nil
}

// unknownSteps returns the applied step IDs that steps does not declare
// (the data comes from a newer version of the program).
func unknownSteps(applied []int, steps []Step) []int {
	known := map[int]bool{}
	for _, s := range steps {
		known[s.ID] = true
	}
	var out []int
	for _, id := range applied {
		if !known[id] {
			out = append(out, id)
		}
	}
	return out
}
