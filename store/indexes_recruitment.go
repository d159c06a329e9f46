package store

// Coordinator recruitment and policy parameters (package recruitment).

// recruitmentCollections are the feature's collections.
var recruitmentCollections = []string{}

// recruitmentIndexes are the feature's indexes.
var recruitmentIndexes = []Index{}
