package courses

import (
	"strings"
	"time"
	"unicode/utf8"

	"skillcert"
)

// shanghai is China Standard Time, UTC+8 without daylight saving, the
// time of every date and clock people see.
var shanghai = skillcert.CST

// MinutesPerClassHour is the shortest a class hour (课时) may be: a session
// of 150 minutes counts for at most 3 class hours.
const MinutesPerClassHour = 45

const (
	maxVenueRunes = 100
	maxTopicRunes = 100
)

// Session is one meeting of a course (课次). Start and End are stored in
// UTC and shown in Asia/Shanghai; a session starts and ends on one day.
type Session struct {
	ID       string `bson:"_id" json:"id"`
	CourseID string `bson:"courseId" json:"courseId"`
	// CourseTitle is a copy of the course's title for clash messages and
	// calendar feeds; the store keeps it in step when the course is renamed.
	CourseTitle string    `bson:"courseTitle" json:"courseTitle"`
	Start       time.Time `bson:"start" json:"start"`
	End         time.Time `bson:"end" json:"end"`
	Venue       string    `bson:"venue" json:"venue"`
	// VenueKey is VenueKey(Venue), stored so that a venue's sessions of a
	// day are found by an indexed query.
	VenueKey     string `bson:"venueKey" json:"-"`
	InstructorID string `bson:"instructorId" json:"instructorId"` // an instructor's account ID
	// InstructorName is a copy of the instructor's name for messages.
	InstructorName string `bson:"instructorName" json:"instructorName"`
	Topic          string `bson:"topic" json:"topic"`
	Hours          int    `bson:"hours" json:"hours"` // 课时
}

// Date is the session's day in Asia/Shanghai, as 2026-12-03.
func (s Session) Date() string { return s.Start.In(shanghai).Format(dateLayout) }

// TimeRange is the session's day and times, as 2026-12-03 09:00–11:30.
func (s Session) TimeRange() string {
	return s.Date() + " " + formatClock(s.Start) + "–" + formatClock(s.End)
}

// Overlaps reports whether the two sessions share any moment. Intervals
// are half-open: a session ending at 11:30 does not overlap one starting
// at 11:30.
func (s Session) Overlaps(o Session) bool {
	return s.Start.Before(o.End) && o.Start.Before(s.End)
}

// Ended reports whether the session is over at now.
func (s Session) Ended(now time.Time) bool { return !now.Before(s.End) }

// SessionInput is what the session editor submits: a day and two clock
// times in Asia/Shanghai.
type SessionInput struct {
	Date         string `json:"date"`      // 2026-12-03
	StartTime    string `json:"startTime"` // 09:00
	EndTime      string `json:"endTime"`   // 11:30
	Venue        string `json:"venue"`
	InstructorID string `json:"instructorId"`
	Topic        string `json:"topic"`
	Hours        int    `json:"hours"`
}

const (
	dateLayout  = "2006-01-02"
	clockLayout = "15:04"
)

// times parses the day and clock times into instants.
func (in SessionInput) times() (start, end time.Time, err error) {
	day, err := time.ParseInLocation(dateLayout, strings.TrimSpace(in.Date), shanghai)
	if err != nil {
		if strings.TrimSpace(in.Date) == "" {
			return start, end, skillcert.Invalid("date", "请填写上课日期")
		}
		return start, end, skillcert.Invalid("date", "上课日期“%s”格式不正确，应为 2026-12-03 这样的日期", in.Date)
	}
	start, err = atClock(day, in.StartTime, "startTime", "开始时间")
	if err != nil {
		return start, end, err
	}
	end, err = atClock(day, in.EndTime, "endTime", "结束时间")
	if err != nil {
		return start, end, err
	}
	return start, end, nil
}

// atClock returns the instant of the clock time hh:mm on day.
func atClock(day time.Time, clock, field, name string) (time.Time, error) {
	clock = strings.TrimSpace(clock)
	if clock == "" {
		return time.Time{}, skillcert.Invalid(field, "请填写%s", name)
	}
	t, err := time.Parse(clockLayout, clock)
	if err != nil {
		return time.Time{}, skillcert.Invalid(field, "%s“%s”格式不正确，应为 09:00 这样的时间", name, clock)
	}
	return day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute), nil
}

// Validate checks the input and returns the first fault as an EINVALID
// error naming the field. Both times are on the one date, so a session
// never runs past midnight.
func (in SessionInput) Validate() error {
	start, end, err := in.times()
	if err != nil {
		return err
	}
	if !end.After(start) {
		return skillcert.Invalid("endTime", "结束时间（%s）应晚于开始时间（%s）", formatClock(end), formatClock(start))
	}
	venue := strings.TrimSpace(in.Venue)
	if venue == "" {
		return skillcert.Invalid("venue", "请填写上课地点")
	}
	if n := utf8.RuneCountInString(venue); n > maxVenueRunes {
		return skillcert.Invalid("venue", "上课地点不能超过 %d 个字（现为 %d 个字）", maxVenueRunes, n)
	}
	if strings.TrimSpace(in.InstructorID) == "" {
		return skillcert.Invalid("instructorId", "请选择授课教师")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Topic)); n > maxTopicRunes {
		return skillcert.Invalid("topic", "授课内容不能超过 %d 个字（现为 %d 个字）", maxTopicRunes, n)
	}
	if in.Hours < 1 {
		return skillcert.Invalid("hours", "课时应为正整数（现为 %d）", in.Hours)
	}
	minutes := int(end.Sub(start) / time.Minute)
	if most := minutes / MinutesPerClassHour; in.Hours > most {
		return skillcert.Invalid("hours", "本课次 %s–%s 共 %d 分钟，最多计 %d 课时（每课时不少于 %d 分钟），现为 %d 课时",
			formatClock(start), formatClock(end), minutes, most, MinutesPerClassHour, in.Hours)
	}
	return nil
}

// Apply copies the validated input onto s, with the times in UTC. The
// caller sets the course and the instructor's name.
func (in SessionInput) Apply(s *Session) {
	start, end, _ := in.times()
	s.Start = start.UTC()
	s.End = end.UTC()
	s.Venue = NormalizeVenue(in.Venue)
	s.VenueKey = VenueKey(s.Venue)
	s.InstructorID = strings.TrimSpace(in.InstructorID)
	s.Topic = strings.TrimSpace(in.Topic)
	s.Hours = in.Hours
}

// formatClock shows t's clock time in Asia/Shanghai, as 09:00.
func formatClock(t time.Time) string { return t.In(shanghai).Format(clockLayout) }

// formatMinute shows t in Asia/Shanghai to the minute, as 2026-12-01 09:00.
func formatMinute(t time.Time) string { return t.In(shanghai).Format(dateLayout + " " + clockLayout) }
