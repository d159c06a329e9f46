package store

import (
	"sync"

	"go.mongodb.org/mongo-driver/v2/event"
)

// WriteCommand is the largest write command seen on one collection: how
// many statements (update, delete) or documents (insert) it carried.
type WriteCommand struct {
	Command    string
	Collection string
	Size       int
}

var (
	writeSizesMu sync.Mutex
	largestWrite = map[string]WriteCommand{} // by command and collection
)

// recordWriteSize notes the size of a write command; storetest.Main fails
// a package whose tests sent one larger than WriteBatchSize.
func recordWriteSize(ev *event.CommandStartedEvent) {
	var list string
	switch ev.CommandName {
	case "insert":
		list = "documents"
	case "update":
		list = "updates"
	case "delete":
		list = "deletes"
	default:
		return
	}
	v, err := ev.Command.LookupErr(list)
	if err != nil {
		return
	}
	arr, ok := v.ArrayOK()
	if !ok {
		return
	}
	vals, _ := arr.Values()
	coll, _ := ev.Command.Lookup(ev.CommandName).StringValueOK()
	key := ev.CommandName + " " + coll
	writeSizesMu.Lock()
	if w, ok := largestWrite[key]; !ok || len(vals) > w.Size {
		largestWrite[key] = WriteCommand{Command: ev.CommandName, Collection: coll, Size: len(vals)}
	}
	writeSizesMu.Unlock()
}

// OversizedWrites lists the write commands sent in this process that
// carried more than WriteBatchSize statements or documents (the largest
// per command and collection).
func OversizedWrites() []WriteCommand {
	writeSizesMu.Lock()
	defer writeSizesMu.Unlock()
	var out []WriteCommand
	for _, w := range largestWrite {
		if w.Size > WriteBatchSize {
			out = append(out, w)
		}
	}
	return out
}

// LargestWrite returns the largest write command of the given name
// ("insert", "update", "delete") sent to coll in this process so far.
func LargestWrite(command, coll string) int {
	writeSizesMu.Lock()
	defer writeSizesMu.Unlock()
	return largestWrite[command+" "+coll].Size
}
