package store

// hangIndexes serve the repair of interrupted work: course evaluations
// left pending (courses.FinishEvaluations).
var hangIndexes = []Index{
	{Collection: CollCourses, Keys: []string{"evaluation.state", "evaluation.round"}},
}
