package certificates

import (
	"context"
	"strings"
	"time"

	"skillcert"
	"skillcert/store"
)

// Verification is what anyone may learn of a certificate: its state and
// the facts that identify it, with the holder's name and ID number masked
// — nothing more. Dates are days in China Standard Time (2026-06-05).
type Verification struct {
	State       State  `json:"state"`
	StateLabel  string `json:"stateLabel"`
	Number      string `json:"number"`
	Title       string `json:"title"`
	HolderName  string `json:"holderName"` // masked: 张*明
	IDMasked    string `json:"idMasked"`   // 330483********123X
	CourseTitle string `json:"courseTitle"`
	Trade       string `json:"trade,omitempty"`
	Level       string `json:"level,omitempty"`
	CourseStart string `json:"courseStart"`
	CourseEnd   string `json:"courseEnd"`
	Issuer      string `json:"issuer"`
	IssueDate   string `json:"issueDate"`
	// ValidUntil is the last valid day; "" with LongTerm for a
	// certificate that does not expire.
	ValidUntil   string `json:"validUntil,omitempty"`
	LongTerm     bool   `json:"longTerm"`
	RevokedOn    string `json:"revokedOn,omitempty"`
	RevokeReason string `json:"revokeReason,omitempty"`
	// SupersededOn and ReplacedBy (the new certificate's number) are set
	// for a superseded certificate.
	SupersededOn string `json:"supersededOn,omitempty"`
	ReplacedBy   string `json:"replacedBy,omitempty"`
}

// errNoMatch is the one answer to every failed look-up by number and
// name: a wrong number and a right number with a wrong name are told
// apart by nothing, message or status.
var errNoMatch = skillcert.Errorf(skillcert.ENOTFOUND, "未查到相符的证书，请核对证书编号和持证人姓名（须与证书上的完全一致）")

// errNoToken answers a verification address that names no certificate.
var errNoToken = skillcert.Errorf(skillcert.ENOTFOUND, "未查到该证书，请核对二维码或验证网址")

// VerifyByNumber looks a certificate up by its number and its holder's
// full name, for the public. Every look-up counts against the client's
// throttle (see VerifyLimit).
func (s *Service) VerifyByNumber(ctx context.Context, clientIP, number, name string) (*Verification, error) {
	number = NormalizeNumber(number)
	if number == "" {
		return nil, skillcert.Invalid("number", "请填写证书编号")
	}
	if strings.TrimSpace(name) == "" {
		return nil, skillcert.Invalid("name", "请填写持证人姓名")
	}
	if len(number) > 40 || len(name) > 200 {
		return nil, errNoMatch
	}
	if err := s.countLookup(ctx, clientIP); err != nil {
		return nil, err
	}
	if !ValidNumber(number) {
		return nil, errNoMatch
	}
	var c Certificate
	if err := s.certs.FindOne(ctx, bsonD("number", number), &c); err != nil {
		if store.IsNotFound(err) {
			return nil, errNoMatch
		}
		return nil, err
	}
	if c.Status == StatusPending || !sameName(name, c.HolderName) {
		return nil, errNoMatch
	}
	return s.verification(&c), nil
}

// VerifyByToken looks a certificate up by the token of its QR code. A
// token is unguessable, so only look-ups that find nothing count against
// the client's throttle; a client over its limit is refused all the same.
func (s *Service) VerifyByToken(ctx context.Context, clientIP, token string) (*Verification, error) {
	if err := s.checkLookups(ctx, clientIP); err != nil {
		return nil, err
	}
	token = strings.ToLower(strings.TrimSpace(token))
	var c Certificate
	var err error = store.ErrNotFound
	if tokenPattern.MatchString(token) {
		err = s.certs.FindOne(ctx, bsonD("token", token), &c)
	}
	if err == nil && c.Status == StatusPending {
		err = store.ErrNotFound
	}
	if err != nil {
		if !store.IsNotFound(err) {
			return nil, err
		}
		if err := s.countLookup(ctx, clientIP); err != nil {
			return nil, err
		}
		return nil, errNoToken
	}
	return s.verification(&c), nil
}

// verification is the public view of c today.
func (s *Service) verification(c *Certificate) *Verification {
	state := c.StateOn(s.now())
	v := &Verification{
		State: state, StateLabel: state.Label(), Number: c.Number, Title: c.Kind.Title(),
		HolderName: MaskName(c.HolderName), IDMasked: c.IDMasked,
		CourseTitle: c.CourseTitle, Trade: c.Trade, Level: c.Level,
		CourseStart: c.CourseStart.String(), CourseEnd: c.CourseEnd.String(),
		Issuer: c.Issuer, IssueDate: c.IssueDate.String(), LongTerm: c.ValidUntil.IsZero(),
	}
	if !v.LongTerm {
		v.ValidUntil = c.ValidUntil.String()
	}
	switch c.Status {
	case StatusRevoked:
		v.RevokedOn, v.RevokeReason = isoDate(c.RevokedAt), c.RevokeReason
	case StatusSuperseded:
		v.SupersededOn, v.ReplacedBy = isoDate(c.SupersededAt), c.ReplacedNumber
	}
	return v
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(shanghai).Format("2006-01-02")
}
