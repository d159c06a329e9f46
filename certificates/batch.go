package certificates

import (
	"context"
	"fmt"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/store"
)

// A course's certificate batch writes to two collections (certificates,
// then the audit trail) without a transaction. To make the two one
// recoverable unit, the batch first writes its marker: the certificates
// it is about to issue, numbered, with who issued them. Then the
// certificates go in (insert-or-fail on their enrollment's slot), then
// one audit entry per certificate that went in, and last the marker is
// closed. A batch cut short by a crash is found by its open marker and
// finished by FinishBatches: the certificates it had not inserted are
// inserted (the same documents, so the same numbers; an enrollment
// issued meanwhile keeps its own certificate), and each of its
// certificates without an audit entry gets exactly one.

// Batch states.
const (
	batchPending = "pending" // 发证中（或被中断，待补完）
	batchDone    = "done"
)

// BatchStaleAfter is how long a batch may stay pending before the
// housekeeping takes it for one cut short: longer than any request's
// deadline.
const BatchStaleAfter = 5 * time.Minute

// batchActor is who ordered a batch, as its audit entries name them.
type batchActor struct {
	AccountID string `bson:"accountId"`
	Username  string `bson:"username"`
	Name      string `bson:"name"`
	Role      string `bson:"role"`
	Town      string `bson:"town"`
	Village   string `bson:"village"`
	IP        string `bson:"ip"`
}

// batchDoc is the marker of one course batch.
type batchDoc struct {
	ID        string        `bson:"_id"`
	CourseID  string        `bson:"courseId"`
	State     string        `bson:"state"`
	Actor     *batchActor   `bson:"actor,omitempty"`
	Certs     []Certificate `bson:"certs,omitempty"` // dropped when done
	Planned   int           `bson:"planned"`
	Issued    int           `bson:"issued"`
	Resumed   bool          `bson:"resumed,omitempty"`
	CreatedAt time.Time     `bson:"createdAt"`
	DoneAt    time.Time     `bson:"doneAt,omitempty"`
}

func actorOfBatch(a *skillcert.Actor) *batchActor {
	if a == nil {
		return nil
	}
	return &batchActor{AccountID: a.AccountID, Username: a.Username, Name: a.Name, Role: string(a.Role), Town: a.Town, Village: a.Village, IP: a.IP}
}

func (b *batchActor) actor() *skillcert.Actor {
	if b == nil {
		return nil
	}
	return &skillcert.Actor{AccountID: b.AccountID, Username: b.Username, Name: b.Name, Role: skillcert.Role(b.Role), Town: b.Town, Village: b.Village, IP: b.IP}
}

// startBatch writes the marker of a batch of numbered certificates.
func (s *Service) startBatch(ctx context.Context, a *skillcert.Actor, courseID string, fresh []*Certificate) (*batchDoc, error) {
	if a == nil {
		a = skillcert.ActorFrom(ctx)
	}
	b := &batchDoc{ID: skillcert.NewID(), CourseID: courseID, State: batchPending, Actor: actorOfBatch(a),
		Planned: len(fresh), CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	if b.Actor != nil && b.Actor.IP == "" {
		b.Actor.IP = audit.IPFrom(ctx)
	}
	for _, c := range fresh {
		b.Certs = append(b.Certs, *c)
	}
	if err := s.batches.InsertOne(ctx, b); err != nil {
		return nil, err
	}
	return b, nil
}

// runBatch inserts the batch's certificates that are not stored yet,
// writes the audit entries its stored certificates lack (all of them
// unless resumed) and closes the marker. It returns the batch's
// certificates that are stored, in number order.
func (s *Service) runBatch(ctx context.Context, b *batchDoc, resumed bool) ([]*Certificate, error) {
	fresh := make([]*Certificate, len(b.Certs))
	docs := make([]any, len(b.Certs))
	for i := range b.Certs {
		fresh[i], docs[i] = &b.Certs[i], &b.Certs[i]
	}
	n, err := s.certs.InsertMany(ctx, docs)
	if err != nil && !store.IsDuplicate(err) {
		return nil, err
	}
	inserted := fresh
	if n < len(fresh) {
		// Some went in before an interruption, or their enrollments were
		// issued by a concurrent request: keep those of this batch that
		// are stored.
		if inserted, err = s.which(ctx, b.CourseID, fresh); err != nil {
			return nil, err
		}
	}
	items := make([]audit.Item, 0, len(inserted))
	for _, c := range inserted {
		if resumed {
			has, err := s.hasIssueEntry(ctx, c.ID)
			if err != nil {
				return nil, err
			}
			if has {
				continue
			}
		}
		items = append(items, audit.Item{Action: ActionIssue, TargetType: auditTarget, TargetID: c.ID, Result: audit.ResultOK,
			Detail: c.Number + " " + c.CourseTitle})
	}
	if err := s.audit.RecordMany(ctx, b.Actor.actor(), items); err != nil {
		// The certificates stand; the marker stays open and the repair
		// pass writes the entries still missing.
		s.log.Error("certificate batch: audit entries not written; the repair pass will", "batch", b.ID, "course", b.CourseID, "err", err)
		return inserted, nil
	}
	for _, c := range inserted {
		s.holderChanged(ctx, c.PersonID)
	}
	if _, err := s.batches.UpdateOne(ctx, bsonD("_id", b.ID, "state", batchPending),
		bsonD("$set", bsonD("state", batchDone, "issued", len(inserted), "resumed", resumed, "doneAt", s.now().UTC()),
			"$unset", bsonD("certs", ""))); err != nil {
		return nil, err
	}
	return inserted, nil
}

// hasIssueEntry reports whether the audit trail records the issue of a
// certificate.
func (s *Service) hasIssueEntry(ctx context.Context, certID string) (bool, error) {
	page, err := s.audit.List(ctx, audit.Filter{TargetID: certID, Action: ActionIssue}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil {
		return false, err
	}
	return page.Total > 0, nil
}

// BatchRepair says what FinishBatches did to one batch.
type BatchRepair struct {
	BatchID  string `json:"batchId"`
	CourseID string `json:"courseId"`
	Planned  int    `json:"planned"`
	Issued   int    `json:"issued"`
}

// FinishBatches finishes every course batch left pending for longer than
// staleAfter (0 at the start-up of the embedded engine, whose one
// process owns the data: anything pending then was cut short). Each ends
// with every certificate it planned stored once (unless its enrollment
// got another meanwhile) and one audit entry per certificate.
func (s *Service) FinishBatches(ctx context.Context, staleAfter time.Duration) ([]BatchRepair, error) {
	var pending []batchDoc
	cutoff := s.now().Add(-staleAfter).UTC()
	if err := s.batches.Find(ctx, bsonD("state", batchPending, "createdAt", bsonD("$lte", cutoff)), &pending); err != nil {
		return nil, err
	}
	var out []BatchRepair
	for i := range pending {
		b := &pending[i]
		inserted, err := s.runBatch(ctx, b, true)
		if err != nil {
			return out, fmt.Errorf("certificate batch %s: %w", b.ID, err)
		}
		out = append(out, BatchRepair{BatchID: b.ID, CourseID: b.CourseID, Planned: b.Planned, Issued: len(inserted)})
	}
	return out, nil
}
