package courses

// ClassHoursOf is the number of 课时 the sessions give: the sum of each
// session's hours (each at most its minutes ÷ MinutesPerClassHour, 45
// minutes a 课时). A certificate prints this figure, not the course's
// planned ClassHours, so it always agrees with the sessions held; 0 when
// there are no sessions.
func ClassHoursOf(sessions []Session) int {
	n := 0
	for _, s := range sessions {
		n += s.Hours
	}
	return n
}
