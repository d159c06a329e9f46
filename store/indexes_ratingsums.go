package store

// CollCourseRatingSums holds, per year and organizing town, the count and
// the score sums of the course ratings (package courses, rating_sums.go):
// the town assessment reads a handful of these instead of every rating.
const CollCourseRatingSums = "course_rating_sums"

var ratingSumsCollections = []string{CollCourseRatingSums}

var ratingSumsIndexes = []Index{
	// A year's sums of every town.
	{Collection: CollCourseRatingSums, Keys: []string{"year", "town"}},
}
