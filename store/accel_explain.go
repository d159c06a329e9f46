package store

import (
	"context"
	"errors"
	"strings"
)

// ExplainEmbedded returns SQLite's plan (EXPLAIN QUERY PLAN, one step a
// line) for a read on the embedded engine: for an exact {_id: <string>}
// filter the engine's own lookup statement, otherwise the SQL read path's
// selection of the rows of one page of 20 with the given sort. An error
// says the read path does not apply (or this is MongoDB).
func (d *DB) ExplainEmbedded(ctx context.Context, coll string, filter, sortSpec any) (string, error) {
	if d.accel == nil {
		return "", errors.New("store: not the embedded engine")
	}
	db, err := d.accel.conn()
	if err != nil {
		return "", err
	}
	table, err := d.accel.tableOf(ctx, db, coll)
	if err != nil || table == "" {
		return "", errors.New("store: no such collection")
	}
	if err := d.accel.ready(ctx, db, coll, table); err != nil {
		return "", err
	}
	var q string
	var args []any
	if isIDLookup(filter) {
		q = "SELECT " + sjsonColumn + " FROM " + quoteIdent(table) + " WHERE " + idPushdownExpr + " = ?"
		args = []any{`"x"`}
	} else {
		plan, ok := planQuery(coll, filter, sortSpec)
		if !ok {
			return "", errors.New("store: the SQL read path does not serve this query")
		}
		if err := plan.resolveElems(ctx, db, table); err != nil {
			return "", err
		}
		where, wargs := plan.whereSQL(table, true)
		order := " ORDER BY " + strings.Join(plan.order, ", ")
		if len(plan.order) == 0 {
			order = " ORDER BY rowid"
		}
		// The selection of the page's rows; the page's documents are then
		// read by rowid (accel_page.go).
		q, args = plan.pageRowidsSQL(table, where, wargs, order, 20, 0)
		if check := plan.typeCheckSQL(coll, table); check != "" {
			q = "SELECT (" + check + "), * FROM (" + q + ")"
		}
	}
	rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n"), rows.Err()
}
