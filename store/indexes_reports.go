package store

// The reports' collections (package reports): the per-person facts and
// the summary documents, the latter always read by _id.
const (
	CollReportPeople    = "report_people"
	CollReportSummaries = "report_summaries"
	CollCourseRatings   = "course_ratings"
)

var reportsCollections = []string{CollReportPeople, CollReportSummaries, CollCourseRatings}

var reportsIndexes = []Index{
	// The outreach list: people of a village and group, by name.
	{Collection: CollReportPeople, Keys: []string{"village", "groups", "name"}},
	// A from–to range of a town.
	{Collection: CollReportPeople, Keys: []string{"town"}},
	// Ratings: a course's ratings, and an enrollment's one rating.
	{Collection: CollCourseRatings, Keys: []string{"courseId"}},
	{Collection: CollCourseRatings, Keys: []string{"town", "year"}},
	{Collection: CollCourseRatings, Keys: []string{"year", "town"}},
}
