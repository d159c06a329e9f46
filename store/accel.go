package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver the embedded engine itself uses
)

// The embedded engine (FerretDB v1.24.2 on SQLite) decodes every document
// of a collection in Go for any query but an exact {_id: <string>}, and
// even that scans, because its _id index is on another expression than
// the one its query uses (shared/docs/engine.md). This file and the other
// accel*.go files give the embedded engine indexed reads without changing
// what is stored or how it is written:
//
//   - for every collection, SQLite expression indexes on the expressions
//     the engine's _id lookup uses, and on the fields of the declared
//     indexes (indexes_*.go), created idempotently at start-up and again
//     whenever a collection's table reappears;
//   - for the query shapes it can prove equal (accel_plan.go), a read
//     path that selects the matching _id values, in order, with SQL over
//     the engine's own table, through a separate read connection to the
//     same file (the engine runs SQLite in WAL mode with a busy timeout),
//     and then loads each document by _id through the driver, so the
//     documents are exactly what the engine returns.
//
// Everything else is left to the engine. On MongoDB none of this runs.

// Column and expressions of the engine's storage format (v1.24.2, the last
// v1 release; it will not change).
const (
	sjsonColumn = "_ferretdb_sjson"
	// idPushdownExpr is the expression the engine's {_id: x} lookup,
	// update and delete use in their WHERE clause.
	idPushdownExpr = sjsonColumn + "->'$._id'"
	collMetaTable  = "_ferretdb_collections"
	accelPrefix    = "skc_" // our indexes; the engine's start with the table name
)

// accel is the embedded read path of one database.
type accel struct {
	on atomic.Bool
	// served and left count the reads answered by SQL and those left to
	// the engine since start (Find, FindOne and filtered Count).
	served, left atomic.Int64
	// loads counts documents the read path could not convert itself and
	// loaded through the engine by _id.
	loads atomic.Int64
	// writes counts the updates and deletes whose document was selected
	// by SQL (accel_write.go).
	writes atomic.Int64
	file   string // the engine's SQLite file of the database

	mu       sync.Mutex
	db       *sql.DB
	verified map[string]int64 // table → schema_version when its indexes were last checked
	// pending are the tables whose indexes the background build has not
	// finished (accel_background.go); their reads go to the engine.
	pending map[string]bool
	bg      *background
}

func newAccel(dir, database string) *accel {
	a := &accel{file: filepath.Join(dir, database+".sqlite"), verified: map[string]int64{}}
	a.on.Store(true)
	return a
}

// conn opens the connection pool to the database file on first use; nil
// if the file does not exist yet (no collection created).
func (a *accel) conn() (*sql.DB, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.db != nil {
		return a.db, nil
	}
	if _, err := os.Stat(a.file); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("mode", "rw") // never create the file: it is the engine's
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(0)")
	// 64 MiB of page cache per connection: an index build sorts its
	// entries in memory up to the cache size (2 MiB by default, beyond
	// which SQLite merges sorted runs from temporary files).
	q.Add("_pragma", "cache_size(-65536)")
	db, err := sql.Open("sqlite", "file:"+a.file+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	a.db = db
	return db, nil
}

// reset closes the pool (the database was dropped: its file is gone, and a
// new one will be created under the same name).
func (a *accel) reset() {
	a.stopBackground()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.db != nil {
		_ = a.db.Close()
		a.db = nil
	}
	a.verified = map[string]int64{}
	a.pending = nil
}

func (a *accel) close() { a.reset() }

// tableOf returns the engine's table of a collection; "" if the collection
// does not exist.
func (a *accel) tableOf(ctx context.Context, db *sql.DB, coll string) (string, error) {
	var t string
	err := db.QueryRowContext(ctx, "SELECT table_name FROM "+collMetaTable+" WHERE name = ?", coll).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return t, err
}

// accelIndex is one SQLite index of ours on an engine table.
type accelIndex struct {
	name string // without the table prefix
	sql  string // the part after ON "table"
}

// fieldExpr is the SQL value of a top-level field: the string, number
// (dates as milliseconds) or 1/0 of a boolean; NULL when missing or null.
func fieldExpr(field string) string { return sjsonColumn + "->>'$." + field + "'" }

// jsonExpr is the JSON text of a top-level field (arrays whole).
func jsonExpr(field string) string { return sjsonColumn + "->'$." + field + "'" }

// typeExpr is the engine's type name of a top-level field.
func typeExpr(field string) string { return sjsonColumn + `->>'$."$s".p.` + field + ".t'" }

// irregularCond is true for a document whose field holds a type its
// declared kind does not allow; arrays of a kindStrings field must hold
// strings only.
func irregularCond(field string, k fieldKind) string {
	allowed := []string{"'null'"}
	for _, t := range k.types() {
		allowed = append(allowed, "'"+t+"'")
	}
	c := typeExpr(field) + " NOT IN (" + strings.Join(allowed, ",") + ")"
	if k == kindStrings {
		items := sjsonColumn + `->'$."$s".p.` + field + ".i'"
		c = "(" + c + " OR (" + typeExpr(field) + " = 'array' AND replace(replace(" + items + `, '{"t":"string"}', ''), ',', '') <> '[]'))`
	}
	return c
}

// wantedIndexes lists the SQLite indexes a collection's table should have:
// the engine's _id lookup expression; one per declared index whose fields
// all have a kind (a kindStrings field indexed by its JSON text); and a
// partial index of the documents holding unexpected types (irregularAny).
func wantedIndexes(coll string) []accelIndex {
	out := []accelIndex{{name: accelPrefix + "id", sql: "(" + idPushdownExpr + ")"}}
	kinds := accelKinds[coll]
	if kinds == nil {
		return out
	}
	out = append(out, accelIndex{name: accelPrefix + "id_text", sql: "(" + fieldExpr("_id") + ")"})
	type candidate struct {
		name string
		cols []string
	}
	var cands []candidate
	for _, ix := range append(append([]Index(nil), Indexes...), accelExtraIndexes...) {
		if ix.Collection != coll {
			continue
		}
		var cols []string
		ok := true
		for _, k := range ix.Keys {
			f := strings.TrimPrefix(k, "-")
			kind, known := kinds[f]
			if !known || strings.Contains(f, ".") {
				ok = false
				break
			}
			e := fieldExpr(f)
			if kind == kindStrings {
				e = jsonExpr(f)
			}
			if strings.HasPrefix(k, "-") {
				e += " DESC"
			}
			cols = append(cols, e)
		}
		if ok {
			cands = append(cands, candidate{accelPrefix + ix.Name(), cols})
		}
	}
	// An index whose columns begin another's is left out: the longer one
	// serves every query the shorter would (the extra indexes extend the
	// declared ones by the tie-breaking sort keys).
	seen := map[string]bool{}
	for i, c := range cands {
		key := strings.Join(c.cols, ",")
		covered := false
		for j, o := range cands {
			if j != i && len(o.cols) > len(c.cols) && strings.Join(o.cols[:len(c.cols)], ",") == key {
				covered = true
			}
		}
		if covered || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, accelIndex{name: c.name, sql: "(" + key + ")"})
	}
	out = append(out, accelIndex{name: accelPrefix + "irregular", sql: "(" + idPushdownExpr + ") WHERE " + irregularAny(coll)})
	return out
}

// irregularAny is true for a document holding, in any field with a kind,
// a type the kind does not allow. One partial index per table holds
// exactly those documents (normally none), so checking for them costs a
// lookup; while there is one, the collection's reads go to the engine.
func irregularAny(coll string) string {
	kinds := accelKinds[coll]
	fields := make([]string, 0, len(kinds))
	for f := range kinds {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	conds := make([]string, len(fields))
	for i, f := range fields {
		conds[i] = irregularCond(f, kinds[f])
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

// ensureTable creates the missing indexes of one table. SQLite builds an
// index in one statement; the engine waits on its busy timeout meanwhile.
func (a *accel) ensureTable(ctx context.Context, db *sql.DB, coll, table string) (created int, err error) {
	return a.buildTable(ctx, db, coll, table, nil)
}

// buildTable creates a table's missing indexes and counts: in one
// transaction, or (with lock, the background build) each in its own under
// the store's write lock, so that writes wait for one index at a time.
func (a *accel) buildTable(ctx context.Context, db *sql.DB, coll, table string, lock lockFunc) (created int, err error) {
	missing, have, err := missingIndexes(ctx, db, coll, table)
	if err != nil {
		return 0, err
	}
	if len(missing) > 0 && lock != nil {
		for _, q := range missing {
			unlock, err := lock(ctx, coll)
			if err != nil {
				return 0, err
			}
			_, err = db.ExecContext(ctx, q)
			unlock()
			if err != nil {
				return 0, fmt.Errorf("%s: %w", q, err)
			}
		}
	} else if len(missing) > 0 {
		// One transaction per table: one commit (and one sync) for all.
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		defer func() { _ = tx.Rollback() }()
		for _, q := range missing {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return 0, fmt.Errorf("%s: %w", q, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
	}
	// The maintained counts, built from the indexes (accel_counts.go).
	if lock != nil {
		unlock, err := lock(ctx, coll)
		if err != nil {
			return len(missing), err
		}
		defer unlock()
	}
	counted, err := ensureCounts(ctx, db, coll, table, have)
	if err != nil {
		return len(missing), err
	}
	if counted {
		return len(missing) + 1, nil
	}
	return len(missing), nil
}

// missingIndexes returns the statements creating a table's missing
// indexes (then dropping those of an earlier version no longer wanted),
// and the names of the indexes and triggers it has.
func missingIndexes(ctx context.Context, db *sql.DB, coll, table string) (missing []string, have map[string]bool, err error) {
	have = map[string]bool{}
	var ours []string // our indexes on the table
	rows, err := db.QueryContext(ctx, "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ?", table)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var typ, n string
		if err := rows.Scan(&typ, &n); err != nil {
			_ = rows.Close()
			return nil, nil, err
		}
		have[n] = true
		if typ == "index" && strings.HasPrefix(n, table+"_"+accelPrefix) {
			ours = append(ours, n)
		}
	}
	_ = rows.Close()
	wanted := map[string]bool{}
	for _, ix := range wantedIndexes(coll) {
		name := table + "_" + ix.name
		wanted[name] = true
		if !have[name] {
			missing = append(missing, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %q ON %q %s", name, table, ix.sql))
		}
	}
	// Indexes of an earlier version's read path no longer wanted (one that
	// a longer index now replaces) go, once a replacement is built.
	var obsolete []string
	for _, n := range ours {
		if !wanted[n] {
			obsolete = append(obsolete, "DROP INDEX IF EXISTS "+quoteIdent(n))
		}
	}
	return append(missing, obsolete...), have, nil
}

// ready makes sure a table's indexes exist, checking again only after the
// database schema changed (a collection dropped and created again gets a
// fresh table without them).
func (a *accel) ready(ctx context.Context, db *sql.DB, coll, table string) error {
	var v int64
	if err := db.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&v); err != nil {
		return err
	}
	a.mu.Lock()
	done, building := a.verified[table] == v, a.pending[table]
	a.mu.Unlock()
	if building {
		return errBuilding
	}
	if done {
		return nil
	}
	if _, err := a.ensureTable(ctx, db, coll, table); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "PRAGMA schema_version").Scan(&v); err != nil {
		return err
	}
	a.mu.Lock()
	a.verified[table] = v
	a.mu.Unlock()
	return nil
}

// collTable is a collection and its engine table.
type collTable struct{ coll, table string }

// tables lists every collection's table.
func (a *accel) tables(ctx context.Context) ([]collTable, error) {
	db, err := a.conn()
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, "SELECT name, table_name FROM "+collMetaTable)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []collTable
	for rows.Next() {
		var p collTable
		if err := rows.Scan(&p.coll, &p.table); err != nil {
			return nil, err
		}
		all = append(all, p)
	}
	return all, rows.Err()
}

// ensureAll creates the missing indexes of every collection's table.
func (a *accel) ensureAll(ctx context.Context) (int, error) {
	db, err := a.conn()
	if err != nil {
		if os.IsNotExist(err) {
			return 0, nil
		}
		return 0, err
	}
	all, err := a.tables(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, p := range all {
		n, err := a.ensureTable(ctx, db, p.coll, p.table)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// DropReadPathIndexes removes the read path's SQLite indexes, count
// triggers and counts from every table, leaving the database as a version
// without them wrote it; the next start creates them again (benchmarks of
// that start-up).
func (d *DB) DropReadPathIndexes(ctx context.Context) error {
	if d.accel == nil {
		return nil
	}
	d.accel.stopBackground()
	db, err := d.accel.conn()
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')")
	if err != nil {
		return err
	}
	var drops []string
	for rows.Next() {
		var typ, n string
		if err := rows.Scan(&typ, &n); err != nil {
			_ = rows.Close()
			return err
		}
		if strings.Contains(n, "_"+accelPrefix) {
			drops = append(drops, "DROP "+strings.ToUpper(typ)+" "+quoteIdent(n))
		}
	}
	_ = rows.Close()
	drops = append(drops, "DROP TABLE IF EXISTS "+countsTable)
	for _, q := range drops {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	d.accel.reset()
	return nil
}
