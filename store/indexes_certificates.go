package store

// Certificates (package certificates).

// certificatesCollections are the feature's collections.
var certificatesCollections = []string{}

// certificatesIndexes are the feature's indexes.
var certificatesIndexes = []Index{}
