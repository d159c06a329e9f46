package certificates

import (
	"context"

	"skillcert"
)

// PersonCertificates lists a person's certificates, newest first,
// superseded and revoked ones included, for staff whose register holds
// the person (the caller checks that scope).
func (s *Service) PersonCertificates(ctx context.Context, a *skillcert.Actor, personID string, req skillcert.PageRequest) (skillcert.Page[Certificate], error) {
	if a == nil || !a.Role.IsStaff() {
		return skillcert.Page[Certificate]{}, skillcert.Errorf(skillcert.EFORBIDDEN, "只有工作人员可以查看他人的证书")
	}
	return s.page(ctx, bsonD("personId", personID, "status", notPending), bsonD("issueDate", -1, "number", -1), req)
}
