package main

import (
	"context"

	"skillcert/certificates"
)

// finishCertificateBatches finishes the course certificate batches cut
// short by a crash (certificates/batch.go): at the start-up of the
// embedded engine every pending one, otherwise those pending for longer
// than any request could take.
func (a *App) finishCertificateBatches(ctx context.Context, startup bool) {
	stale := certificates.BatchStaleAfter
	if startup && a.DB.Embedded() {
		stale = 0
	}
	done, err := a.Certificates.FinishBatches(ctx, stale)
	for _, r := range done {
		a.log.Warn("certificates: finished an interrupted course batch", "batch", r.BatchID, "course", r.CourseID,
			"planned", r.Planned, "issued", r.Issued)
	}
	if err != nil && ctx.Err() == nil {
		a.log.Error("certificates: finish interrupted batches", "err", err)
	}
}
