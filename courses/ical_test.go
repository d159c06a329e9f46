package courses

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func feedEvents(t *testing.T) []CalendarEvent {
	stamp := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	s1 := sess(t, "s1", "c1", "电工初级班（乌镇镇人力资源和社会保障管理所主办）", "zhang", "张三",
		"乌镇镇成人文化技术学校三楼305室, 近汽车站; 请带身份证", "2026-12-03", "09:00", "11:30")
	s1.Topic = "安全用电基础知识、触电急救与低压电器的选用和安装"
	s1.Hours = 3
	s2 := sess(t, "s2", "c1", "电工初级班", "li", "李四", "乌镇镇成校", "2026-12-04", "07:00", "08:30")
	s2.Hours = 2
	e2 := SessionEvent(s2, stamp)
	e2.Cancelled = true
	return []CalendarEvent{SessionEvent(s1, stamp), e2}
}

func TestWriteICSGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteICS(&buf, "张三的课表", feedEvents(t)); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "sessions.ics")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("feed differs from %s (run with -update to accept)\n got:\n%s", golden, buf.String())
	}
}

func TestWriteICSLines(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteICS(&buf, "张三的课表", feedEvents(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatalf("feed does not end with END:VCALENDAR CRLF: %q", out[len(out)-20:])
	}
	physical := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	folded := 0
	for i, l := range physical {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 3 {
		t.Errorf("only %d continuation lines; the fixture should need folding", folded)
	}
	// Unfolding gives back the logical lines.
	logical := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		"SUMMARY:电工初级班（乌镇镇人力资源和社会保障管理所主办）：安全用电基础知识、触电急救与低压电器的选用和安装\r\n",
		`LOCATION:乌镇镇成人文化技术学校三楼305室\, 近汽车站\; 请带身份证` + "\r\n",
		`DESCRIPTION:授课教师：张三\n课时：3` + "\r\n",
		"UID:session-s1@skillcert\r\n",
		"DTSTAMP:20261120T020000Z\r\n",
		"DTSTART:20261203T010000Z\r\n",
		"DTEND:20261203T033000Z\r\n",
		"DTSTART:20261203T230000Z\r\n", // 07:00 on 12-04 in Shanghai
		"STATUS:CANCELLED\r\n",
		"X-WR-CALNAME:张三的课表\r\n",
	} {
		if !strings.Contains(logical, want) {
			t.Errorf("feed lacks %q", want)
		}
	}
}

func TestFoldLine(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"short", "SUMMARY:电工", "SUMMARY:电工\r\n"},
		{"exactly 75 octets", strings.Repeat("a", 75), strings.Repeat("a", 75) + "\r\n"},
		{"76 octets", strings.Repeat("a", 76), strings.Repeat("a", 75) + "\r\n a\r\n"},
		{"continuation holds 74 more", strings.Repeat("a", 75+74+1),
			strings.Repeat("a", 75) + "\r\n " + strings.Repeat("a", 74) + "\r\n a\r\n"},
		// 73 ASCII octets + a 3-octet character would make 76: the character moves.
		{"character across the limit", strings.Repeat("a", 73) + "电b", strings.Repeat("a", 73) + "\r\n 电b\r\n"},
		{"character ending at the limit", strings.Repeat("a", 72) + "电b", strings.Repeat("a", 72) + "电\r\n b\r\n"},
		{"empty", "", "\r\n"},
	}
	for _, tt := range tests {
		if got := foldLine(tt.in); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
	// Only Chinese: 25 characters fill the first line, 24 + the space each after.
	got := foldLine(strings.Repeat("课", 60))
	want := strings.Repeat("课", 25) + "\r\n " + strings.Repeat("课", 24) + "\r\n " + strings.Repeat("课", 11) + "\r\n"
	if got != want {
		t.Errorf("Chinese fold:\n got %q\nwant %q", got, want)
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"电工, 初级; 班", `电工\, 初级\; 班`},
		{`C:\课表`, `C:\\课表`},
		{"第一行\r\n第二行\n第三行\r第四行", `第一行\n第二行\n第三行\n第四行`},
		{"a\tb\x00c\x1bd\x7f", "a\tbcd"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteICSRefusesBadEvents(t *testing.T) {
	start := time.Date(2026, 12, 3, 1, 0, 0, 0, time.UTC)
	if err := WriteICS(&bytes.Buffer{}, "x", []CalendarEvent{{Start: start, End: start}}); err == nil {
		t.Error("event without UID accepted")
	}
	if err := WriteICS(&bytes.Buffer{}, "x", []CalendarEvent{{UID: "u", Start: start, End: start.Add(-time.Minute)}}); err == nil {
		t.Error("event ending before its start accepted")
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errors.New("disk full")
	}
	w.after--
	return len(p), nil
}

func TestWriteICSReportsWriteError(t *testing.T) {
	err := WriteICS(&failingWriter{after: 3}, "x", feedEvents(t))
	if err == nil || err.Error() != "disk full" {
		t.Errorf("err = %v, want disk full", err)
	}
}
