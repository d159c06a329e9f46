package store

import (
	"context"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
)

// Counter counts the database commands issued under one context, so that
// tests can assert that a request's cost does not grow with the data.
type Counter struct{ n atomic.Int64 }

// N is the number of commands counted so far.
func (c *Counter) N() int64 { return c.n.Load() }

type counterKey struct{}

// WithCounter returns a context under which every database command is
// counted into the returned counter.
func WithCounter(ctx context.Context) (context.Context, *Counter) {
	c := &Counter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

// CounterFrom returns the counter of ctx, or nil.
func CounterFrom(ctx context.Context) *Counter {
	c, _ := ctx.Value(counterKey{}).(*Counter)
	return c
}

func commandStarted(ctx context.Context, ev *event.CommandStartedEvent) {
	if ctx != nil {
		if c := CounterFrom(ctx); c != nil {
			c.n.Add(1)
		}
		runHook(ctx, ev)
	}
	if shapesOn.Load() {
		recordShapes(ev)
		recordWriteSize(ev)
	}
}

// Shape is what a query asks of a collection: the fields it filters on
// and the fields it sorts by. Every shape must be served by an index.
type Shape struct {
	Collection string
	Filter     []string // sorted, distinct top-level field paths
	Sort       []string // in sort order
	Command    string
}

// Key identifies the shape.
func (s Shape) Key() string {
	return s.Collection + "|" + strings.Join(s.Filter, ",") + "|" + strings.Join(s.Sort, ",")
}

var (
	shapesOn atomic.Bool
	shapesMu sync.Mutex
	shapes   = map[string]Shape{}
	// shapeVias records, per shape key, which read paths served it.
	shapeVias = map[string]map[string]bool{}
)

// RecordShapes turns on recording of every query shape issued by any DB
// in this process (tests turn it on; production leaves it off).
func RecordShapes(on bool) { shapesOn.Store(on) }

// RecordedShapes returns the shapes recorded so far.
func RecordedShapes() []Shape {
	shapesMu.Lock()
	defer shapesMu.Unlock()
	out := make([]Shape, 0, len(shapes))
	for _, s := range shapes {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}

func addShape(s Shape) { addShapeVia(s, ViaEngine) }

func addShapeVia(s Shape, via string) {
	if s.Collection == "" || strings.HasPrefix(s.Collection, "system.") || s.Collection == CollSchemaSteps {
		return
	}
	shapesMu.Lock()
	shapes[s.Key()] = s
	if shapeVias[s.Key()] == nil {
		shapeVias[s.Key()] = map[string]bool{}
	}
	shapeVias[s.Key()][via] = true
	shapesMu.Unlock()
}

func recordShapes(ev *event.CommandStartedEvent) {
	cmd := ev.Command
	str := func(key string) string {
		v, err := cmd.LookupErr(key)
		if err != nil {
			return ""
		}
		s, _ := v.StringValueOK()
		return s
	}
	doc := func(raw bson.Raw, key string) bson.Raw {
		v, err := raw.LookupErr(key)
		if err != nil {
			return nil
		}
		d, _ := v.DocumentOK()
		return d
	}
	switch ev.CommandName {
	case "find":
		s := Shape{Collection: str("find"), Filter: filterFields(doc(cmd, "filter")), Sort: sortFields(doc(cmd, "sort")), Command: "find"}
		if isIDLookup(doc(cmd, "filter")) && len(s.Sort) == 0 {
			addShapeVia(s, ViaKey)
			return
		}
		addShape(s)
	case "count":
		if doc(cmd, "query") == nil {
			return // a metadata count (EstimatedDocumentCount) reads no documents
		}
		addShape(Shape{Collection: str("count"), Filter: filterFields(doc(cmd, "query")), Command: "count"})
	case "distinct":
		addShape(Shape{Collection: str("distinct"), Filter: filterFields(doc(cmd, "query")), Command: "distinct"})
	case "findAndModify":
		addShape(Shape{Collection: str("findAndModify"), Filter: filterFields(doc(cmd, "query")), Sort: sortFields(doc(cmd, "sort")), Command: "findAndModify"})
	case "aggregate":
		coll := str("aggregate")
		v, err := cmd.LookupErr("pipeline")
		if err != nil {
			return
		}
		arr, ok := v.ArrayOK()
		if !ok {
			return
		}
		vals, _ := arr.Values()
		s := Shape{Collection: coll, Command: "aggregate"}
		for i, st := range vals {
			stage, ok := st.DocumentOK()
			if !ok {
				continue
			}
			if m := doc(stage, "$match"); m != nil && i == 0 {
				s.Filter = filterFields(m)
			}
			if so := doc(stage, "$sort"); so != nil && i <= 1 && len(s.Sort) == 0 {
				s.Sort = sortFields(so)
			}
		}
		addShape(s)
	case "update", "delete":
		coll := str(ev.CommandName)
		list := "updates"
		if ev.CommandName == "delete" {
			list = "deletes"
		}
		v, err := cmd.LookupErr(list)
		if err != nil {
			return
		}
		arr, ok := v.ArrayOK()
		if !ok {
			return
		}
		vals, _ := arr.Values()
		for _, st := range vals {
			d, ok := st.DocumentOK()
			if !ok {
				continue
			}
			addShape(Shape{Collection: coll, Filter: filterFields(doc(d, "q")), Command: ev.CommandName})
		}
	}
}

// filterFields lists the field paths a filter constrains, descending into
// $and/$or/$nor.
func filterFields(f bson.Raw) []string {
	set := map[string]bool{}
	var walk func(bson.Raw)
	walk = func(d bson.Raw) {
		elems, err := d.Elements()
		if err != nil {
			return
		}
		for _, e := range elems {
			k := e.Key()
			if k == "$and" || k == "$or" || k == "$nor" {
				arr, ok := e.Value().ArrayOK()
				if !ok {
					continue
				}
				vals, _ := arr.Values()
				for _, v := range vals {
					if sub, ok := v.DocumentOK(); ok {
						walk(sub)
					}
				}
				continue
			}
			if strings.HasPrefix(k, "$") {
				continue
			}
			set[k] = true
		}
	}
	if f != nil {
		walk(f)
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortFields(s bson.Raw) []string {
	if s == nil {
		return nil
	}
	elems, err := s.Elements()
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		out = append(out, e.Key())
	}
	return out
}

// ForgetShapes drops recorded shapes matching drop (tests that issue a bad
// shape on purpose).
func ForgetShapes(drop func(Shape) bool) {
	shapesMu.Lock()
	defer shapesMu.Unlock()
	for k, s := range shapes {
		if drop(s) {
			delete(shapes, k)
			delete(shapeVias, k)
		}
	}
}
