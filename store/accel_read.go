package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// accelMaxLoad bounds the documents an unlimited accelerated Find loads
// one by one; a larger answer goes to the engine.
const accelMaxLoad = 5000

// accelLoadWorkers is how many documents are loaded by _id at once.
const accelLoadWorkers = 4

// accelTimeout bounds the SQL of a read whose context has no deadline.
const accelTimeout = 30 * time.Second

// SetReadAcceleration turns the embedded engine's SQL read path on or off
// (on by default; tests compare both). It does nothing on MongoDB.
func (d *DB) SetReadAcceleration(on bool) {
	if d.accel != nil {
		d.accel.on.Store(on)
	}
}

// ReadAcceleration reports whether the SQL read path serves this database.
func (d *DB) ReadAcceleration() bool { return d.accel != nil && d.accel.on.Load() }

// ReadPathCounts returns how many reads (Find, FindOne, Count) of the
// collections the read path knows (accel_kinds.go) it answered with SQL
// since start, and how many it left to the engine; exact {_id} lookups
// (answered by the engine through the _id index) and the small reference
// collections are in neither. Zeros on MongoDB.
func (d *DB) ReadPathCounts() (sql, engine int64) {
	if d.accel == nil {
		return 0, 0
	}
	return d.accel.served.Load(), d.accel.left.Load()
}

// ReadPathLoads returns how many documents the SQL read path selected but
// could not convert itself, and loaded through the engine by _id.
func (d *DB) ReadPathLoads() int64 {
	if d.accel == nil {
		return 0
	}
	return d.accel.loads.Load()
}

// tally counts a read by the path that answered it.
func (a *accel) tally(ok bool) {
	if a == nil {
		return
	}
	if ok {
		a.served.Add(1)
	} else {
		a.left.Add(1)
	}
}

// ensureAccelIndexes creates the SQLite indexes of the read path on every
// collection's table (schema step 20; a no-op on MongoDB).
func (d *DB) ensureAccelIndexes(ctx context.Context) error {
	if d.accel == nil {
		return nil
	}
	return d.accel.buildIndexes(ctx, d.log, func(ctx context.Context, coll string) (func(), error) {
		return d.lockWrites(ctx, "readPathIndex", coll)
	})
}

// accelQuery is one read to run through the SQL path.
type accelQuery struct {
	filter any
	sort   any
	skip   int64
	limit  int64 // 0: all
}

// isIDLookup reports whether the filter is exactly {_id: <string>}, which
// the engine itself answers through the _id index.
func isIDLookup(filter any) bool {
	r, ok := toRaw(filter)
	if !ok {
		return false
	}
	elems, err := r.Elements()
	if err != nil || len(elems) != 1 || elems[0].Key() != "_id" {
		return false
	}
	t := elems[0].Value().Type
	return t == bson.TypeString || t == bson.TypeObjectID
}

// accelIDs selects the _id values of the matching documents in order;
// ok is false when the engine must answer instead.
func (c *Collection) accelIDs(ctx context.Context, q accelQuery) (ids []string, texts [][]byte, ok bool, err error) {
	_, ok, err = c.accelRun(ctx, q.filter, q.sort, true, func(plan *accelPlan, table, where string, args []any, order string) (string, []any) {
		limit := q.limit
		if limit == 0 {
			limit = accelMaxLoad + 1
		}
		return plan.pageSQL(table, where, args, order, limit, q.skip)
	}, func(r *sql.Rows) error {
		var id, typ sql.NullString
		var text []byte
		if err := r.Scan(&id, &typ, &text); err != nil {
			return err
		}
		if !id.Valid || typ.String != "string" {
			return errNotAccelerable
		}
		ids = append(ids, id.String)
		texts = append(texts, text)
		return nil
	})
	if !ok || err != nil {
		return nil, nil, ok, err
	}
	if q.limit == 0 && len(ids) > accelMaxLoad {
		return nil, nil, false, nil
	}
	return ids, texts, true, nil
}

// documents turns the selected rows into the documents the engine would
// send (projection applied); a row it cannot convert is loaded by _id
// through the engine instead.
func (c *Collection) documents(ctx context.Context, ids []string, texts [][]byte, projection any) ([]any, error) {
	out := make([]any, len(ids))
	var missing []int
	for i, t := range texts {
		raw, err := sjsonToBSON(t)
		if err == nil {
			if p, ok := projectRaw(raw, projection); ok {
				out[i] = p
				continue
			}
		}
		missing = append(missing, i)
	}
	if len(missing) == 0 {
		return out, nil
	}
	c.db.accel.loads.Add(int64(len(missing)))
	want := make([]string, len(missing))
	for j, i := range missing {
		want[j] = ids[i]
	}
	loaded, err := c.loadByID(ctx, want, projection)
	if err != nil {
		return nil, err
	}
	for j, i := range missing {
		if loaded[j] != nil {
			out[i] = loaded[j]
		}
	}
	docs := out[:0]
	for _, d := range out {
		if d != nil {
			docs = append(docs, d)
		}
	}
	return docs, nil
}

// accelCount counts the matching documents with SQL.
func (c *Collection) accelCount(ctx context.Context, filter any) (n int64, ok bool, err error) {
	_, ok, err = c.accelRun(ctx, filter, nil, false, func(plan *accelPlan, table, where string, args []any, _ string) (string, []any) {
		if q, qargs, counted := plan.countSQL(c.Name(), table, where, args); counted {
			return q, qargs
		}
		return "SELECT count(*) FROM " + quoteIdent(table) + where, args
	}, func(r *sql.Rows) error { return r.Scan(&n) })
	return n, ok, err
}

var errNotAccelerable = errors.New("store: not accelerable")

// accelRun plans a query and, when the plan applies, runs it in one read
// transaction (one snapshot): first the type check of the fields it reads,
// then the query built by build, each row to scan. ordered is true for a
// query that reads rows in order (not a count).
func (c *Collection) accelRun(ctx context.Context, filter, sortSpec any, ordered bool,
	build func(plan *accelPlan, table, where string, args []any, order string) (string, []any),
	scan func(*sql.Rows) error) (rows int, ok bool, err error) {
	a := c.db.accel
	if a == nil || !a.on.Load() {
		return 0, false, nil
	}
	plan, ok := planQuery(c.Name(), filter, sortSpec)
	if !ok {
		return 0, false, nil
	}
	if _, has := ctx.Deadline(); !has {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, accelTimeout)
		defer cancel()
	}
	db, err := a.conn()
	if err != nil {
		return 0, false, nil // no file yet: the engine answers
	}
	table, err := a.tableOf(ctx, db, c.Name())
	if err != nil || table == "" {
		return 0, false, nil
	}
	if err := a.ready(ctx, db, c.Name(), table); err != nil {
		// A read of no field (the whole collection's count, in insertion
		// order) needs none of the indexes still being built.
		if !errors.Is(err, errBuilding) || len(plan.fields) > 0 {
			return 0, false, nil
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, nil
	}
	defer func() { _ = tx.Rollback() }()
	if check := plan.typeCheckSQL(c.Name(), table); check != "" {
		var irregular bool
		if err := tx.QueryRowContext(ctx, "SELECT "+check).Scan(&irregular); err != nil || irregular {
			return 0, false, nil
		}
	}
	if err := plan.resolveElems(ctx, tx, table); err != nil {
		return 0, false, nil
	}
	order := " ORDER BY rowid"
	if len(plan.order) > 0 {
		order = " ORDER BY " + strings.Join(plan.order, ", ")
	}
	where, args := plan.whereSQL(table, ordered)
	q, args := build(plan, table, where, args, order)
	r, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, false, nil
	}
	defer r.Close()
	for r.Next() {
		if err := scan(r); err != nil {
			if errors.Is(err, errNotAccelerable) {
				return 0, false, nil
			}
			return 0, false, nil
		}
		rows++
	}
	if r.Err() != nil {
		return 0, false, nil
	}
	if cnt := CounterFrom(ctx); cnt != nil {
		cnt.n.Add(1)
	}
	return rows, true, nil
}

// uncounted hides the command counter from the loads by _id that follow
// an accelerated query: the query is counted as the one command it stands
// for on MongoDB.
func uncounted(ctx context.Context) context.Context {
	return context.WithValue(ctx, counterKey{}, (*Counter)(nil))
}

// loadByID loads the documents with the given _id values through the
// driver (the engine's own _id lookup, indexed), in the given order; a
// document deleted meanwhile is nil.
func (c *Collection) loadByID(ctx context.Context, ids []string, projection any) ([]any, error) {
	ctx = uncounted(ctx)
	docs := make([]bson.Raw, len(ids))
	errs := make([]error, len(ids))
	opts := options.FindOne()
	if projection != nil {
		opts.SetProjection(projection)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	workers := accelLoadWorkers
	if len(ids) < workers {
		workers = len(ids)
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				raw, err := c.c.FindOne(ctx, bson.D{{Key: "_id", Value: ids[i]}}, opts).Raw()
				if errors.Is(err, mongo.ErrNoDocuments) {
					continue
				}
				docs[i], errs[i] = raw, err
			}
		}()
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()
	out := make([]any, len(ids))
	for i := range ids {
		if errs[i] != nil {
			return nil, translate(errs[i])
		}
		if docs[i] != nil {
			out[i] = docs[i]
		}
	}
	return out, nil
}

// accelFind answers a Find through the SQL path; ok is false when the
// engine must answer.
func (c *Collection) accelFind(ctx context.Context, filter, out any, opts []options.Lister[options.FindOptions]) (bool, error) {
	if c.db.accel == nil || !c.db.accel.on.Load() || isIDLookup(filter) || accelKinds[c.Name()] == nil {
		return false, nil
	}
	ok, err := c.accelFindPath(ctx, filter, out, opts)
	c.db.accel.tally(ok)
	return ok, err
}

func (c *Collection) accelFindPath(ctx context.Context, filter, out any, opts []options.Lister[options.FindOptions]) (bool, error) {
	var fo options.FindOptions
	for _, l := range opts {
		if l == nil {
			continue
		}
		for _, fn := range l.List() {
			if err := fn(&fo); err != nil {
				return false, nil
			}
		}
	}
	if fo.AllowPartialResults != nil || fo.Collation != nil || fo.Hint != nil || fo.Max != nil || fo.Min != nil ||
		fo.OplogReplay != nil || fo.ReturnKey != nil || fo.ShowRecordID != nil || fo.CursorType != nil || fo.Let != nil {
		return false, nil
	}
	q := accelQuery{filter: filter, sort: fo.Sort}
	if fo.Skip != nil {
		if *fo.Skip < 0 {
			return false, nil
		}
		q.skip = *fo.Skip
	}
	if fo.Limit != nil {
		if *fo.Limit < 0 {
			return false, nil
		}
		q.limit = *fo.Limit
	}
	ids, texts, ok, err := c.accelIDs(ctx, q)
	if !ok || err != nil {
		return ok, err
	}
	c.noteShape(filter, fo.Sort, "find")
	docs, err := c.documents(ctx, ids, texts, fo.Projection)
	if err != nil {
		return true, err
	}
	cur, err := mongo.NewCursorFromDocuments(docs, nil, nil)
	if err != nil {
		return true, translate(err)
	}
	return true, translate(cur.All(ctx, out))
}

// accelFindOne answers a FindOne through the SQL path.
func (c *Collection) accelFindOne(ctx context.Context, filter, out any, opts []options.Lister[options.FindOneOptions]) (bool, error) {
	if c.db.accel == nil || !c.db.accel.on.Load() || isIDLookup(filter) || accelKinds[c.Name()] == nil {
		return false, nil
	}
	ok, err := c.accelFindOnePath(ctx, filter, out, opts)
	c.db.accel.tally(ok)
	return ok, err
}

func (c *Collection) accelFindOnePath(ctx context.Context, filter, out any, opts []options.Lister[options.FindOneOptions]) (bool, error) {
	var fo options.FindOneOptions
	for _, l := range opts {
		if l == nil {
			continue
		}
		for _, fn := range l.List() {
			if err := fn(&fo); err != nil {
				return false, nil
			}
		}
	}
	if fo.AllowPartialResults != nil || fo.Collation != nil || fo.Hint != nil || fo.Max != nil || fo.Min != nil ||
		fo.OplogReplay != nil || fo.ReturnKey != nil || fo.ShowRecordID != nil {
		return false, nil
	}
	q := accelQuery{filter: filter, sort: fo.Sort, limit: 1}
	if fo.Skip != nil {
		if *fo.Skip < 0 {
			return false, nil
		}
		q.skip = *fo.Skip
	}
	ids, texts, ok, err := c.accelIDs(ctx, q)
	if !ok || err != nil {
		return ok, err
	}
	c.noteShape(filter, fo.Sort, "find")
	docs, err := c.documents(ctx, ids, texts, fo.Projection)
	if err != nil {
		return true, err
	}
	if len(docs) == 0 {
		return true, translate(mongo.ErrNoDocuments)
	}
	return true, translate(mongo.NewSingleResultFromDocument(docs[0], nil, nil).Decode(out))
}

// accelCountDocs answers a filtered Count through the SQL path.
func (c *Collection) accelCountDocs(ctx context.Context, filter any) (int64, bool, error) {
	if c.db.accel == nil || !c.db.accel.on.Load() || isIDLookup(filter) || accelKinds[c.Name()] == nil {
		return 0, false, nil
	}
	n, ok, err := c.accelCount(ctx, filter)
	c.db.accel.tally(ok)
	if ok && err == nil && !isEmptyFilter(filter) {
		c.noteShape(filter, nil, "aggregate")
	}
	return n, ok, err
}

// noteShape records an accelerated query's shape for the index check and
// the report of which shapes the SQL path serves.
func (c *Collection) noteShape(filter, sortSpec any, command string) {
	if !shapesOn.Load() {
		return
	}
	f, _ := toRaw(filter)
	var s bson.Raw
	if sortSpec != nil {
		s, _ = toRaw(sortSpec)
	}
	addShapeVia(Shape{Collection: c.Name(), Filter: filterFields(f), Sort: sortFields(s), Command: command}, ViaSQL)
}
