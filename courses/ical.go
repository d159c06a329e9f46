package courses

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CalendarEvent is one event of an iCalendar feed. Stamp is the DTSTAMP,
// when the feed was generated, passed in so output is reproducible.
type CalendarEvent struct {
	UID         string
	Stamp       time.Time
	Start       time.Time
	End         time.Time
	Summary     string
	Location    string
	Description string
	Cancelled   bool
}

// SessionUID is the stable UID of a session's event, the same in every
// feed and on every refresh, so calendars update the event in place.
func SessionUID(sessionID string) string { return "session-" + sessionID + "@skillcert" }

// SessionEvent turns a session into a calendar event: the course and topic
// as summary, the venue as location, the instructor and class hours as
// description.
func SessionEvent(s Session, stamp time.Time) CalendarEvent {
	summary := s.CourseTitle
	if s.Topic != "" {
		summary += "：" + s.Topic
	}
	var desc []string
	if s.InstructorName != "" {
		desc = append(desc, "授课教师："+s.InstructorName)
	}
	desc = append(desc, "课时："+strconv.Itoa(s.Hours))
	return CalendarEvent{
		UID:         SessionUID(s.ID),
		Stamp:       stamp,
		Start:       s.Start,
		End:         s.End,
		Summary:     summary,
		Location:    s.Venue,
		Description: strings.Join(desc, "\n"),
	}
}

// icsTime is the UTC form DATE-TIME takes in the feed, as 20261203T010000Z.
// UTC avoids shipping a VTIMEZONE; calendars show it in local time.
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// WriteICS writes an iCalendar (RFC 5545) feed of events, in the order
// given, named calName: CRLF line endings, lines folded at 75 octets
// without splitting a UTF-8 character, TEXT values escaped. An event
// without a UID or ending before it starts is an error, and nothing after
// it is written.
func WriteICS(w io.Writer, calName string, events []CalendarEvent) error {
	iw := &icsWriter{w: w}
	iw.line("BEGIN:VCALENDAR")
	iw.line("VERSION:2.0")
	iw.line("PRODID:-//skillcert//courses//ZH")
	iw.line("CALSCALE:GREGORIAN")
	iw.line("METHOD:PUBLISH")
	iw.line("NAME:" + escapeText(calName))
	iw.line("X-WR-CALNAME:" + escapeText(calName))
	for i, e := range events {
		if e.UID == "" {
			return fmt.Errorf("ics: event %d has no UID", i)
		}
		if e.End.Before(e.Start) {
			return fmt.Errorf("ics: event %s ends before it starts", e.UID)
		}
		iw.line("BEGIN:VEVENT")
		iw.line("UID:" + escapeText(e.UID))
		iw.line("DTSTAMP:" + icsTime(e.Stamp))
		iw.line("DTSTART:" + icsTime(e.Start))
		iw.line("DTEND:" + icsTime(e.End))
		iw.line("SUMMARY:" + escapeText(e.Summary))
		if e.Location != "" {
			iw.line("LOCATION:" + escapeText(e.Location))
		}
		if e.Description != "" {
			iw.line("DESCRIPTION:" + escapeText(e.Description))
		}
		if e.Cancelled {
			iw.line("STATUS:CANCELLED")
		} else {
			iw.line("STATUS:CONFIRMED")
		}
		iw.line("END:VEVENT")
	}
	iw.line("END:VCALENDAR")
	return iw.err
}

// icsWriter writes folded content lines and keeps the first write error.
type icsWriter struct {
	w   io.Writer
	err error
}

func (iw *icsWriter) line(s string) {
	if iw.err != nil {
		return
	}
	_, iw.err = io.WriteString(iw.w, foldLine(s))
}

// maxLineOctets is the longest a content line may be, CRLF excluded.
const maxLineOctets = 75

// foldLine ends a content line with CRLF, breaking it before any character
// that would take the line past 75 octets; each continuation line starts
// with one space, which counts towards its 75.
func foldLine(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/maxLineOctets*3 + 2)
	n := 0
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		if n+size > maxLineOctets {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteString(s[:size])
		n += size
		s = s[size:]
	}
	b.WriteString("\r\n")
	return b.String()
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon
// and comma get a backslash, a line break becomes \n, and other control
// characters, which TEXT may not hold, are dropped.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
