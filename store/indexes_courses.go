package store

// Courses, sessions, enrollments, attendance and notifications (package courses).

// Collection names.
const (
	CollCourses         = "courses"
	CollCourseSessions  = "course_sessions" // 课次; "sessions" holds login sessions
	CollEnrollments     = "enrollments"
	CollAttendance      = "attendance"
	CollCheckinThrottle = "checkin_throttle"
	CollMessages        = "messages"
	// CollPersonCourses holds, per person, every course they ever enrolled
	// in, so their enrollments are found by key.
	CollPersonCourses = "person_courses"
)

// coursesCollections are the feature's collections.
var coursesCollections = []string{
	CollCourses, CollCourseSessions, CollEnrollments, CollAttendance, CollCheckinThrottle, CollMessages,
	CollPersonCourses,
}

// coursesIndexes are the feature's indexes. Enrollments are keyed
// courseId:personId and attendance records sessionId:personId in _id, so
// "one per person" needs no unique index; none of these is unique.
var coursesIndexes = []Index{
	// Lists and the catalog, newest enrollment window first.
	{Collection: CollCourses, Keys: []string{"status", "town", "-enrollOpens"}},
	{Collection: CollCourses, Keys: []string{"town", "status", "-enrollOpens"}},
	{Collection: CollCourses, Keys: []string{"type", "-enrollOpens"}},
	{Collection: CollCourses, Keys: []string{"trade", "-enrollOpens"}},
	{Collection: CollCourses, Keys: []string{"-enrollOpens"}},

	// A course's sessions; an instructor's and a venue's sessions of a day
	// (clash checks, the instructor's calendar and course list).
	{Collection: CollCourseSessions, Keys: []string{"courseId", "start"}},
	{Collection: CollCourseSessions, Keys: []string{"instructorId", "start"}},
	{Collection: CollCourseSessions, Keys: []string{"venueKey", "start"}},

	// A course's enrollments by status, the waitlist in order; a person's
	// enrollments; in-flight seat changes for the repair pass.
	{Collection: CollEnrollments, Keys: []string{"courseId", "status", "waitlistSeq"}},
	{Collection: CollEnrollments, Keys: []string{"personId", "status"}},
	{Collection: CollEnrollments, Keys: []string{"seatPending", "updatedAt"}},

	// A session's roll; a course's marks, per person.
	{Collection: CollAttendance, Keys: []string{"sessionId"}},
	{Collection: CollAttendance, Keys: []string{"courseId", "personId"}},

	// Expired throttle windows are deleted by date.
	{Collection: CollCheckinThrottle, Keys: []string{"windowStart"}},

	// A person's messages, newest first; the dispatcher's queue.
	{Collection: CollMessages, Keys: []string{"personId", "-createdAt"}},
	{Collection: CollMessages, Keys: []string{"personId", "read"}},
	{Collection: CollMessages, Keys: []string{"sendState", "nextAttemptAt"}},
}
