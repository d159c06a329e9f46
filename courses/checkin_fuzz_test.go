package courses

import (
	"testing"
	"time"

	"skillcert"
)

// FuzzVerifyCheckin: whatever a trainee types as a check-in code, the
// answer is a mark for the current code or an EINVALID refusal, never a
// panic; no other input is accepted. `go test` runs the seeds.
func FuzzVerifyCheckin(f *testing.F) {
	secret := []byte("checkin-fuzz-secret-0123456789abcdef")
	cfg := DefaultCheckinConfig()
	start := time.Date(2026, 6, 5, 9, 0, 0, 0, shanghai)
	s := Session{ID: "sess-1", Start: start, End: start.Add(3 * time.Hour)}
	now := start.Add(10 * time.Minute)
	valid, _ := CurrentCheckinCode(secret, s.ID, now, cfg)
	for _, c := range []string{valid, "", "000000", " 12 34 56 ", "１２３４５６", "12345678901234567890", "-1", "\x00\x00\x00\x00\x00\x00", "٣٤٥٦٧٨"} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, code string) {
		mark, err := VerifyCheckin(secret, s, code, now, cfg)
		if err != nil {
			if skillcert.ErrorCode(err) != skillcert.EINVALID || mark != "" {
				t.Fatalf("refusal %v with mark %q", err, mark)
			}
			return
		}
		if mark != MarkPresent && mark != MarkLate {
			t.Fatalf("mark %q", mark)
		}
	})
}
