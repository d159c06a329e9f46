package courses

import (
	"context"
	"strings"

	"skillcert/store"
)

// OnEnrollmentsChanged registers fn to be told of the person of every
// enrollment a write changed (status, seat, completion), so the reports'
// summaries follow. fn must not block.
func (s *Service) OnEnrollmentsChanged(fn func(ctx context.Context, personIDs ...string)) {
	s.changed = fn
}

// written tells the listener of a successful write to an enrollment
// (courseID:personID); writes to other collections are ignored.
func (s *Service) written(ctx context.Context, coll *store.Collection, id string, ok bool) {
	if !ok || s.changed == nil || coll != s.enrollments {
		return
	}
	if _, person, found := strings.Cut(id, ":"); found && person != "" {
		s.changed(ctx, person)
	}
}
