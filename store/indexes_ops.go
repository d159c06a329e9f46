package store

// The operations' collections: background job leases (lease.go).
var opsCollections = []string{CollLeases}

var opsIndexes = []Index{
	// The latest generation of a job's lease.
	{Collection: CollLeases, Keys: []string{"name", "-gen"}},
	// Import jobs left unfinished by a stopped server (roster.MarkInterrupted).
	{Collection: CollRosterImports, Keys: []string{"status", "updatedAt"}},
}
