package store

// Courses, sessions, enrollments, attendance and notifications (package courses).

// coursesCollections are the feature's collections.
var coursesCollections = []string{}

// coursesIndexes are the feature's indexes.
var coursesIndexes = []Index{}
