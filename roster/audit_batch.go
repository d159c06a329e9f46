package roster

import (
	"context"

	"skillcert"
	"skillcert/audit"
)

// auditEntry is one entry of a batch (an import).
type auditEntry struct {
	action, targetType, target, detail string
}

// recordMany appends the audit entries of a batch in one command instead
// of one command each. The entries have the shape audit.Log.Record
// writes, so the trail reads the same either way.
func (s *Service) recordMany(ctx context.Context, a *skillcert.Actor, entries []auditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	at := s.now().UTC()
	docs := make([]any, len(entries))
	for i, e := range entries {
		en := audit.Entry{ID: skillcert.NewID(), At: at, Action: e.action, TargetType: e.targetType, TargetID: e.target,
			Result: audit.ResultOK, Detail: e.detail}
		if a != nil {
			en.ActorID, en.ActorName, en.Role = a.AccountID, a.Username, string(a.Role)
			en.Town, en.Village, en.IP = a.Town, a.Village, a.IP
		}
		if en.IP == "" {
			en.IP = audit.IPFrom(ctx)
		}
		docs[i] = en
	}
	_, err := s.auditColl.InsertMany(ctx, docs)
	return err
}
