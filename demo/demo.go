// Package demo loads the demo data set — an account for every role,
// residents, courses, certificates, coordinator posts — through the same services and validators that
// users go through. Loading twice changes nothing.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"skillcert"
	"skillcert/auth"
	"skillcert/platform"
)

// Login is one demo account.
type Login struct {
	Role     skillcert.Role
	Username string
	Name     string
	Town     string
	Village  string
}

// Logins are the demo accounts, one or more for every role.
var Logins = []Login{
	{Role: skillcert.RoleCityAdmin, Username: "admin", Name: "市局管理员（演示）"},
	{Role: skillcert.RoleTownStaff, Username: "wz_staff", Name: "乌镇镇管理所（演示）", Town: "WZ"},
	{Role: skillcert.RoleTownStaff, Username: "zq_staff", Name: "洲泉镇管理所（演示）", Town: "ZQ"},
	{Role: skillcert.RoleVillageStaff, Username: "wz_village", Name: "民合村工作站（演示）", Town: "WZ", Village: "WZ01"},
	{Role: skillcert.RoleInstructor, Username: "teacher", Name: "王老师（演示）", Town: "WZ"},
	{Role: skillcert.RoleTrainee, Username: "trainee", Name: "李学员（演示）"},
	{Role: skillcert.RoleAuditor, Username: "auditor", Name: "安全审计员（演示）"},
}

// system is the actor the demo set is loaded as.
var system = &skillcert.Actor{AccountID: "system", Username: "system", Name: "系统初始化", Role: skillcert.RoleCityAdmin, IP: "127.0.0.1"}

// LoadIfEmpty loads the demo set into an embedded database that has no
// accounts yet, with the configured password or else the data
// directory's (created at random the first time). It returns the demo
// accounts' password, or "" when they were created by an earlier version
// whose password this one does not know.
func LoadIfEmpty(ctx context.Context, s *platform.Services, dataDir, configured string) (password string, loaded bool, err error) {
	empty := false
	if _, err := s.Auth.FindAccountByUsername(ctx, Logins[0].Username); skillcert.ErrorCode(err) == skillcert.ENOTFOUND {
		empty = true
	} else if err != nil {
		return "", false, err
	}
	password = configured
	if password == "" {
		password, err = ReadPassword(dataDir)
		if errors.Is(err, fs.ErrNotExist) {
			if !empty {
				return "", false, nil
			}
			password, err = CreatePassword(dataDir)
		}
		if err != nil {
			return "", false, err
		}
	}
	if !empty {
		return password, false, nil
	}
	return password, true, Load(ctx, s, password)
}

// Load loads (or completes) the demo set, its accounts with password;
// what exists is left alone.
func Load(ctx context.Context, s *platform.Services, password string) error {
	ctx = skillcert.WithActor(ctx, system)
	traineePerson, err := loadResidents(ctx, s)
	if err != nil {
		return err
	}
	for _, l := range Logins {
		if _, err := s.Auth.FindAccountByUsername(ctx, l.Username); err == nil {
			continue
		} else if skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
			return err
		}
		in := auth.NewAccount{Username: l.Username, Name: l.Name, Password: password, Role: l.Role, Town: l.Town, Village: l.Village}
		if l.Role == skillcert.RoleTrainee {
			in.PersonID = traineePerson
		}
		if _, err := s.Auth.CreateAccount(ctx, system, in); err != nil {
			return fmt.Errorf("demo account %s: %w", l.Username, err)
		}
	}
	if err := loadCourses(ctx, s, traineePerson); err != nil {
		return err
	}
	if err := loadCertificates(ctx, s, traineePerson); err != nil {
		return err
	}
	if err := loadRecruitment(ctx, s, traineePerson); err != nil {
		return err
	}
	if err := loadReportCourses(ctx, s); err != nil {
		return err
	}
	return loadSubsidies(ctx, s)
}
