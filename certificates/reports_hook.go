package certificates

import "context"

// OnHoldersChanged registers fn to be told of the holder of every
// certificate issued, revoked or reissued, so the reports' summaries
// follow. fn must not block.
func (s *Service) OnHoldersChanged(fn func(ctx context.Context, personIDs ...string)) { s.changed = fn }

func (s *Service) holderChanged(ctx context.Context, personID string) {
	if s.changed != nil && personID != "" {
		s.changed(ctx, personID)
	}
}
