package courses

import (
	"sort"
	"strings"

	"golang.org/x/text/width"

	"skillcert"
)

// ClashKind says what a session was booked twice for.
type ClashKind string

// The kinds of clash.
const (
	ClashInstructor ClashKind = "instructor" // the same teacher at the same time
	ClashVenue      ClashKind = "venue"      // the same room at the same time
)

// Clash is an existing session that overlaps a candidate in time and
// shares its instructor or venue.
type Clash struct {
	Kind ClashKind
	With Session
}

// Message explains the clash in Chinese, e.g.
// 教师张三在 2026-12-03 09:00–11:30 已有课次（课程：电工初级班），与本次时间冲突.
func (c Clash) Message() string {
	var who string
	switch c.Kind {
	case ClashInstructor:
		who = "教师" + c.With.InstructorName
		if c.With.InstructorName == "" {
			who = "该教师"
		}
	default:
		who = "场地“" + c.With.Venue + "”"
	}
	course := ""
	if c.With.CourseTitle != "" {
		course = "（课程：" + c.With.CourseTitle + "）"
	}
	return who + "在 " + c.With.TimeRange() + " 已有课次" + course + "，与本次时间冲突"
}

// FindClashes returns the existing sessions that overlap the candidate in
// time (half-open: one ending at 11:30 and one starting at 11:30 do not
// clash) and have the same instructor or the same venue, compared by
// VenueKey. An existing session with the candidate's own ID is the
// candidate before an edit and is skipped. The result is ordered by start
// time, the instructor clash before the venue clash of one session.
func FindClashes(candidate Session, existing []Session) []Clash {
	venue := VenueKey(candidate.Venue)
	var clashes []Clash
	for _, s := range existing {
		if candidate.ID != "" && s.ID == candidate.ID {
			continue
		}
		if !candidate.Overlaps(s) {
			continue
		}
		if candidate.InstructorID != "" && s.InstructorID == candidate.InstructorID {
			clashes = append(clashes, Clash{Kind: ClashInstructor, With: s})
		}
		if venue != "" && VenueKey(s.Venue) == venue {
			clashes = append(clashes, Clash{Kind: ClashVenue, With: s})
		}
	}
	sort.SliceStable(clashes, func(i, j int) bool {
		return clashes[i].With.Start.Before(clashes[j].With.Start)
	})
	return clashes
}

// ClashError returns nil for no clashes, else an ECONFLICT error whose
// message lists every clash, separated by “；”.
func ClashError(clashes []Clash) error {
	if len(clashes) == 0 {
		return nil
	}
	msgs := make([]string, len(clashes))
	for i, c := range clashes {
		msgs[i] = c.Message()
	}
	field := "instructorId"
	if clashes[0].Kind == ClashVenue {
		field = "venue"
	}
	return &skillcert.Error{Code: skillcert.ECONFLICT, Field: field, Message: strings.Join(msgs, "；")}
}

// NormalizeVenue trims a venue as typed and turns every run of spaces,
// half-width or full-width, into one half-width space.
func NormalizeVenue(venue string) string {
	return strings.Join(strings.Fields(venue), " ")
}

// VenueKey is the form of a venue used to compare two venues: full-width
// letters, digits and spaces folded to half-width, all spaces removed and
// letters lower-cased, so “乌镇成校 ３０５室” and “乌镇成校305室” are one room.
func VenueKey(venue string) string {
	folded := width.Fold.String(venue)
	return strings.ToLower(strings.Join(strings.Fields(folded), ""))
}
