package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// accelPlan is a query translated to SQL over the engine's table: a
// conjunction of conditions and an order. It is built only for filters and
// sorts whose meaning in SQL is provably the engine's (and MongoDB's):
//
//   - every field is top-level and has a kind (accel_kinds.go); before each
//     query the read path checks that no document holds another type in
//     those fields, so arrays, mixed types and nested documents never reach
//     SQL (they go to the engine);
//   - strings compare by bytes in both (SQLite's BINARY collation is
//     memcmp of UTF-8; MongoDB and the engine compare UTF-8 bytes without a
//     collation); numbers numerically; dates by their milliseconds;
//   - missing and null are NULL in SQL: neither matches a comparison with
//     a value, and both sort first ascending and last descending, as null
//     and missing do in MongoDB;
//   - a kindStrings field (a string or an array of strings) matches a value
//     when it equals it or holds it as an element;
//   - an anchored case-sensitive regular expression of a literal prefix
//     (^ followed by a regexp.QuoteMeta'd string, no options) is the byte
//     range [prefix, prefix with its last byte incremented);
//   - ties of the sort keys are broken by insertion order (rowid), so pages
//     never overlap; the engine sorts with an unstable sort and MongoDB
//     gives no order to ties either.
type accelPlan struct {
	where  []string
	args   []any
	order  []string
	fields map[string]fieldKind // every field read, for the type check
	// elems are the conditions on kindStrings fields, resolved against the
	// data before the query (resolveElems).
	elems []elemCond
	// eqs are the values of the equalities (and $in lists) on kindString
	// fields; nonEq is true once any other condition was added (the
	// maintained counts serve only conjunctions of eqs, accel_counts.go).
	eqs   map[string][]any
	nonEq bool
	// eqAt is the position in where of each eqs field's condition.
	eqAt map[string]int
}

// elemCond is "the array (or string) field holds one of values".
type elemCond struct {
	field  string
	values []string
}

// whereSQL returns the plan's WHERE clause over table. For an ordered
// read (ordered true), the conditions on array fields are kept off their
// index ({noindex} becomes SQLite's unary +): an index of the sort then
// yields the first page after a few rows, where the array field's index
// would gather every match before sorting them.
func (p *accelPlan) whereSQL(table string, ordered bool) (string, []any) {
	if len(p.where) == 0 {
		return "", nil
	}
	noindex := ""
	if ordered {
		noindex = "+"
	}
	return p.whereWith(table, noindex, -1, "", nil)
}

// whereWith builds the WHERE clause with the condition at position
// replace (if any) replaced by sql and its arguments.
func (p *accelPlan) whereWith(table, noindex string, replace int, sql string, rargs []any) (string, []any) {
	var args []any
	parts := make([]string, len(p.where))
	for i, w := range p.where {
		a := p.args[i].([]any)
		if i == replace {
			w, a = sql, rargs
		}
		parts[i] = strings.NewReplacer("{table}", quoteIdent(table), "{noindex}", noindex).Replace(w)
		args = append(args, a...)
	}
	return " WHERE " + strings.Join(parts, " AND "), args
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// planQuery translates a filter and a sort of a collection; ok is false
// when any part of them is outside what the read path can prove equal.
func planQuery(coll string, filter, sortSpec any) (p *accelPlan, ok bool) {
	kinds := accelKinds[coll]
	if kinds == nil {
		return nil, false
	}
	p = &accelPlan{fields: map[string]fieldKind{}}
	f, ok := toRaw(filter)
	if !ok || !p.addFilter(kinds, f) {
		return nil, false
	}
	s, ok := toRaw(sortSpec)
	if !ok || !p.addSort(kinds, s) {
		return nil, false
	}
	return p, true
}

// toRaw marshals a filter or sort document; nil is empty.
func toRaw(v any) (bson.Raw, bool) {
	empty := bson.Raw{5, 0, 0, 0, 0}
	switch d := v.(type) {
	case nil:
		return empty, true
	case bson.D:
		if d == nil {
			return empty, true
		}
	case bson.M:
		if d == nil {
			return empty, true
		}
	}
	if r, ok := v.(bson.Raw); ok {
		return r, true
	}
	b, err := bson.Marshal(v)
	if err != nil {
		return nil, false
	}
	return bson.Raw(b), true
}

func (p *accelPlan) cond(sql string, args ...any) {
	p.where = append(p.where, sql)
	p.args = append(p.args, args)
	p.nonEq = true
}

// eqCond adds the condition of an equality (or $in list) on a kindString
// field and notes its distinct values.
func (p *accelPlan) eqCond(field, sql string, args []any) {
	p.where = append(p.where, sql)
	p.args = append(p.args, args)
	if p.eqs == nil {
		p.eqs, p.eqAt = map[string][]any{}, map[string]int{}
	}
	if _, dup := p.eqs[field]; dup {
		p.nonEq = true
		return
	}
	seen := map[any]bool{}
	var vals []any
	for _, a := range args {
		if !seen[a] {
			seen[a] = true
			vals = append(vals, a)
		}
	}
	p.eqs[field] = vals
	p.eqAt[field] = len(p.where) - 1
}

func (p *accelPlan) addFilter(kinds map[string]fieldKind, f bson.Raw) bool {
	elems, err := f.Elements()
	if err != nil {
		return false
	}
	for _, e := range elems {
		k := e.Key()
		if k == "$and" {
			arr, ok := e.Value().ArrayOK()
			if !ok {
				return false
			}
			vals, err := arr.Values()
			if err != nil || len(vals) == 0 {
				return false
			}
			for _, v := range vals {
				sub, ok := v.DocumentOK()
				if !ok || !p.addFilter(kinds, sub) {
					return false
				}
			}
			continue
		}
		kind, known := kinds[k]
		if !known || strings.HasPrefix(k, "$") || strings.Contains(k, ".") {
			return false
		}
		p.fields[k] = kind
		if !p.addField(k, kind, e.Value()) {
			return false
		}
	}
	return true
}

// addField adds the conditions of one field: a value (equality) or a
// document of operators.
func (p *accelPlan) addField(field string, kind fieldKind, v bson.RawValue) bool {
	if v.Type == bson.TypeRegex {
		pat, opts := v.Regex()
		return p.prefix(field, kind, pat, opts)
	}
	doc, isDoc := v.DocumentOK()
	if !isDoc {
		return p.eq(field, kind, []bson.RawValue{v})
	}
	ops, err := doc.Elements()
	if err != nil || len(ops) == 0 {
		return false
	}
	var regex, options *string
	for _, op := range ops {
		val := op.Value()
		switch op.Key() {
		case "$eq":
			if !p.eq(field, kind, []bson.RawValue{val}) {
				return false
			}
		case "$in":
			arr, ok := val.ArrayOK()
			if !ok {
				return false
			}
			vals, err := arr.Values()
			if err != nil {
				return false
			}
			if !p.eq(field, kind, vals) {
				return false
			}
		case "$ne":
			if !p.notIn(field, kind, []bson.RawValue{val}) {
				return false
			}
		case "$nin":
			arr, ok := val.ArrayOK()
			if !ok {
				return false
			}
			vals, err := arr.Values()
			if err != nil || !p.notIn(field, kind, vals) {
				return false
			}
		case "$gt", "$gte", "$lt", "$lte":
			if !p.compare(field, kind, op.Key(), val) {
				return false
			}
		case "$regex":
			s, ok := val.StringValueOK()
			if !ok {
				return false
			}
			regex = &s
		case "$options":
			s, ok := val.StringValueOK()
			if !ok {
				return false
			}
			options = &s
		default:
			return false
		}
	}
	if options != nil && regex == nil {
		return false
	}
	if regex != nil {
		o := ""
		if options != nil {
			o = *options
		}
		return p.prefix(field, kind, *regex, o)
	}
	return true
}

// sqlValue converts a filter value to the SQL value the field's expression
// yields for it; ok is false when the value's type is not the kind's (the
// engine then decides, by MongoDB's type rules).
func sqlValue(kind fieldKind, v bson.RawValue) (any, bool) {
	switch kind {
	case kindString, kindStrings:
		s, ok := v.StringValueOK()
		return s, ok
	case kindDate:
		if v.Type != bson.TypeDateTime {
			return nil, false
		}
		return v.DateTime(), true
	case kindNumber:
		switch v.Type {
		case bson.TypeInt32:
			return int64(v.Int32()), true
		case bson.TypeInt64:
			return v.Int64(), true
		case bson.TypeDouble:
			d := v.Double()
			if math.IsNaN(d) || math.IsInf(d, 0) {
				return nil, false
			}
			return d, true
		}
		return nil, false
	case kindBool:
		b, ok := v.BooleanOK()
		if !ok {
			return nil, false
		}
		if b {
			return int64(1), true
		}
		return int64(0), true
	}
	return nil, false
}

// eq adds "field equals one of vals".
func (p *accelPlan) eq(field string, kind fieldKind, vals []bson.RawValue) bool {
	args := make([]any, 0, len(vals))
	for _, v := range vals {
		a, ok := sqlValue(kind, v)
		if !ok {
			return false
		}
		args = append(args, a)
	}
	if len(args) == 0 {
		p.cond("0")
		return true
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")
	if kind == kindStrings {
		vals := make([]string, len(args))
		for i, a := range args {
			vals[i] = a.(string)
		}
		p.elems = append(p.elems, elemCond{field: field, values: vals})
		return true
	}
	add := p.cond
	if kind == kindString {
		add = func(sql string, args ...any) { p.eqCond(field, sql, args) }
	}
	if len(args) == 1 {
		add(fieldExpr(field)+" = ?", args...)
		return true
	}
	add(fieldExpr(field)+" IN ("+marks+")", args...)
	return true
}

// notIn adds "field equals none of vals": missing and null fields match,
// as they do in MongoDB. Scalar kinds only (the type check keeps arrays
// out).
func (p *accelPlan) notIn(field string, kind fieldKind, vals []bson.RawValue) bool {
	if kind == kindStrings {
		return false
	}
	args := make([]any, 0, len(vals))
	for _, v := range vals {
		a, ok := sqlValue(kind, v)
		if !ok {
			return false
		}
		args = append(args, a)
	}
	if len(args) == 0 {
		return true
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")
	p.cond("("+fieldExpr(field)+" IS NULL OR "+fieldExpr(field)+" NOT IN ("+marks+"))", args...)
	return true
}

// compare adds a range condition.
func (p *accelPlan) compare(field string, kind fieldKind, op string, v bson.RawValue) bool {
	if kind == kindStrings || kind == kindBool {
		return false
	}
	a, ok := sqlValue(kind, v)
	if !ok {
		return false
	}
	sym := map[string]string{"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}[op]
	p.cond(fieldExpr(field)+" "+sym+" ?", a)
	return true
}

// prefix adds an anchored literal-prefix regular expression as a range.
func (p *accelPlan) prefix(field string, kind fieldKind, pattern, options string) bool {
	if kind != kindString || options != "" {
		return false
	}
	lit, ok := literalPrefix(pattern)
	if !ok {
		return false
	}
	p.cond(fieldExpr(field)+" >= ?", lit)
	if hi, ok := prefixEnd(lit); ok {
		p.cond(fieldExpr(field)+" < ?", hi)
	}
	return true
}

// literalPrefix reads "^" followed by a literal as regexp.QuoteMeta writes
// it; ok is false for any other pattern.
func literalPrefix(pattern string) (string, bool) {
	if !strings.HasPrefix(pattern, "^") {
		return "", false
	}
	const special = `\.+*?()|[]{}^$`
	var b strings.Builder
	rest := pattern[1:]
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c == '\\' {
			if i+1 >= len(rest) || !strings.ContainsRune(special, rune(rest[i+1])) {
				return "", false
			}
			b.WriteByte(rest[i+1])
			i++
			continue
		}
		if strings.ContainsRune(special, rune(c)) {
			return "", false
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// prefixEnd is the smallest byte string greater than every string that
// starts with s; ok is false when there is none (s empty).
func prefixEnd(s string) (string, bool) {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}

func (p *accelPlan) addSort(kinds map[string]fieldKind, s bson.Raw) bool {
	elems, err := s.Elements()
	if err != nil {
		return false
	}
	desc := false
	for i, e := range elems {
		k := e.Key()
		kind, known := kinds[k]
		if !known || kind == kindStrings || strings.HasPrefix(k, "$") || strings.Contains(k, ".") {
			return false
		}
		var dir int64
		switch v := e.Value(); v.Type {
		case bson.TypeInt32:
			dir = int64(v.Int32())
		case bson.TypeInt64:
			dir = v.Int64()
		case bson.TypeDouble:
			dir = int64(v.Double())
			if float64(dir) != v.Double() {
				return false
			}
		default:
			return false
		}
		if dir != 1 && dir != -1 {
			return false
		}
		p.fields[k] = kind
		o := fieldExpr(k)
		if dir < 0 {
			o += " DESC"
		}
		if i == 0 {
			desc = dir < 0
		}
		p.order = append(p.order, o)
	}
	if desc && !declaredDescending(elems) {
		p.order = append(p.order, "rowid DESC")
	} else {
		p.order = append(p.order, "rowid")
	}
	return true
}

// declaredDescending reports whether the sort's first key is declared
// descending in some index: then an index scan forward yields ties in
// rowid order, and rowid ascending keeps the scan free of a sort step.
func declaredDescending(elems []bson.RawElement) bool {
	k := elems[0].Key()
	for _, ix := range Indexes {
		for _, key := range ix.Keys {
			if key == "-"+k {
				return true
			}
		}
	}
	return false
}

// typeCheckSQL is an expression that is true when some document of the
// collection holds a type its kind does not allow (irregularAny, served by
// its partial index); "" when the plan reads no field.
func (p *accelPlan) typeCheckSQL(coll, table string) string {
	if len(p.fields) == 0 {
		return ""
	}
	return "EXISTS (SELECT 1 FROM " + quoteIdent(table) + " WHERE " + irregularAny(coll) + ")"
}

// resolveElems turns each condition on a kindStrings field into "the
// field's JSON text is one of these": the field's distinct JSON texts are
// read from its index one seek at a time (few, for an enumeration of
// groups), and those holding one of the values kept.
func (p *accelPlan) resolveElems(ctx context.Context, q queryer, table string) error {
	for _, ec := range p.elems {
		j := jsonExpr(ec.field)
		next := "SELECT " + j + " FROM " + quoteIdent(table) + " WHERE " + j + " > ? ORDER BY " + j + " LIMIT 1"
		var texts []any
		last := ""
		for n := 0; ; n++ {
			if n > accelMaxDistinct {
				return errNotAccelerable
			}
			var t sql.NullString
			err := q.QueryRowContext(ctx, next, last).Scan(&t)
			if errors.Is(err, sql.ErrNoRows) {
				break
			}
			if err != nil {
				return err
			}
			last = t.String
			if holdsAny(t.String, ec.values) {
				texts = append(texts, t.String)
			}
		}
		if len(texts) == 0 {
			p.cond("0")
			continue
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", len(texts)), ",")
		p.cond("{noindex}"+j+" IN ("+marks+")", texts...)
	}
	p.elems = nil
	return nil
}

// accelMaxDistinct bounds the distinct values of an array field the read
// path enumerates; beyond it the engine answers.
const accelMaxDistinct = 2000

// holdsAny reports whether a field's JSON text (a string or an array) holds
// one of the values as a string.
func holdsAny(text string, values []string) bool {
	var items []any
	if err := json.Unmarshal([]byte(text), &items); err != nil {
		var one string
		if json.Unmarshal([]byte(text), &one) != nil {
			return false
		}
		items = []any{one}
	}
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			continue
		}
		for _, v := range values {
			if s == v {
				return true
			}
		}
	}
	return false
}

// queryer runs a query (a connection pool or a transaction).
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
