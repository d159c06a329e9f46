package store

// The register of residents (package roster).

// Collection names.
const (
	CollPersons = "persons"
)

// rosterCollections are the feature's collections.
var rosterCollections = []string{CollPersons}

// rosterIndexes are the feature's indexes.
var rosterIndexes = []Index{}
