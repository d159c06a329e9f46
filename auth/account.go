package auth

import (
	"regexp"
	"strings"
	"time"

	"skillcert"
)

// Account is a login of the platform.
type Account struct {
	ID           string         `bson:"_id" json:"id"`
	Username     string         `bson:"username" json:"username"`
	Name         string         `bson:"name" json:"name"`
	PasswordHash string         `bson:"passwordHash" json:"-"`
	Role         skillcert.Role `bson:"role" json:"role"`
	Town         string         `bson:"town" json:"town,omitempty"`
	Village      string         `bson:"village" json:"village,omitempty"`
	PersonID     string         `bson:"personId" json:"personId,omitempty"`
	Disabled     bool           `bson:"disabled" json:"disabled"`
	// MustChangePassword: the password was set by someone else (the
	// account's creator, an office's reset); the owner must change it
	// before anything else.
	MustChangePassword bool `bson:"mustChangePassword,omitempty" json:"mustChangePassword,omitempty"`
	// Pending: a self-registration awaiting the town's confirmation of
	// the new person; it cannot log in yet.
	Pending bool `bson:"pending,omitempty" json:"pending,omitempty"`
	// OfficeTown is the town whose office looks after a trainee account
	// (the town of the person's registration): its staff may reset the
	// password.
	OfficeTown string    `bson:"officeTown,omitempty" json:"officeTown,omitempty"`
	CreatedAt  time.Time `bson:"createdAt" json:"createdAt"`
	UpdatedAt  time.Time `bson:"updatedAt" json:"updatedAt"`
}

// Actor returns the account as an acting user.
func (a *Account) Actor() *skillcert.Actor {
	return &skillcert.Actor{AccountID: a.ID, Username: a.Username, Name: a.Name, Role: a.Role,
		Town: a.Town, Village: a.Village, PersonID: a.PersonID, MustChangePassword: a.MustChangePassword}
}

// NewAccount is what an administrator fills in to create an account.
type NewAccount struct {
	Username string         `json:"username"`
	Name     string         `json:"name"`
	Password string         `json:"password"`
	Role     skillcert.Role `json:"role"`
	Town     string         `json:"town"`
	Village  string         `json:"village"`
	PersonID string         `json:"personId"`
}

var usernameRe = regexp.MustCompile(`^[a-z0-9_.\-]{3,32}$`)

// NormalizeUsername lower-cases and trims a username.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks the fields that need no database: the scope must fit
// the role (city roles have none, town staff a town, village staff a
// village).
func (n *NewAccount) Validate() error {
	n.Username = NormalizeUsername(n.Username)
	n.Name = strings.TrimSpace(n.Name)
	if !usernameRe.MatchString(n.Username) {
		return skillcert.Invalid("username", "用户名应为 3 到 32 位小写字母、数字或 _ . -")
	}
	if n.Name == "" || len([]rune(n.Name)) > 30 {
		return skillcert.Invalid("name", "请填写姓名（不超过 30 个字）")
	}
	if !n.Role.Valid() {
		return skillcert.Invalid("role", "角色“%s”不存在", n.Role)
	}
	if err := ValidatePasswordFor(n.Password, n.Username); err != nil {
		return err
	}
	switch n.Role {
	case skillcert.RoleCityAdmin, skillcert.RoleAuditor:
		if n.Town != "" || n.Village != "" {
			return skillcert.Invalid("town", "%s账号属于市局，不应指定镇（街道）", n.Role.Label())
		}
	case skillcert.RoleTownStaff:
		if n.Town == "" || n.Village != "" {
			return skillcert.Invalid("town", "镇（街道）工作人员账号须指定所属镇（街道），不指定村（社区）")
		}
	case skillcert.RoleVillageStaff:
		if n.Town == "" || n.Village == "" {
			return skillcert.Invalid("village", "村（社区）工作人员账号须指定所属镇（街道）和村（社区）")
		}
	case skillcert.RoleTrainee:
		if n.PersonID == "" {
			return skillcert.Invalid("personId", "学员账号须关联登记的人员")
		}
	}
	return nil
}
