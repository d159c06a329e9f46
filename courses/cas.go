package courses

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"sort"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert/store"
)

// Conditional writes (compare-and-set on one document).
//
// On MongoDB a conditional update is one command with the condition in
// its filter, atomic on the server. The embedded engine applies writes
// one at a time (the store serializes them), so the same command is
// correct there too, but it is slow: the engine uses an index only for a
// filter that is _id alone, so a filter of _id plus conditions scans the
// collection, and does so while the store holds its write lock, so every
// enrollment would queue behind a scan of all enrollments.
//
// With local compare-and-set (the default on the embedded engine) the
// document is read by key, the condition checked here, and the update
// written by key, all under a per-document lock of this process. That is
// the same compare-and-set as long as every write that changes a field
// some condition reads takes the lock too: in this package every write to
// a course's status, capacity and counters, to an enrollment's status,
// attempt and seatPending, to an attendance mark and to a throttle window
// goes through updateIf, upsertIf, findAndUpdateIf or lockKeys. Only one
// process may write to the embedded engine (engine.md), so a lock in this
// process covers every writer.

// docLocks are striped per-document locks for local compare-and-set,
// shared by every Service of the process.
var docLocks [256]sync.Mutex

// lockKeys locks the stripes of the given documents in ascending order
// and returns the unlock; a no-op unless compare-and-set is local.
func (s *Service) lockKeys(coll *store.Collection, ids ...string) func() {
	if !s.localCAS {
		return func() {}
	}
	seen := map[int]bool{}
	var stripes []int
	for _, id := range ids {
		h := fnv.New32a()
		h.Write([]byte(coll.Name()))
		h.Write([]byte{0})
		h.Write([]byte(id))
		i := int(h.Sum32() % uint32(len(docLocks)))
		if !seen[i] {
			seen[i] = true
			stripes = append(stripes, i)
		}
	}
	sort.Ints(stripes)
	for _, i := range stripes {
		docLocks[i].Lock()
	}
	return func() {
		for j := len(stripes) - 1; j >= 0; j-- {
			docLocks[stripes[j]].Unlock()
		}
	}
}

// updateIf applies update to the document with the ID if it satisfies
// cond and reports whether it did.
func (s *Service) updateIf(ctx context.Context, coll *store.Collection, id string, cond bson.D, update any) (ok bool, err error) {
	defer func() { s.written(ctx, coll, id, ok && err == nil) }()
	if !s.localCAS {
		res, err := coll.UpdateOne(ctx, append(byID(id), cond...), update)
		if err != nil {
			return false, err
		}
		return res.MatchedCount == 1, nil
	}
	defer s.lockKeys(coll, id)()
	ok, err = s.satisfies(ctx, coll, id, cond, false)
	if err != nil || !ok {
		return false, err
	}
	_, err = coll.UpdateOne(ctx, byID(id), update)
	return err == nil, err
}

// upsertIf applies update to the document with the ID if it satisfies
// cond, or creates it if there is none; false if a document exists that
// does not satisfy cond.
func (s *Service) upsertIf(ctx context.Context, coll *store.Collection, id string, cond bson.D, update any) (ok bool, err error) {
	defer func() { s.written(ctx, coll, id, ok && err == nil) }()
	if !s.localCAS {
		_, err := coll.UpdateOne(ctx, append(byID(id), cond...), update, upsert())
		if store.IsDuplicate(err) {
			return false, nil // the document exists and misses the condition
		}
		return err == nil, err
	}
	defer s.lockKeys(coll, id)()
	ok, err = s.satisfies(ctx, coll, id, cond, true)
	if err != nil || !ok {
		return false, err
	}
	_, err = coll.UpdateOne(ctx, byID(id), update, upsert())
	return err == nil, err
}

// findAndUpdateIf applies update to the document with the ID if it
// satisfies cond and decodes the document as updated into out; ENOTFOUND
// if it does not.
func (s *Service) findAndUpdateIf(ctx context.Context, coll *store.Collection, id string, cond bson.D, update, out any) (err error) {
	defer func() { s.written(ctx, coll, id, err == nil) }()
	after := options.FindOneAndUpdate().SetReturnDocument(options.After)
	if !s.localCAS {
		return coll.FindOneAndUpdate(ctx, append(byID(id), cond...), update, out, after)
	}
	defer s.lockKeys(coll, id)()
	ok, err := s.satisfies(ctx, coll, id, cond, false)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	return coll.FindOneAndUpdate(ctx, byID(id), update, out, after)
}

// satisfies reads the document by key and checks cond; a missing document
// satisfies nothing unless missingOK.
func (s *Service) satisfies(ctx context.Context, coll *store.Collection, id string, cond bson.D, missingOK bool) (bool, error) {
	var doc bson.Raw
	if err := coll.FindOne(ctx, byID(id), &doc); err != nil {
		if store.IsNotFound(err) {
			return missingOK, nil
		}
		return false, err
	}
	return matches(doc, cond)
}

// matches evaluates a filter of top-level fields on a document, as MongoDB
// would for the operators this package uses: equality, $ne, $lt, $lte,
// $gt, $gte, $in and $nin on strings, booleans, numbers and dates. A
// missing field equals nothing and is in no list.
func matches(doc bson.Raw, cond bson.D) (bool, error) {
	for _, e := range cond {
		rv, err := doc.LookupErr(e.Key)
		missing := err != nil
		ops, isOps := e.Value.(bson.D)
		if !isOps || len(ops) == 0 || len(ops[0].Key) == 0 || ops[0].Key[0] != '$' {
			if missing {
				return false, nil
			}
			c, err := compare(rv, e.Value)
			if err != nil || c != 0 {
				return false, err
			}
			continue
		}
		for _, op := range ops {
			ok, err := applyOp(rv, missing, op)
			if err != nil || !ok {
				return false, err
			}
		}
	}
	return true, nil
}

func applyOp(rv bson.RawValue, missing bool, op bson.E) (bool, error) {
	switch op.Key {
	case "$in", "$nin":
		list, err := listOf(op.Value)
		if err != nil {
			return false, err
		}
		found := false
		for _, v := range list {
			if !missing {
				if c, err := compare(rv, v); err == nil && c == 0 {
					found = true
					break
				}
			}
		}
		return found == (op.Key == "$in"), nil
	case "$ne":
		if missing {
			return true, nil
		}
		c, err := compare(rv, op.Value)
		return c != 0, err
	}
	if missing {
		return false, nil
	}
	c, err := compare(rv, op.Value)
	if err != nil {
		return false, err
	}
	switch op.Key {
	case "$lt":
		return c < 0, nil
	case "$lte":
		return c <= 0, nil
	case "$gt":
		return c > 0, nil
	case "$gte":
		return c >= 0, nil
	}
	return false, fmt.Errorf("courses: operator %s not supported by local compare-and-set", op.Key)
}

func listOf(v any) ([]any, error) {
	var out []any
	switch l := v.(type) {
	case []any:
		return l, nil
	case []string:
		for _, x := range l {
			out = append(out, x)
		}
	case []Mark:
		for _, x := range l {
			out = append(out, x)
		}
	case []Status:
		for _, x := range l {
			out = append(out, x)
		}
	case []EnrollmentStatus:
		for _, x := range l {
			out = append(out, x)
		}
	default:
		return nil, fmt.Errorf("courses: list %T not supported by local compare-and-set", v)
	}
	return out, nil
}

// compare orders a stored value against a Go value: -1, 0 or 1. Values
// of different kinds compare unequal (1).
func compare(rv bson.RawValue, v any) (int, error) {
	typ, data, err := bson.MarshalValue(v)
	if err != nil {
		return 0, err
	}
	want := bson.RawValue{Type: typ, Value: data}
	if a, ok := number(rv); ok {
		if b, ok := number(want); ok {
			return cmp3(a, b), nil
		}
		return 1, nil
	}
	if rv.Type != want.Type {
		return 1, nil
	}
	switch rv.Type {
	case bson.TypeString:
		return cmp3(rv.StringValue(), want.StringValue()), nil
	case bson.TypeDateTime:
		return cmp3(rv.Time().UnixMilli(), want.Time().UnixMilli()), nil
	case bson.TypeBoolean:
		if rv.Boolean() == want.Boolean() {
			return 0, nil
		}
		return 1, nil
	}
	return bytes.Compare(rv.Value, want.Value), nil
}

func number(rv bson.RawValue) (float64, bool) {
	switch rv.Type {
	case bson.TypeInt32:
		return float64(rv.Int32()), true
	case bson.TypeInt64:
		return float64(rv.Int64()), true
	case bson.TypeDouble:
		return rv.Double(), true
	}
	return 0, false
}

func cmp3[T int64 | float64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
