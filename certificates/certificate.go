package certificates

import (
	"time"

	"skillcert"
)

// Status is where a certificate record stands.
type Status string

// The statuses. A certificate in force is valid or revoked; a reissue
// writes the new certificate as pending, retires the old one as
// superseded, then makes the new one valid (see reissue.go).
const (
	StatusPending    Status = "pending"    // 补发处理中（不对外显示）
	StatusValid      Status = "valid"      // 有效
	StatusRevoked    Status = "revoked"    // 已撤销
	StatusSuperseded Status = "superseded" // 已被补发的新证书取代
)

// State is what a certificate is on a given day, as verification shows
// it: a valid certificate past its last day is expired.
type State string

// The states shown to people.
const (
	StateValid      State = "valid"
	StateExpired    State = "expired"
	StateRevoked    State = "revoked"
	StateSuperseded State = "superseded"
)

// Label is the state's name in Chinese.
func (s State) Label() string {
	switch s {
	case StateValid:
		return "有效"
	case StateExpired:
		return "已过期"
	case StateRevoked:
		return "已撤销"
	case StateSuperseded:
		return "已作废（已补发新证）"
	}
	return string(s)
}

// Certificate is one issued certificate: what it prints, frozen at issue,
// and what has happened to it since.
type Certificate struct {
	ID string `bson:"_id" json:"id"`
	// Number is the readable unique number, e.g. TX2026-WZ-000123.
	Number string `bson:"number" json:"number"`
	// Token is the unguessable key of the verification URL in the QR code.
	Token string `bson:"token" json:"-"`
	// Slot is the enrollment ID while the certificate is in force (valid
	// or revoked) and a key of its own otherwise; it is unique, so an
	// enrollment has at most one certificate in force.
	Slot         string `bson:"slot" json:"-"`
	Status       Status `bson:"status" json:"status"`
	EnrollmentID string `bson:"enrollmentId" json:"enrollmentId"`
	PersonID     string `bson:"personId" json:"personId"`
	CourseID     string `bson:"courseId" json:"courseId"`

	HolderName    string `bson:"holderName" json:"holderName"`
	Gender        string `bson:"gender" json:"gender"`
	IDMasked      string `bson:"idMasked" json:"idMasked"`
	HolderTown    string `bson:"holderTown" json:"holderTown"`
	HolderVillage string `bson:"holderVillage" json:"holderVillage"`

	Kind        Kind           `bson:"kind" json:"kind"`
	CourseTitle string         `bson:"courseTitle" json:"courseTitle"`
	Trade       string         `bson:"trade" json:"trade"`
	Level       string         `bson:"level" json:"level"`
	ClassHours  int            `bson:"classHours" json:"classHours"`
	CourseStart skillcert.Date `bson:"courseStart" json:"courseStart"`
	CourseEnd   skillcert.Date `bson:"courseEnd" json:"courseEnd"`
	// Town is the organizer's town code ("" = the city bureau); Issuer the
	// organizing office's full name as printed.
	Town   string `bson:"town" json:"town"`
	Issuer string `bson:"issuer" json:"issuer"`

	// IssueDate is the day of issue.
	IssueDate skillcert.Date `bson:"issueDate" json:"issueDate"`
	// ValidUntil is the last day the certificate is valid; zero (absent
	// in the database) means long-term.
	ValidUntil skillcert.Date `bson:"validUntil,omitempty" json:"validUntil,omitzero"`
	IssuedBy   string         `bson:"issuedBy" json:"issuedBy"` // account ID
	CreatedAt  time.Time      `bson:"createdAt" json:"createdAt"`

	RevokedAt    time.Time `bson:"revokedAt,omitempty" json:"revokedAt,omitzero"`
	RevokedBy    string    `bson:"revokedBy,omitempty" json:"revokedBy,omitempty"`
	RevokeReason string    `bson:"revokeReason,omitempty" json:"revokeReason,omitempty"`

	// Supersedes is the certificate this one replaced; SupersededBy the
	// one that replaced this, with the reason given for the reissue.
	Supersedes     string    `bson:"supersedes,omitempty" json:"supersedes,omitempty"`
	SupersededBy   string    `bson:"supersededBy,omitempty" json:"supersededBy,omitempty"`
	SupersededAt   time.Time `bson:"supersededAt,omitempty" json:"supersededAt,omitzero"`
	ReissueReason  string    `bson:"reissueReason,omitempty" json:"reissueReason,omitempty"`
	ReplacedNumber string    `bson:"replacedNumber,omitempty" json:"replacedNumber,omitempty"` // the number of the replacement
}

// StateOn is the certificate's state on the day of now: revoked and
// superseded stay so; a valid one is expired after its last day.
func (c *Certificate) StateOn(now time.Time) State {
	switch c.Status {
	case StatusRevoked:
		return StateRevoked
	case StatusSuperseded:
		return StateSuperseded
	}
	if !c.ValidUntil.IsZero() && skillcert.DateOf(now).After(c.ValidUntil) {
		return StateExpired
	}
	return StateValid
}

// LongTerm reports whether the certificate does not expire.
func (c Certificate) LongTerm() bool { return c.ValidUntil.IsZero() }

// Document is what the certificate prints, with the verification URL
// under baseURL.
func (c *Certificate) Document(baseURL string) Document {
	return Document{
		Kind: c.Kind, HolderName: c.HolderName, Gender: c.Gender, IDMasked: c.IDMasked,
		CourseTitle: c.CourseTitle, Trade: c.Trade, Level: c.Level, ClassHours: c.ClassHours,
		CourseStart: c.CourseStart, CourseEnd: c.CourseEnd, Organizer: c.Issuer,
		IssueDate: c.IssueDate, ValidUntil: c.ValidUntil, Number: c.Number,
		VerifyURL: VerifyURL(baseURL, c.Token),
	}
}

// VerifyURL is the public verification address a certificate's QR code
// holds: {baseURL}/verify/{token}.
func VerifyURL(baseURL, token string) string {
	for len(baseURL) > 0 && baseURL[len(baseURL)-1] == '/' {
		baseURL = baseURL[:len(baseURL)-1]
	}
	return baseURL + "/verify/" + token
}

// FileName is the download name of the certificate's PDF:
// TX2026-WZ-000123_张三.pdf.
func (c *Certificate) FileName() string {
	return c.Number + "_" + c.HolderName + ".pdf"
}
