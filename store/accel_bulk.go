package store

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// BulkLoadEmbedded writes documents straight into the embedded engine's
// table of a collection, in the engine's storage format, many thousands
// per transaction: for building large benchmark data sets, which the
// engine itself inserts at a few thousand documents a second. The
// engine's unique indexes still refuse duplicates (the whole call fails);
// nothing else is checked. The collection must exist. Only strings,
// numbers, booleans, null, dates, object IDs, documents and arrays are
// written; anything else is an error.
func (d *DB) BulkLoadEmbedded(ctx context.Context, coll string, docs []any) error {
	if d.accel == nil {
		return errors.New("store: bulk load needs the embedded engine")
	}
	db, err := d.accel.conn()
	if err != nil {
		return err
	}
	table, err := d.accel.tableOf(ctx, db, coll)
	if err != nil {
		return err
	}
	if table == "" {
		return fmt.Errorf("store: no collection %s", coll)
	}
	unlock, err := d.lockWrites(ctx, "bulkLoad", coll)
	if err != nil {
		return err
	}
	defer unlock()
	for len(docs) > 0 {
		n := min(5000, len(docs))
		if err := bulkInsert(ctx, d, table, docs[:n]); err != nil {
			return err
		}
		docs = docs[n:]
	}
	return nil
}

func bulkInsert(ctx context.Context, d *DB, table string, docs []any) error {
	db, err := d.accel.conn()
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO "+quoteIdent(table)+" ("+sjsonColumn+") VALUES (?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, doc := range docs {
		b, err := bson.Marshal(doc)
		if err != nil {
			return err
		}
		text, err := bsonToSJSON(bson.Raw(b))
		if err != nil {
			return err
		}
		if _, err := stmt.ExecContext(ctx, string(text)); err != nil {
			return translate(err)
		}
	}
	return tx.Commit()
}

// bsonToSJSON writes a document in the engine's storage format: "$s" (the
// schema) first, then the values.
func bsonToSJSON(doc bson.Raw) ([]byte, error) {
	schema, values, err := sjsonParts(doc)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(`{"$s":`)
	buf.Write(schema)
	for _, v := range values {
		buf.WriteByte(',')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// sjsonParts returns a document's schema and its `"key":value` members.
func sjsonParts(doc bson.Raw) ([]byte, [][]byte, error) {
	elems, err := doc.Elements()
	if err != nil {
		return nil, nil, err
	}
	if len(elems) == 0 {
		return []byte("{}"), nil, nil
	}
	var sch bytes.Buffer
	sch.WriteString(`{"p":{`)
	keys := make([]string, len(elems))
	members := make([][]byte, len(elems))
	for i, e := range elems {
		k := e.Key()
		keys[i] = k
		kj, _ := json.Marshal(k)
		el, val, err := sjsonEncode(e.Value())
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", k, err)
		}
		if i > 0 {
			sch.WriteByte(',')
		}
		sch.Write(kj)
		sch.WriteByte(':')
		sch.Write(el)
		members[i] = append(append(kj, ':'), val...)
	}
	sch.WriteString(`},"$k":`)
	kb, _ := json.Marshal(keys)
	sch.Write(kb)
	sch.WriteByte('}')
	return sch.Bytes(), members, nil
}

// sjsonEncode returns a value's type element and its JSON.
func sjsonEncode(v bson.RawValue) (elem, value []byte, err error) {
	switch v.Type {
	case bson.TypeString:
		b, err := json.Marshal(v.StringValue())
		return []byte(`{"t":"string"}`), b, err
	case bson.TypeInt32:
		return []byte(`{"t":"int"}`), []byte(strconv.FormatInt(int64(v.Int32()), 10)), nil
	case bson.TypeInt64:
		return []byte(`{"t":"long"}`), []byte(strconv.FormatInt(v.Int64(), 10)), nil
	case bson.TypeDouble:
		f := v.Double()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, nil, errSJSON
		}
		b, err := json.Marshal(f)
		return []byte(`{"t":"double"}`), b, err
	case bson.TypeBoolean:
		return []byte(`{"t":"bool"}`), []byte(strconv.FormatBool(v.Boolean())), nil
	case bson.TypeNull:
		return []byte(`{"t":"null"}`), []byte("null"), nil
	case bson.TypeDateTime:
		return []byte(`{"t":"date"}`), []byte(strconv.FormatInt(v.DateTime(), 10)), nil
	case bson.TypeObjectID:
		id := v.ObjectID()
		b, err := json.Marshal(hex.EncodeToString(id[:]))
		return []byte(`{"t":"objectId"}`), b, err
	case bson.TypeEmbeddedDocument:
		schema, members, err := sjsonParts(v.Document())
		if err != nil {
			return nil, nil, err
		}
		el := append(append([]byte(`{"t":"object","$s":`), schema...), '}')
		return el, append(append([]byte{'{'}, bytes.Join(members, []byte{','})...), '}'), nil
	case bson.TypeArray:
		vals, err := v.Array().Values()
		if err != nil {
			return nil, nil, err
		}
		els := make([][]byte, len(vals))
		items := make([][]byte, len(vals))
		for i, item := range vals {
			if els[i], items[i], err = sjsonEncode(item); err != nil {
				return nil, nil, err
			}
		}
		el := append(append([]byte(`{"t":"array","i":[`), bytes.Join(els, []byte{','})...), ']', '}')
		return el, append(append([]byte{'['}, bytes.Join(items, []byte{','})...), ']'), nil
	}
	return nil, nil, errSJSON
}
