package roster

import "context"

// OnPersonsWritten registers fn to be told of every person a create,
// edit, import, group change or delete wrote (the reports' summaries
// follow the register through it). fn must not block.
func (s *Service) OnPersonsWritten(fn func(ctx context.Context, personIDs ...string)) { s.written = fn }

func (s *Service) notifyWritten(ctx context.Context, ids ...string) {
	if s.written != nil && len(ids) > 0 {
		s.written(ctx, ids...)
	}
}
