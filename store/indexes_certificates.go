package store

// Certificates (package certificates).

// Collection names.
const (
	CollCertificates         = "certificates"
	CollCertificateThrottle  = "certificate_verify_throttle" // public verification lookups per client IP and window
	CollCertificateDownloads = "certificate_downloads"       // progress of streamed zip downloads, polled by the page
)

// certificatesCollections are the feature's collections. Certificate
// numbers are drawn from counter documents in CollCounters.
var certificatesCollections = []string{CollCertificates, CollCertificateThrottle, CollCertificateDownloads}

// certificatesIndexes are the feature's indexes. The unique keys are always
// present: slot is the enrollment ID of the certificate in force (valid or
// revoked) and a key derived from the certificate's own ID otherwise, so
// that an enrollment has at most one certificate in force however many
// requests race.
var certificatesIndexes = []Index{
	{Collection: CollCertificates, Keys: []string{"slot"}, Unique: true},
	{Collection: CollCertificates, Keys: []string{"number"}, Unique: true},
	{Collection: CollCertificates, Keys: []string{"token"}, Unique: true},

	// A course's certificates by number (course page, zip); a person's,
	// newest first (my certificates).
	{Collection: CollCertificates, Keys: []string{"courseId", "number"}},
	{Collection: CollCertificates, Keys: []string{"personId", "-issueDate"}},

	// Certificates expiring soon, per holder's town and city-wide; pending
	// reissues left by a crash, for the repair pass.
	{Collection: CollCertificates, Keys: []string{"holderTown", "status", "validUntil"}},
	{Collection: CollCertificates, Keys: []string{"status", "validUntil"}},
	{Collection: CollCertificates, Keys: []string{"status", "createdAt"}},

	// Expired throttle windows and finished download records are deleted
	// by date.
	{Collection: CollCertificateThrottle, Keys: []string{"windowStart"}},
	{Collection: CollCertificateDownloads, Keys: []string{"updatedAt"}},
}
