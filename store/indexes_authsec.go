package store

// Account security (packages auth and audit): login throttles, one-time
// activation codes, the audit chain.

// Collection names.
const (
	CollActivationCodes = "activation_codes" // one-time codes that link a self-registration to a registered person
)

// authsecCollections are the feature's collections.
var authsecCollections = []string{CollActivationCodes}

// authsecIndexes: an account's throttle counters are cleared by username
// (unlock) and every counter is purged by its expiry; a person's
// outstanding codes are replaced when a new one is issued, expired codes
// purged by date.
var authsecIndexes = []Index{
	{Collection: CollAccounts, Keys: []string{"officeTown", "role", "username"}},
	{Collection: CollLoginAttempts, Keys: []string{"username"}},
	{Collection: CollLoginAttempts, Keys: []string{"expiresAt"}},
	{Collection: CollActivationCodes, Keys: []string{"personId"}},
	{Collection: CollActivationCodes, Keys: []string{"expiresAt"}},
	// The audit chain's sequence numbers are unique and never missing
	// (schema step 30 numbers the entries written before the chain).
	{Collection: CollAudit, Keys: []string{"seq"}, Unique: true},
	// The auditor's filter by login name (the other filters have theirs
	// in steps.go).
	{Collection: CollAudit, Keys: []string{"actorName", "-at"}},
}
