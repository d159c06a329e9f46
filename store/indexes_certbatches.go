package store

// Certificate batches (package certificates, batch.go): the marker of a
// course's certificate batch, written before its certificates and closed
// after their audit entries, so that a batch cut short by a crash is
// known and finished.

// CollCertificateBatches holds one marker per course certificate batch.
const CollCertificateBatches = "certificate_batches"

var certBatchCollections = []string{CollCertificateBatches}

// certBatchIndexes: the repair pass finds the batches left pending, by
// age.
var certBatchIndexes = []Index{
	{Collection: CollCertificateBatches, Keys: []string{"state", "createdAt"}},
}
