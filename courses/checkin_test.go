package courses

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"testing"
	"time"

	"skillcert"
)

var testSecret = []byte("test-secret")

// TestTruncateRFC6238 checks the truncation against the SHA-256 test
// vectors of RFC 6238 Appendix B (8 digits, 30-second steps).
func TestTruncateRFC6238(t *testing.T) {
	key := []byte("12345678901234567890123456789012")
	vectors := []struct {
		unix int64
		want string
	}{
		{59, "46119246"},
		{1111111109, "68084774"},
		{1111111111, "67062674"},
		{1234567890, "91819424"},
		{2000000000, "90698825"},
		{20000000000, "77737706"},
	}
	for _, v := range vectors {
		mac := hmac.New(sha256.New, key)
		var msg [8]byte
		binary.BigEndian.PutUint64(msg[:], uint64(v.unix/30))
		mac.Write(msg[:])
		if got := truncate(mac.Sum(nil), 8); got != v.want {
			t.Errorf("T=%d: got %s, want %s", v.unix, got, v.want)
		}
	}
}

func TestCheckinCode(t *testing.T) {
	start := at(t, "2026-12-03 09:00")
	// Known answer computed independently (Python hmac) for
	// HMAC-SHA256("test-secret", "s1" || 0x00 || uint64be(unix/30)).
	if got := CheckinCode(testSecret, "s1", start, 30*time.Second, 6); got != "120116" {
		t.Errorf("known answer: got %s, want 120116", got)
	}
	if got := CheckinCode(testSecret, "s1", start, 30*time.Second, 8); got != "77120116" {
		t.Errorf("8 digits: got %s, want 77120116", got)
	}
	for _, digits := range []int{0, 5, 9, -1} {
		if got := CheckinCode(testSecret, "s1", start, 30*time.Second, digits); got != "120116" {
			t.Errorf("digits %d: got %s, want the 6-digit code", digits, got)
		}
	}
	if got := CheckinCode(testSecret, "s1", start, 0, 6); got != "120116" {
		t.Errorf("zero period: got %s, want the 30-second code", got)
	}
	same := CheckinCode(testSecret, "s1", start.Add(29*time.Second), 30*time.Second, 6)
	next := CheckinCode(testSecret, "s1", start.Add(30*time.Second), 30*time.Second, 6)
	if same != "120116" || next == same {
		t.Errorf("step boundary: 09:00:29 → %s, 09:00:30 → %s", same, next)
	}
	if other := CheckinCode(testSecret, "s2", start, 30*time.Second, 6); other == "120116" {
		t.Error("another session has the same code")
	}
	if other := CheckinCode([]byte("other"), "s1", start, 30*time.Second, 6); other == "120116" {
		t.Error("another secret gives the same code")
	}
	for i := range 200 {
		c := CheckinCode(testSecret, "s1", start.Add(time.Duration(i)*30*time.Second), 30*time.Second, 6)
		if len(c) != 6 || c[0] < '0' || c[0] > '9' {
			t.Fatalf("code %q is not 6 digits", c)
		}
	}
}

func TestCurrentCheckinCode(t *testing.T) {
	cfg := DefaultCheckinConfig()
	now := at(t, "2026-12-03 09:00:10")
	code, changes := CurrentCheckinCode(testSecret, "s1", now, cfg)
	if code != "120116" || !changes.Equal(at(t, "2026-12-03 09:00:30")) {
		t.Errorf("30 s: %s until %v", code, changes.In(shanghai))
	}
	cfg.Period = 60 * time.Second
	_, changes = CurrentCheckinCode(testSecret, "s1", at(t, "2026-12-03 09:00:59"), cfg)
	if !changes.Equal(at(t, "2026-12-03 09:01:00")) {
		t.Errorf("60 s: until %v", changes.In(shanghai))
	}
}

func TestVerifyCheckin(t *testing.T) {
	s := sess(t, "s1", "c1", "电工初级班", "zhang", "张三", "305室", "2026-12-03", "09:00", "11:30")
	codeAtTime := func(id, when string) string {
		return CheckinCode(testSecret, id, at(t, when), 30*time.Second, 6)
	}
	const (
		wrong   = "签到码错误"
		expired = "签到码已过期，请查看最新签到码"
		window  = "不在签到时间内（本课次签到时间为 08:45–11:30）"
	)
	tests := []struct {
		name   string
		now    string
		code   string
		change func(*CheckinConfig)
		want   Mark
		msg    string
	}{
		{name: "window opens 15 minutes early", now: "2026-12-03 08:45", code: codeAtTime("s1", "2026-12-03 08:45"), want: MarkPresent},
		{name: "a second before the window", now: "2026-12-03 08:44:59", code: codeAtTime("s1", "2026-12-03 08:44:59"), msg: window},
		{name: "at the start", now: "2026-12-03 09:00", code: codeAtTime("s1", "2026-12-03 09:00"), want: MarkPresent},
		{name: "at the late threshold", now: "2026-12-03 09:10", code: codeAtTime("s1", "2026-12-03 09:10"), want: MarkPresent},
		{name: "a second after the late threshold", now: "2026-12-03 09:10:01", code: codeAtTime("s1", "2026-12-03 09:10:01"), want: MarkLate},
		{name: "last second of the session", now: "2026-12-03 11:29:59", code: codeAtTime("s1", "2026-12-03 11:29:59"), want: MarkLate},
		{name: "at the end", now: "2026-12-03 11:30", code: codeAtTime("s1", "2026-12-03 11:30"), msg: window},
		{name: "current code in the last second of its step", now: "2026-12-03 09:05:29", code: codeAtTime("s1", "2026-12-03 09:05:00"), want: MarkPresent},
		{name: "previous code right after the step changes", now: "2026-12-03 09:05:30", code: codeAtTime("s1", "2026-12-03 09:05:29"), want: MarkPresent},
		{name: "previous code in the last second of the step", now: "2026-12-03 09:05:59", code: codeAtTime("s1", "2026-12-03 09:05:00"), want: MarkPresent},
		{name: "code two steps old", now: "2026-12-03 09:05:30", code: codeAtTime("s1", "2026-12-03 09:04:59"), msg: expired},
		{name: "code from an hour ago", now: "2026-12-03 10:05", code: codeAtTime("s1", "2026-12-03 09:05"), msg: expired},
		{name: "code from the first step of the window", now: "2026-12-03 11:00", code: codeAtTime("s1", "2026-12-03 08:45"), msg: expired},
		{name: "next step's code", now: "2026-12-03 09:05:29", code: codeAtTime("s1", "2026-12-03 09:05:30"), msg: wrong},
		{name: "another session's code", now: "2026-12-03 09:05", code: codeAtTime("s2", "2026-12-03 09:05"), msg: wrong},
		{name: "code under another secret", now: "2026-12-03 09:05",
			code: CheckinCode([]byte("other"), "s1", at(t, "2026-12-03 09:05"), 30*time.Second, 6), msg: wrong},
		{name: "five digits", now: "2026-12-03 09:05", code: "12345", msg: "签到码错误，应为 6 位数字"},
		{name: "letters", now: "2026-12-03 09:05", code: "12a456", msg: "签到码错误，应为 6 位数字"},
		{name: "empty", now: "2026-12-03 09:05", code: "", msg: "签到码错误，应为 6 位数字"},
		{name: "full-width digits with spaces", now: "2026-12-03 09:00:05", code: " １２０\u3000１１６ ", want: MarkPresent},
		{name: "future session", now: "2026-12-02 09:00", code: codeAtTime("s1", "2026-12-02 09:00"),
			msg: "不在签到时间内（本课次签到时间为 2026-12-03 08:45–11:30）"},
		{name: "future session with the code it will show", now: "2026-12-02 09:00", code: "120116",
			msg: "不在签到时间内（本课次签到时间为 2026-12-03 08:45–11:30）"},
		{name: "past session", now: "2026-12-04 09:00", code: codeAtTime("s1", "2026-12-04 09:00"),
			msg: "不在签到时间内（本课次签到时间为 2026-12-03 08:45–11:30）"},
		{name: "no previous code accepted", now: "2026-12-03 09:05:30", code: codeAtTime("s1", "2026-12-03 09:05:29"),
			change: func(c *CheckinConfig) { c.AcceptPrevious = 0 }, msg: expired},
		{name: "two previous codes accepted", now: "2026-12-03 09:05:30", code: codeAtTime("s1", "2026-12-03 09:04:59"),
			change: func(c *CheckinConfig) { c.AcceptPrevious = 2 }, want: MarkPresent},
		{name: "late after 0 minutes", now: "2026-12-03 09:00:01", code: codeAtTime("s1", "2026-12-03 09:00:01"),
			change: func(c *CheckinConfig) { c.LateAfter = 0 }, want: MarkLate},
		{name: "window opens 30 minutes early", now: "2026-12-03 08:30", code: codeAtTime("s1", "2026-12-03 08:30"),
			change: func(c *CheckinConfig) { c.OpenBefore = 30 * time.Minute }, want: MarkPresent},
		{name: "8-digit codes", now: "2026-12-03 09:00", code: "77120116",
			change: func(c *CheckinConfig) { c.Digits = 8 }, want: MarkPresent},
		{name: "6 digits where 8 are used", now: "2026-12-03 09:00", code: "120116",
			change: func(c *CheckinConfig) { c.Digits = 8 }, msg: "签到码错误，应为 8 位数字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultCheckinConfig()
			if tt.change != nil {
				tt.change(&cfg)
			}
			mark, err := VerifyCheckin(testSecret, s, tt.code, at(t, tt.now), cfg)
			checkErr(t, err, skillcert.EINVALID, "code", tt.msg)
			if mark != tt.want {
				t.Errorf("mark = %q, want %q", mark, tt.want)
			}
		})
	}
}

func TestCheckinConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*CheckinConfig)
		field  string
		msg    string
	}{
		{"default", func(*CheckinConfig) {}, "", ""},
		{"60 seconds", func(c *CheckinConfig) { c.Period = time.Minute }, "", ""},
		{"29 seconds", func(c *CheckinConfig) { c.Period = 29 * time.Second }, "period", "签到码更新间隔应为 30 到 60 秒之间的整秒数（现为 29s）"},
		{"61 seconds", func(c *CheckinConfig) { c.Period = 61 * time.Second }, "period", "签到码更新间隔应为 30 到 60 秒之间的整秒数（现为 1m1s）"},
		{"fractional seconds", func(c *CheckinConfig) { c.Period = 30500 * time.Millisecond }, "period", "签到码更新间隔应为 30 到 60 秒之间的整秒数（现为 30.5s）"},
		{"5 digits", func(c *CheckinConfig) { c.Digits = 5 }, "digits", "签到码位数应为 6 到 8 位（现为 5 位）"},
		{"9 digits", func(c *CheckinConfig) { c.Digits = 9 }, "digits", "签到码位数应为 6 到 8 位（现为 9 位）"},
		{"open before negative", func(c *CheckinConfig) { c.OpenBefore = -time.Minute }, "openBefore", "提前开放签到的时间应在 0 到 120 分钟之间（现为 -1m0s）"},
		{"late after 3 hours", func(c *CheckinConfig) { c.LateAfter = 3 * time.Hour }, "lateAfter", "开课后计为迟到的时间应在 0 到 120 分钟之间（现为 3h0m0s）"},
		{"accept 5 previous", func(c *CheckinConfig) { c.AcceptPrevious = 5 }, "acceptPrevious", "可接受的上一签到码个数应在 0 到 4 之间（现为 5）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultCheckinConfig()
			tt.change(&cfg)
			checkErr(t, cfg.Validate(), skillcert.EINVALID, tt.field, tt.msg)
		})
	}
}

func TestCheckinURL(t *testing.T) {
	tests := []struct{ base, id, code, want string }{
		{"https://px.example.cn", "s1", "012345", "https://px.example.cn/checkin/s1?code=012345"},
		{"https://px.example.cn/", "s1", "012345", "https://px.example.cn/checkin/s1?code=012345"},
		{"http://localhost:8080/app", "a/b c", "1", "http://localhost:8080/app/checkin/a%2Fb%20c?code=1"},
	}
	for _, tt := range tests {
		if got := CheckinURL(tt.base, tt.id, tt.code); got != tt.want {
			t.Errorf("CheckinURL(%q, %q) = %q, want %q", tt.base, tt.id, got, tt.want)
		}
	}
}
