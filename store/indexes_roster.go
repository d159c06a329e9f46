package store

// The register of residents (package roster).

// Collection names.
const (
	CollPersons          = "persons"
	CollRosterImports    = "roster_imports"       // one document per import job, with its counts
	CollRosterImportErrs = "roster_import_errors" // an import's row faults, in chunks
	CollRegisterThrottle = "register_throttle"    // self-registration attempts per IP and ID number
)

// rosterCollections are the feature's collections.
var rosterCollections = []string{CollPersons, CollRosterImports, CollRosterImportErrs, CollRegisterThrottle}

// rosterIndexes are the feature's indexes. One person per ID number
// city-wide: idHash, the number's keyed hash (the number itself is stored
// only encrypted), is unique and never missing (every person has one).
//
// Staff lists are scoped by town (and village) and sorted by name: the
// town-led indexes serve them and their name prefix search. The other
// searches (ID number suffix, mobile, target group, education, status)
// lead an index of their own, which serves the city's lists and, being
// selective, the staff's too (MongoDB filters the town on the fetched
// documents). Every key costs each insert on the embedded engine, which
// maintains the indexes but never reads them, so the set is kept small.
var rosterIndexes = []Index{
	{Collection: CollPersons, Keys: []string{"idHash"}, Unique: true},
	{Collection: CollPersons, Keys: []string{"town", "village", "name"}},
	{Collection: CollPersons, Keys: []string{"town", "name"}},
	{Collection: CollPersons, Keys: []string{"name"}},
	{Collection: CollPersons, Keys: []string{"idSuffix"}},
	{Collection: CollPersons, Keys: []string{"mobile"}},
	{Collection: CollPersons, Keys: []string{"groups", "name"}},
	{Collection: CollPersons, Keys: []string{"education", "name"}},
	{Collection: CollPersons, Keys: []string{"status", "name"}},

	// Import jobs: the recent imports of a town; a job's faults in order.
	{Collection: CollRosterImports, Keys: []string{"town", "-startedAt"}},
	{Collection: CollRosterImportErrs, Keys: []string{"jobId", "chunk"}},

	// Expired throttle windows are deleted by date.
	{Collection: CollRegisterThrottle, Keys: []string{"windowStart"}},
}
