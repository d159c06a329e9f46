package roster

import (
	"context"
	"strings"
	"unicode/utf8"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// Confirm completes a self-registered (pending) person of the actor's
// town with what the town knows (target groups, education, employment, …)
// and enters them into the register. The ID number stays as registered.
func (s *Service) Confirm(ctx context.Context, a *skillcert.Actor, id string, in PersonInput) (*Person, error) {
	before, err := s.pending(ctx, a, id)
	if err != nil {
		return nil, err
	}
	in.IDNumber = before.IDNumber
	p, err := s.validate(in)
	if err != nil {
		return nil, err
	}
	if err := s.checkWriteScope(a, p.Town, p.Village); err != nil {
		return nil, err
	}
	p.Status = PersonActive
	out, err := s.replace(ctx, a, before, p, "person.confirm")
	if err != nil {
		return nil, err
	}
	// The self-registered account may log in now.
	if s.accounts != nil {
		if _, err := s.accounts.ActivateAccountsOfPerson(ctx, out.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// maxReasonLen bounds a rejection's reason, in characters.
const maxReasonLen = 200

// Reject refuses a self-registration of the actor's town: the pending
// person is removed and the accounts linked to them are disabled. The
// accounts go first, so that a retry after a crash finishes the job.
func (s *Service) Reject(ctx context.Context, a *skillcert.Actor, id, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return skillcert.Invalid("reason", "请填写不予确认的原因（记入操作日志）")
	}
	if n := utf8.RuneCountInString(reason); n > maxReasonLen {
		return skillcert.Invalid("reason", "原因不能超过%d个字，现为%d个字", maxReasonLen, n)
	}
	p, err := s.pending(ctx, a, id)
	if err != nil {
		return err
	}
	if s.accounts != nil {
		if _, err := s.accounts.DisableAccountsOfPerson(ctx, p.ID); err != nil {
			return err
		}
	}
	if _, err := s.persons.DeleteOne(ctx, byID(p.ID)); err != nil {
		return err
	}
	return s.audit.Record(ctx, "person.reject", "person", p.ID, audit.ResultOK, p.Name+" "+p.IDMasked+"："+reason)
}

// pending reads a pending person of the actor's town.
func (s *Service) pending(ctx context.Context, a *skillcert.Actor, id string) (*Person, error) {
	if err := requirePermission(a, auth.PermRosterConfirm); err != nil {
		return nil, err
	}
	p, err := s.reachable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if p.Status != PersonPending {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "%s的登记已确认，无需再次确认", p.Name)
	}
	return p, nil
}
