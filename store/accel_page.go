package store

import "strings"

// accelMaxMerge bounds the values of a $in list read as separate ranges.
const accelMaxMerge = 8

// pageSQL returns the statement that selects one page of a plan's matches
// (_id, its type and the stored document), in order.
//
// The page's rows are chosen first by rowid alone and only those rows are
// then read whole: SQLite's sorter would otherwise carry every candidate
// row's document to the sort (the catalog's thousand courses, a course's
// three hundred enrollments), and the sort keys of a covering index come
// from the index without reading the rows at all.
//
// A $in list on one field under a sort (the catalog's two public
// statuses) is read as one index range per value, each in the sort's
// order and cut at the page's end, and the ranges merged in order
// (mergedRowids): SQLite would otherwise collect and sort every match of
// the list.
func (p *accelPlan) pageSQL(table, where string, args []any, order string, limit, skip int64) (string, []any) {
	inner, iargs := p.pageRowidsSQL(table, where, args, order, limit, skip)
	q := "SELECT " + fieldExpr("_id") + ", " + typeExpr("_id") + ", " + sjsonColumn + " FROM " + quoteIdent(table) +
		" WHERE rowid IN (" + inner + ")" + order
	return q, iargs
}

// pageRowidsSQL selects the rowids of one page of a plan's matches.
func (p *accelPlan) pageRowidsSQL(table, where string, args []any, order string, limit, skip int64) (string, []any) {
	if q, qargs := p.mergedRowids(table, limit, skip); q != "" {
		return q, qargs
	}
	return "SELECT rowid FROM " + quoteIdent(table) + where + order + " LIMIT ? OFFSET ?", append(append([]any(nil), args...), limit, skip)
}

// mergedRowids returns the page's rowids from one range per value of the
// plan's only multi-valued equality ("" when the plan has none, or more
// than one, or no sort). Each value's range is the same query with the
// field equal to that value; a document's field holds one string, so the
// ranges are disjoint and together the $in list's matches.
func (p *accelPlan) mergedRowids(table string, limit, skip int64) (string, []any) {
	if len(p.order) < 2 || len(p.elems) > 0 {
		return "", nil
	}
	field := ""
	for f, vals := range p.eqs {
		if len(vals) > 1 {
			if field != "" {
				return "", nil
			}
			field = f
		}
	}
	if field == "" || len(p.eqs[field]) > accelMaxMerge {
		return "", nil
	}
	// The sort keys as columns s0, s1, … and the rowid as r.
	var cols, outer []string
	for i, term := range p.order {
		expr, desc := strings.CutSuffix(term, " DESC")
		alias := "r"
		if expr != "rowid" {
			alias = "s" + string(rune('0'+i))
			cols = append(cols, expr+" AS "+alias)
		}
		if desc {
			alias += " DESC"
		}
		outer = append(outer, alias)
	}
	sel := "SELECT rowid AS r"
	if len(cols) > 0 {
		sel += ", " + strings.Join(cols, ", ")
	}
	order := " ORDER BY " + strings.Join(p.order, ", ")
	var arms []string
	var args []any
	for _, v := range p.eqs[field] {
		where, wargs := p.whereWith(table, "+", p.eqAt[field], fieldExpr(field)+" = ?", []any{v})
		arms = append(arms, "SELECT * FROM ("+sel+" FROM "+quoteIdent(table)+where+order+" LIMIT ?)")
		args = append(append(args, wargs...), limit+skip)
	}
	q := "SELECT r FROM (" + strings.Join(arms, " UNION ALL ") + " ORDER BY " + strings.Join(outer, ", ") + " LIMIT ? OFFSET ?)"
	return q, append(args, limit, skip)
}
