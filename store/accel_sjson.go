package store

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// The engine stores each document as one JSON text: the values as plain
// JSON (dates as milliseconds, binary as base64, object IDs as hex) and,
// under "$s", the schema: each field's BSON type ("t"), the field order
// ("$k"), nested documents' schemas ("$s") and arrays' item types ("i").
// sjsonToBSON turns that text back into the BSON document the engine would
// send, so that the read path need not ask the engine for each document.
// The differential tests compare its output byte for byte with the
// engine's. Anything it does not know is an error, and the read path then
// loads the document through the engine.

// sjsonSchema is the schema of one document.
type sjsonSchema struct {
	Props map[string]sjsonElem `json:"p"`
	Keys  []string             `json:"$k"`
}

// sjsonElem is the type of one value.
type sjsonElem struct {
	Type    string       `json:"t"`
	Schema  *sjsonSchema `json:"$s"`
	Items   []sjsonElem  `json:"i"`
	Subtype *byte        `json:"s"`
	Options *string      `json:"o"`
}

var errSJSON = errors.New("store: unknown stored value")

// sjsonToBSON converts a stored document.
func sjsonToBSON(text []byte) (bson.Raw, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(text, &top); err != nil {
		return nil, err
	}
	var sch sjsonSchema
	if err := json.Unmarshal(top["$s"], &sch); err != nil {
		return nil, err
	}
	d, err := sjsonDoc(top, &sch)
	if err != nil {
		return nil, err
	}
	b, err := bson.Marshal(d)
	return bson.Raw(b), err
}

func sjsonDoc(fields map[string]json.RawMessage, sch *sjsonSchema) (bson.D, error) {
	if sch == nil || len(fields) != len(sch.Keys)+boolInt(fields["$s"] != nil) {
		return nil, errSJSON
	}
	d := make(bson.D, 0, len(sch.Keys))
	for _, k := range sch.Keys {
		raw, ok := fields[k]
		el, known := sch.Props[k]
		if !ok || !known {
			return nil, errSJSON
		}
		v, err := sjsonValue(raw, el)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		d = append(d, bson.E{Key: k, Value: v})
	}
	return d, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sjsonValue(raw json.RawMessage, el sjsonElem) (any, error) {
	switch el.Type {
	case "string":
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case "int":
		n, err := strconv.ParseInt(string(raw), 10, 32)
		return int32(n), err
	case "long":
		return strconv.ParseInt(string(raw), 10, 64)
	case "double":
		return strconv.ParseFloat(string(raw), 64)
	case "bool":
		var b bool
		err := json.Unmarshal(raw, &b)
		return b, err
	case "null":
		if !bytes.Equal(raw, []byte("null")) {
			return nil, errSJSON
		}
		return nil, nil
	case "date":
		ms, err := strconv.ParseInt(string(raw), 10, 64)
		return bson.DateTime(ms), err
	case "objectId":
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != 12 {
			return nil, errSJSON
		}
		var id bson.ObjectID
		copy(id[:], b)
		return id, nil
	case "binData":
		var s string
		if err := json.Unmarshal(raw, &s); err != nil || el.Subtype == nil {
			return nil, errSJSON
		}
		b, err := base64.StdEncoding.DecodeString(s)
		return bson.Binary{Subtype: *el.Subtype, Data: b}, err
	case "timestamp":
		n, err := strconv.ParseUint(string(raw), 10, 64)
		return bson.Timestamp{T: uint32(n >> 32), I: uint32(n)}, err
	case "regex":
		var s string
		if err := json.Unmarshal(raw, &s); err != nil || el.Options == nil {
			return nil, errSJSON
		}
		return bson.Regex{Pattern: s, Options: *el.Options}, nil
	case "object":
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, err
		}
		return sjsonDoc(fields, el.Schema)
	case "array":
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		if len(items) != len(el.Items) {
			return nil, errSJSON
		}
		a := make(bson.A, len(items))
		for i := range items {
			v, err := sjsonValue(items[i], el.Items[i])
			if err != nil {
				return nil, err
			}
			a[i] = v
		}
		return a, nil
	}
	return nil, errSJSON
}

// projectRaw applies a top-level projection to a document as the engine
// does: exclusion ({f: 0, …}) drops the fields; inclusion ({f: 1, …})
// keeps _id (unless {_id: 0}) and the fields, in the document's order.
// ok is false for any other projection (dotted paths, operators, mixed).
func projectRaw(doc bson.Raw, projection any) (bson.Raw, bool) {
	if projection == nil {
		return doc, true
	}
	p, ok := toRaw(projection)
	if !ok {
		return nil, false
	}
	elems, err := p.Elements()
	if err != nil {
		return nil, false
	}
	if len(elems) == 0 {
		return doc, true
	}
	spec := map[string]bool{}
	include, idOn := -1, true
	for _, e := range elems {
		k := e.Key()
		if k == "" || k[0] == '$' || bytes.ContainsRune([]byte(k), '.') {
			return nil, false
		}
		var on bool
		switch v := e.Value(); v.Type {
		case bson.TypeInt32:
			on = v.Int32() != 0
		case bson.TypeInt64:
			on = v.Int64() != 0
		case bson.TypeDouble:
			on = v.Double() != 0
		case bson.TypeBoolean:
			on = v.Boolean()
		default:
			return nil, false
		}
		if k == "_id" {
			idOn = on
			continue
		}
		mode := boolInt(on)
		if include >= 0 && include != mode {
			return nil, false
		}
		include = mode
		spec[k] = true
	}
	fields, err := doc.Elements()
	if err != nil {
		return nil, false
	}
	out := bson.D{}
	for _, f := range fields {
		k := f.Key()
		keep := false
		switch {
		case k == "_id":
			keep = idOn
		case include == 1:
			keep = spec[k]
		default:
			keep = !spec[k]
		}
		if keep {
			out = append(out, bson.E{Key: k, Value: f.Value()})
		}
	}
	b, err := bson.Marshal(out)
	if err != nil {
		return nil, false
	}
	return bson.Raw(b), true
}
