package courses

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"

	"skillcert"
)

// CheckinConfig sets how self check-in works. The city may tune it; the
// zero value is not useful, start from DefaultCheckinConfig.
type CheckinConfig struct {
	// Period is how long one code is shown, 30 to 60 seconds.
	Period time.Duration
	// Digits is the length of a code, 6 to 8.
	Digits int
	// OpenBefore is how long before the start check-in opens; it closes
	// at the session's end.
	OpenBefore time.Duration
	// LateAfter is how long after the start a check-in still counts as
	// present; later is late.
	LateAfter time.Duration
	// AcceptPrevious is how many codes before the current one are still
	// accepted, for the seconds a trainee needs to type the code.
	AcceptPrevious int
}

// DefaultCheckinConfig is a 6-digit code changing every 30 seconds, check-in
// from 15 minutes before the start to the end, late after 10 minutes, and
// the previous code still accepted.
func DefaultCheckinConfig() CheckinConfig {
	return CheckinConfig{
		Period:         30 * time.Second,
		Digits:         6,
		OpenBefore:     15 * time.Minute,
		LateAfter:      10 * time.Minute,
		AcceptPrevious: 1,
	}
}

// Validate checks the configuration with a message naming the setting.
func (c CheckinConfig) Validate() error {
	if c.Period < 30*time.Second || c.Period > 60*time.Second || c.Period%time.Second != 0 {
		return skillcert.Invalid("period", "签到码更新间隔应为 30 到 60 秒之间的整秒数（现为 %s）", c.Period)
	}
	if c.Digits < 6 || c.Digits > 8 {
		return skillcert.Invalid("digits", "签到码位数应为 6 到 8 位（现为 %d 位）", c.Digits)
	}
	if c.OpenBefore < 0 || c.OpenBefore > 2*time.Hour {
		return skillcert.Invalid("openBefore", "提前开放签到的时间应在 0 到 120 分钟之间（现为 %s）", c.OpenBefore)
	}
	if c.LateAfter < 0 || c.LateAfter > 2*time.Hour {
		return skillcert.Invalid("lateAfter", "开课后计为迟到的时间应在 0 到 120 分钟之间（现为 %s）", c.LateAfter)
	}
	if c.AcceptPrevious < 0 || c.AcceptPrevious > 4 {
		return skillcert.Invalid("acceptPrevious", "可接受的上一签到码个数应在 0 到 4 之间（现为 %d）", c.AcceptPrevious)
	}
	return nil
}

// Window is the check-in window of s: [Start − OpenBefore, End).
func (c CheckinConfig) Window(s Session) (open, close time.Time) {
	return s.Start.Add(-c.OpenBefore), s.End
}

// maxLookback bounds how many older codes are compared to tell an expired
// code from a wrong one.
const maxLookback = 1000

// CheckinCode returns the code of a session at t: the HMAC-SHA256 under
// secret of the session ID and the number of periods since the Unix epoch,
// cut to digits decimal digits by TOTP's dynamic truncation (RFC 4226 §5.3).
// The period counts in whole seconds, under one second as 30 seconds;
// digits outside 6..8 count as 6.
func CheckinCode(secret []byte, sessionID string, t time.Time, period time.Duration, digits int) string {
	return codeAt(secret, sessionID, step(t, period), digits)
}

// CurrentCheckinCode returns the code to show for the session at now and
// when the next one replaces it.
func CurrentCheckinCode(secret []byte, sessionID string, now time.Time, cfg CheckinConfig) (code string, changesAt time.Time) {
	n := step(now, cfg.Period)
	secs := periodSeconds(cfg.Period)
	return codeAt(secret, sessionID, n, cfg.Digits), time.Unix((n+1)*secs, 0)
}

func periodSeconds(period time.Duration) int64 {
	s := int64(period / time.Second)
	if s < 1 {
		return 30
	}
	return s
}

func step(t time.Time, period time.Duration) int64 {
	secs := periodSeconds(period)
	u := t.Unix()
	if u < 0 {
		return (u - secs + 1) / secs
	}
	return u / secs
}

func codeAt(secret []byte, sessionID string, n int64, digits int) string {
	if digits < 6 || digits > 8 {
		digits = 6
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(sessionID))
	var msg [9]byte // a zero byte separates the ID from the step
	binary.BigEndian.PutUint64(msg[1:], uint64(n))
	mac.Write(msg[:])
	return truncate(mac.Sum(nil), digits)
}

// truncate cuts an HMAC to a decimal code of digits digits, by the dynamic
// truncation of RFC 4226 §5.3.
func truncate(sum []byte, digits int) string {
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	s := strconv.FormatUint(uint64(bin%mod), 10)
	return strings.Repeat("0", digits-len(s)) + s
}

// VerifyCheckin checks a code a trainee entered for session s at now and
// returns the mark it earns: present, or late once LateAfter has passed
// since the start. It refuses, with an EINVALID error:
//   - any code outside the check-in window, including for a session on a
//     later day (不在签到时间内（本课次签到时间为 08:45–11:30）);
//   - a code that is not Digits digits, or that matches no code of this
//     session (签到码错误) — a code of another session is wrong, since the
//     session ID is part of the HMAC;
//   - a code of this session older than the accepted ones
//     (签到码已过期，请查看最新签到码).
//
// Spaces and full-width digits typed on a phone are accepted. Whether the
// trainee is enrolled, throttling, and a repeated check-in are the
// service's to handle.
func VerifyCheckin(secret []byte, s Session, code string, now time.Time, cfg CheckinConfig) (Mark, error) {
	open, closeAt := cfg.Window(s)
	if now.Before(open) || !now.Before(closeAt) {
		span := formatClock(open) + "–" + formatClock(closeAt)
		if open.In(shanghai).Format(dateLayout) != now.In(shanghai).Format(dateLayout) {
			span = open.In(shanghai).Format(dateLayout) + " " + span
		}
		return "", skillcert.Invalid("code", "不在签到时间内（本课次签到时间为 %s）", span)
	}
	digits := cfg.Digits
	if digits < 6 || digits > 8 {
		digits = 6
	}
	code = strings.Join(strings.Fields(width.Fold.String(code)), "")
	if len(code) != digits || strings.Trim(code, "0123456789") != "" {
		return "", skillcert.Invalid("code", msgWrongCode+"，应为 %d 位数字", digits)
	}
	n := step(now, cfg.Period)
	for k := int64(0); k <= int64(cfg.AcceptPrevious); k++ {
		if sameCode(code, codeAt(secret, s.ID, n-k, digits)) {
			if now.After(s.Start.Add(cfg.LateAfter)) {
				return MarkLate, nil
			}
			return MarkPresent, nil
		}
	}
	first := step(open, cfg.Period)
	for k := int64(cfg.AcceptPrevious) + 1; n-k >= first && k <= maxLookback; k++ {
		if sameCode(code, codeAt(secret, s.ID, n-k, digits)) {
			return "", skillcert.Invalid("code", "签到码已过期，请查看最新签到码")
		}
	}
	return "", skillcert.Invalid("code", msgWrongCode)
}

// msgWrongCode starts the message of every refusal of a code that matches
// no code of the session: the refusals guessing causes.
const msgWrongCode = "签到码错误"

// isWrongCode reports whether err refuses a code as wrong, as opposed to
// expired or out of the window; only wrong codes count towards the
// check-in throttle.
func isWrongCode(err error) bool {
	var e *skillcert.Error
	return errors.As(err, &e) && e.Code == skillcert.EINVALID && strings.HasPrefix(e.Message, msgWrongCode)
}

func sameCode(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// CheckinURL is the address a check-in QR code holds:
// {baseURL}/checkin/{sessionID}?code={code}. Opening it on a phone fills in
// the code for the trainee.
func CheckinURL(baseURL, sessionID, code string) string {
	return strings.TrimRight(baseURL, "/") + "/checkin/" + url.PathEscape(sessionID) + "?code=" + url.QueryEscape(code)
}
