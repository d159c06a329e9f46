package courses

import (
	"errors"
	"testing"
	"time"

	"skillcert"
)

// at parses "2026-12-03 09:00" (or with seconds) in Asia/Shanghai.
func at(tb testing.TB, s string) time.Time {
	tb.Helper()
	layout := "2006-01-02 15:04"
	if len(s) == len("2006-01-02 15:04:05") {
		layout = "2006-01-02 15:04:05"
	}
	t, err := time.ParseInLocation(layout, s, shanghai)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// sess builds a session on day from..to.
func sess(tb testing.TB, id, courseID, title, instructorID, instructor, venue, day, from, to string) Session {
	tb.Helper()
	return Session{
		ID: id, CourseID: courseID, CourseTitle: title,
		InstructorID: instructorID, InstructorName: instructor, Venue: venue,
		Start: at(tb, day+" "+from).UTC(), End: at(tb, day+" "+to).UTC(), Hours: 2,
	}
}

// checkErr asserts err's code, field and message. An empty wantMsg means
// err must be nil; a field of "-" is not checked.
func checkErr(tb testing.TB, err error, wantCode, wantField, wantMsg string) {
	tb.Helper()
	if wantMsg == "" {
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var e *skillcert.Error
	if !errors.As(err, &e) {
		tb.Fatalf("want *skillcert.Error %q, got %v", wantMsg, err)
	}
	if e.Code != wantCode {
		tb.Errorf("code = %q, want %q (%s)", e.Code, wantCode, e.Message)
	}
	if wantField != "-" && e.Field != wantField {
		tb.Errorf("field = %q, want %q (%s)", e.Field, wantField, e.Message)
	}
	if e.Message != wantMsg {
		tb.Errorf("message = %q\n               want %q", e.Message, wantMsg)
	}
}

func ptr[T any](v T) *T { return &v }
