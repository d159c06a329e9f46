package store

// The value kinds of the fields the embedded read path (accel*.go) may
// filter and sort on with SQL. A field missing here is left to the
// engine. A kind is a promise the read path checks before every query:
// if any document holds another type in that field (an older record, a
// hand edit), the query goes to the engine instead, so a wrong entry here
// costs speed, never a wrong answer.

// fieldKind is the BSON type a field holds (or null, or nothing).
type fieldKind int

const (
	kindString  fieldKind = iota + 1 // a string
	kindStrings                      // a string or an array of strings (filtered by element, never sorted)
	kindDate                         // a UTC datetime (milliseconds in the engine's JSON)
	kindNumber                       // an int32, int64 or double
	kindBool                         // a boolean
)

// types are the engine's type names ("$s" of its JSON) the kind allows,
// besides null.
func (k fieldKind) types() []string {
	switch k {
	case kindString:
		return []string{"string"}
	case kindStrings:
		return []string{"string", "array"}
	case kindDate:
		return []string{"date"}
	case kindNumber:
		return []string{"int", "long", "double"}
	case kindBool:
		return []string{"bool"}
	}
	return nil
}

// accelKinds lists, per collection, the fields of its declared indexes
// (indexes_*.go) that the read path understands. Collections not listed
// (the small reference collections, schema steps) are left to the engine.
var accelKinds = map[string]map[string]fieldKind{
	CollAccounts: {"_id": kindString, "username": kindString, "town": kindString, "role": kindString, "personId": kindString,
		"officeTown": kindString},
	CollSessions: {"_id": kindString, "accountId": kindString, "expiresAt": kindDate},
	CollAudit: {"_id": kindString, "at": kindDate, "actorId": kindString, "targetId": kindString, "action": kindString,
		"town": kindString, "targetType": kindString, "seq": kindNumber, "actorName": kindString},
	CollLoginAttempts:   {"_id": kindString, "updatedAt": kindDate, "username": kindString, "expiresAt": kindDate},
	CollActivationCodes: {"_id": kindString, "personId": kindString, "expiresAt": kindDate},
	CollLeases:          {"_id": kindString, "name": kindString, "gen": kindNumber},

	CollPersons: {"_id": kindString, "idHash": kindString, "town": kindString, "village": kindString, "name": kindString,
		"idSuffix": kindString, "mobile": kindString, "groups": kindStrings, "education": kindString, "status": kindString},
	CollRosterImports:    {"_id": kindString, "town": kindString, "startedAt": kindDate, "status": kindString, "updatedAt": kindDate},
	CollRosterImportErrs: {"_id": kindString, "jobId": kindString, "chunk": kindNumber},
	CollRegisterThrottle: {"_id": kindString, "windowStart": kindDate},

	CollCourses: {"_id": kindString, "status": kindString, "town": kindString, "enrollOpens": kindDate, "type": kindString,
		"trade": kindString},
	CollCourseSessions: {"_id": kindString, "courseId": kindString, "start": kindDate, "instructorId": kindString,
		"venueKey": kindString},
	CollEnrollments: {"_id": kindString, "courseId": kindString, "status": kindString, "waitlistSeq": kindNumber,
		"personId": kindString, "seatPending": kindBool, "updatedAt": kindDate, "createdAt": kindDate},
	CollAttendance:      {"_id": kindString, "sessionId": kindString, "courseId": kindString, "personId": kindString},
	CollCheckinThrottle: {"_id": kindString, "windowStart": kindDate},
	CollMessages: {"_id": kindString, "personId": kindString, "createdAt": kindDate, "read": kindBool,
		"sendState": kindString, "nextAttemptAt": kindDate},
	CollPersonCourses: {"_id": kindString},

	CollCertificates: {"_id": kindString, "slot": kindString, "number": kindString, "token": kindString,
		"courseId": kindString, "personId": kindString, "issueDate": kindString, "holderTown": kindString,
		"status": kindString, "validUntil": kindString, "createdAt": kindDate},
	CollCertificateThrottle:  {"_id": kindString, "windowStart": kindDate},
	CollCertificateDownloads: {"_id": kindString, "updatedAt": kindDate},
	CollCertificateBatches:   {"_id": kindString, "state": kindString, "createdAt": kindDate},

	CollReportPeople:     {"_id": kindString, "village": kindString, "groups": kindStrings, "name": kindString, "town": kindString},
	CollReportSummaries:  {"_id": kindString},
	CollCourseRatings:    {"_id": kindString, "courseId": kindString, "town": kindString, "year": kindNumber},
	CollCourseRatingSums: {"_id": kindString, "year": kindNumber, "town": kindString},

	CollRecruitmentPosts: {"_id": kindString, "town": kindString, "createdAt": kindDate, "status": kindString},
	CollRecruitmentApplications: {"_id": kindString, "postId": kindString, "createdAt": kindDate, "status": kindString,
		"personId": kindString, "submittedAt": kindDate},

	CollSubsidyConstruction: {"_id": kindString, "status": kindString, "appliedAt": kindDate},
	CollSubsidyLedgers:      {"_id": kindString, "town": kindString, "period": kindString, "status": kindString},
}

// accelExtraIndexes are SQLite indexes of the embedded read path only, for
// counts the declared indexes serve on MongoDB by fetching documents: a
// town's people in a target group (the register's filter by group; on
// MongoDB the groups index serves it, the town being checked on the
// fetched documents). They are not MongoDB indexes.
//
// The others extend declared indexes by the keys the application's sorts
// add after them (the audit trail's seq after at, the courses' and the
// enrollments' _id), so that SQLite walks a page in order from the index
// instead of sorting every match; each replaces the declared index it
// extends (wantedIndexes), so the tables carry no more indexes.
var accelExtraIndexes = []Index{
	{Collection: CollPersons, Keys: []string{"town", "groups"}},
	{Collection: CollAudit, Keys: []string{"-at", "-seq"}},
	{Collection: CollAudit, Keys: []string{"actorId", "-at", "-seq"}},
	{Collection: CollAudit, Keys: []string{"actorName", "-at", "-seq"}},
	{Collection: CollAudit, Keys: []string{"targetId", "-at", "-seq"}},
	{Collection: CollAudit, Keys: []string{"action", "-at", "-seq"}},
	{Collection: CollCourses, Keys: []string{"status", "town", "-enrollOpens", "_id"}},
	{Collection: CollCourses, Keys: []string{"town", "status", "-enrollOpens", "_id"}},
	{Collection: CollCourses, Keys: []string{"status", "-enrollOpens", "_id"}},
	{Collection: CollCourses, Keys: []string{"town", "-enrollOpens", "_id"}},
	{Collection: CollCourses, Keys: []string{"-enrollOpens", "_id"}},
	{Collection: CollEnrollments, Keys: []string{"courseId", "createdAt", "_id"}},
}
