package roster

import (
	"slices"
	"time"

	"skillcert"
)

// PersonStatus tells whether a person's record is confirmed.
type PersonStatus string

// The person statuses.
const (
	// PersonActive is a confirmed record in the register.
	PersonActive PersonStatus = "active"
	// PersonPending was created by a trainee's self-registration and
	// awaits confirmation by the town of their household registration.
	PersonPending PersonStatus = "pending"
)

// Label is the status in Chinese.
func (s PersonStatus) Label() string {
	switch s {
	case PersonActive:
		return "已登记"
	case PersonPending:
		return "待确认"
	}
	return string(s)
}

// Valid reports whether s is one of the statuses.
func (s PersonStatus) Valid() bool { return s == PersonActive || s == PersonPending }

// Person is one resident in the labour-resource register. Birth date,
// gender, the masked number and the suffix are derived from IDNumber and
// kept beside it so lists and searches never need the whole number.
type Person struct {
	ID            string           `bson:"_id" json:"id"`
	Name          string           `bson:"name" json:"name"`
	IDNumber      string           `bson:"-" json:"-"`        // whole number, in memory only; shown only to roles that may see it
	IDSealed      string           `bson:"idSealed" json:"-"` // the whole number encrypted (package idcrypt)
	IDHash        string           `bson:"idHash" json:"-"`   // keyed hash of the whole number, for lookups
	IDMasked      string           `bson:"idMasked" json:"idMasked"`
	IDSuffix      string           `bson:"idSuffix" json:"idSuffix"`
	BirthDate     skillcert.Date   `bson:"birthDate" json:"birthDate"`
	Gender        Gender           `bson:"gender" json:"gender"`
	Mobile        string           `bson:"mobile,omitempty" json:"mobile,omitempty"`
	Town          string           `bson:"town" json:"town"`       // org unit code of the town (street, zone)
	Village       string           `bson:"village" json:"village"` // org unit code of the village (community)
	Groups        []TargetGroup    `bson:"groups" json:"groups"`
	Education     Education        `bson:"education" json:"education"`
	ComputerSkill ComputerSkill    `bson:"computerSkill" json:"computerSkill"`
	Employment    EmploymentStatus `bson:"employment" json:"employment"`
	Notes         string           `bson:"notes,omitempty" json:"notes,omitempty"`
	Status        PersonStatus     `bson:"status" json:"status"`
	// Warnings are said to whoever registers or edits the person (e.g. a
	// name the certificate cannot print); not stored.
	Warnings  []string  `bson:"-" json:"warnings,omitempty"`
	CreatedAt time.Time `bson:"createdAt" json:"createdAt"`
	UpdatedAt time.Time `bson:"updatedAt" json:"updatedAt"`
}

// AgeAt returns the person's age in full years (周岁) at the cutoff.
func (p *Person) AgeAt(cutoff skillcert.Date) int { return FullYearsAt(p.BirthDate, cutoff) }

// InGroup reports whether the person belongs to the target group.
func (p *Person) InGroup(g TargetGroup) bool { return slices.Contains(p.Groups, g) }

// Input returns the record as a form would show it for editing: codes for
// the enumerations, the whole ID number. Town and Village stay codes.
func (p *Person) Input() PersonInput {
	groups := make([]string, len(p.Groups))
	for i, g := range p.Groups {
		groups[i] = string(g)
	}
	return PersonInput{
		Name:          p.Name,
		IDNumber:      p.IDNumber,
		Mobile:        p.Mobile,
		Town:          p.Town,
		Village:       p.Village,
		Groups:        groups,
		Education:     string(p.Education),
		ComputerLevel: string(p.ComputerSkill.Level),
		ComputerCert:  p.ComputerSkill.CertName,
		Employment:    string(p.Employment),
		Notes:         p.Notes,
	}
}
