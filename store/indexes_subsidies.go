package store

// The subsidies' collections (package subsidies): the construction
// subsidy, one document per town office (_id = the town's code), and the
// monthly personnel subsidy ledgers (_id = town:YYYY-MM).
const (
	CollSubsidyConstruction = "subsidy_construction"
	CollSubsidyLedgers      = "subsidy_ledgers"
)

var subsidiesCollections = []string{CollSubsidyConstruction, CollSubsidyLedgers}

var subsidiesIndexes = []Index{
	// The construction subsidies by status (the city's queue).
	{Collection: CollSubsidyConstruction, Keys: []string{"status", "appliedAt"}},
	// A town's ledgers, the latest month first; the city's overview of a
	// month, by town; the city's queue of ledgers awaiting approval.
	{Collection: CollSubsidyLedgers, Keys: []string{"town", "-period"}},
	{Collection: CollSubsidyLedgers, Keys: []string{"period", "town"}},
	{Collection: CollSubsidyLedgers, Keys: []string{"status", "period"}},
}
