package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// Exact totals without counting. Every list page carries the total of
// its filter (skillcert.Page), and SQLite counts an index range entry by
// entry: the 700,000 entries of a city's audit trail, the 175,000 of one
// actor's, the 20,000 people of a town cost tens of milliseconds a page.
// For the filters listed in accelCounted, triggers on the engine's table
// keep the number of documents per value in a table of ours (countsTable),
// in the same transaction as the engine's insert, update or delete, so
// the count of such a filter is one lookup per value and exactly what
// count(*) would say in the same snapshot.
//
// A counted filter is a conjunction of equalities (or $in lists) on
// exactly the fields of one set, every field kindString: a key is the
// JSON array of the set's name and the fields' values (json_array of the
// expression fieldExpr yields), which equals json_array('set', ?) of a
// string argument exactly when the field's SQL value is that string — the
// condition count(*) would test. The type check of the read path runs
// first, as for every read.
//
// The triggers and the counts are created together in one transaction
// (the counts from the table's indexes, GROUP BY). A table created again
// (a collection dropped) has no triggers: its counts are rebuilt with them
// when the read path readies the table, and a count whose triggers are
// missing is counted the plain way in the same statement.

// countsTable holds the maintained counts of every table.
const countsTable = accelPrefix + "counts"

const createCountsTable = "CREATE TABLE IF NOT EXISTS " + countsTable + " (tbl TEXT NOT NULL, k TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (tbl, k)) WITHOUT ROWID"

// accelCounted lists, per collection, the field sets whose equality
// filters are counted by triggers; the empty set is the whole collection.
// Each non-empty set must be the leading fields of a declared index (the
// counts are built from it) and its fields kindString
// (TestCountedSetsAreIndexedStrings).
var accelCounted = map[string][][]string{
	CollAudit:   {{}, {"actorId"}, {"actorName"}, {"action"}},
	CollPersons: {{}, {"town"}, {"town", "village"}},
	CollCourses: {{}, {"status"}, {"town"}},
}

// countSetName names a set of fields in the keys: the fields in order,
// comma-separated ("" for the whole collection).
func countSetName(fields []string) string { return strings.Join(fields, ",") }

// countKeyExpr is the SQL key of a row for a set: json_array of the set's
// name and the fields' values, read from row (NEW, OLD or the table).
func countKeyExpr(row string, fields []string) string {
	parts := []string{"'" + countSetName(fields) + "'"}
	for _, f := range fields {
		parts = append(parts, row+"."+fieldExpr(f))
	}
	return "json_array(" + strings.Join(parts, ", ") + ")"
}

// countTriggers are the names of a table's three triggers.
func countTriggers(table string) []string {
	return []string{table + "_" + accelPrefix + "count_ins", table + "_" + accelPrefix + "count_del", table + "_" + accelPrefix + "count_upd"}
}

// countStatements returns the statements that (re)build a table's counts
// and create its triggers; none for a collection without counted sets.
func countStatements(coll, table string) []string {
	sets := accelCounted[coll]
	if len(sets) == 0 {
		return nil
	}
	lit := "'" + strings.ReplaceAll(table, "'", "''") + "'"
	t := quoteIdent(table)
	out := []string{createCountsTable}
	for _, name := range countTriggers(table) {
		out = append(out, "DROP TRIGGER IF EXISTS "+quoteIdent(name))
	}
	out = append(out, "DELETE FROM "+countsTable+" WHERE tbl = "+lit)
	var ins, del, upd []string
	for _, fields := range sets {
		// The counts, grouped by the leading fields of an index.
		cols := make([]string, len(fields))
		for i, f := range fields {
			cols[i] = fieldExpr(f)
		}
		key := []string{"'" + countSetName(fields) + "'"}
		inner := "SELECT count(*) AS n FROM " + t
		if len(fields) > 0 {
			for i := range fields {
				key = append(key, fmt.Sprintf("v%d", i))
			}
			sel := make([]string, len(cols))
			for i, c := range cols {
				sel[i] = fmt.Sprintf("%s AS v%d", c, i)
			}
			inner = "SELECT " + strings.Join(sel, ", ") + ", count(*) AS n FROM " + t + " GROUP BY " + strings.Join(cols, ", ")
		}
		out = append(out, "INSERT INTO "+countsTable+" (tbl, k, n) SELECT "+lit+", json_array("+strings.Join(key, ", ")+"), n FROM ("+inner+")")
		up := "INSERT INTO " + countsTable + " (tbl, k, n) VALUES (" + lit + ", " + countKeyExpr("NEW", fields) + ", 1) ON CONFLICT (tbl, k) DO UPDATE SET n = n + 1;"
		down := "UPDATE " + countsTable + " SET n = n - 1 WHERE tbl = " + lit + " AND k = " + countKeyExpr("OLD", fields) + ";"
		ins = append(ins, up)
		del = append(del, down)
		if len(fields) > 0 {
			upd = append(upd, down, up)
		}
	}
	names := countTriggers(table)
	out = append(out,
		"CREATE TRIGGER "+quoteIdent(names[0])+" AFTER INSERT ON "+t+" BEGIN "+strings.Join(ins, " ")+" END",
		"CREATE TRIGGER "+quoteIdent(names[1])+" AFTER DELETE ON "+t+" BEGIN "+strings.Join(del, " ")+" END")
	if len(upd) > 0 {
		out = append(out, "CREATE TRIGGER "+quoteIdent(names[2])+" AFTER UPDATE ON "+t+" BEGIN "+strings.Join(upd, " ")+" END")
	} else {
		// Nothing to adjust on update, but the trigger exists so that the
		// check for all three holds.
		out = append(out, "CREATE TRIGGER "+quoteIdent(names[2])+" AFTER UPDATE ON "+t+" WHEN 0 BEGIN SELECT 1; END")
	}
	return out
}

// ensureCounts builds a table's counts and triggers unless all three
// triggers exist.
func ensureCounts(ctx context.Context, db *sql.DB, coll, table string, have map[string]bool) (bool, error) {
	stmts := countStatements(coll, table)
	if len(stmts) == 0 {
		return false, nil
	}
	all := true
	for _, n := range countTriggers(table) {
		all = all && have[n]
	}
	if all {
		return false, nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return false, fmt.Errorf("%s: %w", q, err)
		}
	}
	return true, tx.Commit()
}

// countSQL returns a statement counting a plan's matches from the
// maintained counts, falling back to counting the rows (where, args) when
// the table's triggers are missing; ok is false when the plan is not a
// counted filter.
func (p *accelPlan) countSQL(coll, table, where string, args []any) (string, []any, bool) {
	if p.nonEq || len(p.elems) > 0 {
		return "", nil, false
	}
	fields := make([]string, 0, len(p.eqs))
	for f := range p.eqs {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	counted := false
	for _, set := range accelCounted[coll] {
		s := append([]string(nil), set...)
		sort.Strings(s)
		if countSetName(s) == countSetName(fields) {
			counted = true
			fields = set // the set's own order, as in its keys
			break
		}
	}
	if !counted {
		return "", nil, false
	}
	// The keys: every combination of the fields' values.
	combos := [][]any{{}}
	for _, f := range fields {
		var next [][]any
		for _, c := range combos {
			for _, v := range p.eqs[f] {
				next = append(next, append(append([]any(nil), c...), v))
			}
		}
		combos = next
	}
	var keys []string
	var kargs []any
	for _, c := range combos {
		marks := []string{"?"}
		kargs = append(kargs, countSetName(fields))
		for _, v := range c {
			marks = append(marks, "?")
			kargs = append(kargs, v)
		}
		keys = append(keys, "json_array("+strings.Join(marks, ", ")+")")
	}
	trig := countTriggers(table)
	q := "SELECT CASE WHEN (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name IN (?, ?, ?)) = 3" +
		" THEN (SELECT coalesce(sum(n), 0) FROM " + countsTable + " WHERE tbl = ? AND k IN (" + strings.Join(keys, ", ") + "))" +
		" ELSE (SELECT count(*) FROM " + quoteIdent(table) + where + ") END"
	all := []any{table, trig[0], trig[1], trig[2], table}
	all = append(all, kargs...)
	all = append(all, args...)
	return q, all, true
}
