package store

import "sort"

// How a recorded query shape was served on the embedded engine.
const (
	// ViaSQL: the embedded read path answered it with SQL over an index.
	ViaSQL = "sql"
	// ViaKey: the engine answered an exact {_id: <string>} lookup, which
	// it pushes down to SQLite (indexed since schema step 20).
	ViaKey = "key"
	// ViaEngine: the engine decoded and filtered the collection in Go (or,
	// on MongoDB, the server answered it).
	ViaEngine = "engine"
)

// ShapeVias returns, per recorded shape key (Shape.Key), the read paths
// that served it, sorted.
func ShapeVias() map[string][]string {
	shapesMu.Lock()
	defer shapesMu.Unlock()
	out := make(map[string][]string, len(shapeVias))
	for k, set := range shapeVias {
		var l []string
		for v := range set {
			l = append(l, v)
		}
		sort.Strings(l)
		out[k] = l
	}
	return out
}

// Accelerable reports whether the embedded read path can answer a shape
// on its own terms: every filter and sort field of the collection has a
// kind (accel_kinds.go) and no sort field is an array. Whether a given
// query is answered by SQL also depends on its operators and on the data
// holding the declared types; ShapeVias shows what happened.
func Accelerable(s Shape) bool {
	kinds := accelKinds[s.Collection]
	if kinds == nil {
		return false
	}
	for _, f := range s.Filter {
		if _, ok := kinds[f]; !ok {
			return false
		}
	}
	for _, f := range s.Sort {
		if k, ok := kinds[f]; !ok || k == kindStrings {
			return false
		}
	}
	return true
}
