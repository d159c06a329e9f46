package store

// Coordinator recruitment and policy parameters (package recruitment).

// Collection names. Policy parameter versions live in CollPolicyParams
// (a small reference collection, read whole).
const (
	CollRecruitmentPosts        = "recruitment_posts"
	CollRecruitmentApplications = "recruitment_applications"
	CollHolidayCalendars        = "holiday_calendars" // one document per year, _id = the year
)

// recruitmentCollections are the feature's collections.
var recruitmentCollections = []string{CollRecruitmentPosts, CollRecruitmentApplications, CollHolidayCalendars}

// recruitmentIndexes are the feature's indexes. An application's _id is
// postId:personId, so "one application per person per post" needs no
// unique index; none of these is unique.
var recruitmentIndexes = []Index{
	// Post lists: a town's posts, posts by status (trainees see the open
	// ones, the city those awaiting the notice), all posts newest first;
	// the public notices in force.
	{Collection: CollRecruitmentPosts, Keys: []string{"town", "-createdAt"}},
	{Collection: CollRecruitmentPosts, Keys: []string{"status", "-createdAt"}},
	{Collection: CollRecruitmentPosts, Keys: []string{"-createdAt"}},
	{Collection: CollRecruitmentPosts, Keys: []string{"status", "notice.end"}},

	// A post's applications in order of arrival and by status (ranking,
	// selection, the count of pending reviews); a person's applications
	// (their own list, re-screening when the register changes); the
	// city's review queue, oldest submission first.
	{Collection: CollRecruitmentApplications, Keys: []string{"postId", "createdAt"}},
	{Collection: CollRecruitmentApplications, Keys: []string{"postId", "status"}},
	{Collection: CollRecruitmentApplications, Keys: []string{"personId", "-createdAt"}},
	{Collection: CollRecruitmentApplications, Keys: []string{"status", "submittedAt"}},
}
