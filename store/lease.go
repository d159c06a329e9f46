package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// CollLeases holds the leases of background jobs.
const CollLeases = "leases"

// A lease lets one instance at a time run a named background job. Each
// taking of a job is a new document, _id "<job>#<generation>", inserted
// or refused on the unique _id: of several instances taking the same
// generation exactly one wins, on MongoDB and on the embedded engine
// alike, even across processes (an insert on a unique key is the one
// write the embedded engine keeps atomic between processes; an update or
// a delete is not). A lease whose expiry has passed is taken over by
// inserting the next generation. The holder renews by moving its own
// document's expiry, which no other instance writes.
type leaseDoc struct {
	ID        string    `bson:"_id"`
	Name      string    `bson:"name"`
	Gen       int64     `bson:"gen"`
	Holder    string    `bson:"holder"`
	TakenAt   time.Time `bson:"takenAt"`
	ExpiresAt time.Time `bson:"expiresAt"`
	// ReleasedAt is set when the holder ended the lease itself.
	ReleasedAt *time.Time `bson:"releasedAt,omitempty"`
}

// Lease is a held lease.
type Lease struct {
	d        *DB
	doc      leaseDoc
	ttl      time.Duration
	TookOver bool // the previous holder's lease had expired without release
}

// TryLease takes the lease on job for holder for ttl, or reports false if
// another holder's lease is in force. now is the current time.
func (d *DB) TryLease(ctx context.Context, job, holder string, ttl time.Duration, now time.Time) (*Lease, bool, error) {
	if strings.Contains(job, "#") {
		return nil, false, fmt.Errorf("store: lease name %q must not contain #", job)
	}
	ctx, cancel := within(ctx, opsCall)
	defer cancel()
	var latest []leaseDoc
	if err := d.Collection(CollLeases).Find(ctx, bson.D{{Key: "name", Value: job}}, &latest,
		options.Find().SetSort(bson.D{{Key: "gen", Value: -1}}).SetLimit(1)); err != nil {
		return nil, false, err
	}
	var gen int64
	tookOver := false
	if len(latest) == 1 {
		cur := latest[0]
		if cur.ExpiresAt.After(now) {
			return nil, false, nil
		}
		gen = cur.Gen
		tookOver = cur.ReleasedAt == nil
	}
	doc := leaseDoc{ID: fmt.Sprintf("%s#%d", job, gen+1), Name: job, Gen: gen + 1, Holder: holder,
		TakenAt: now.UTC(), ExpiresAt: now.Add(ttl).UTC()}
	if err := d.Collection(CollLeases).InsertOne(ctx, doc); err != nil {
		if IsDuplicate(err) {
			return nil, false, nil // another instance took this generation first
		}
		return nil, false, err
	}
	if gen > 1 {
		// Forget generations before the one just replaced (they are never
		// read again; deleting them races with nothing that matters).
		_, _ = d.Collection(CollLeases).DeleteMany(ctx, bson.D{{Key: "name", Value: job}, {Key: "gen", Value: bson.D{{Key: "$lt", Value: gen}}}})
	}
	return &Lease{d: d, doc: doc, ttl: ttl, TookOver: tookOver}, true, nil
}

// Renew extends the lease by its ttl from now, and reports false if it
// was lost (it expired and another instance took the job over): the
// holder must then stop.
func (l *Lease) Renew(ctx context.Context, now time.Time) (bool, error) {
	if !now.Before(l.doc.ExpiresAt) {
		return false, nil // expired: another instance may have taken it over
	}
	ctx, cancel := within(ctx, opsCall)
	defer cancel()
	var next []leaseDoc
	if err := l.d.Collection(CollLeases).Find(ctx, bson.D{{Key: "name", Value: l.doc.Name}, {Key: "gen", Value: bson.D{{Key: "$gt", Value: l.doc.Gen}}}}, &next,
		options.Find().SetSort(bson.D{{Key: "gen", Value: -1}}).SetLimit(1)); err != nil {
		return false, err
	}
	if len(next) > 0 {
		return false, nil
	}
	l.doc.ExpiresAt = now.Add(l.ttl).UTC()
	_, err := l.d.Collection(CollLeases).UpdateOne(ctx, bson.D{{Key: "_id", Value: l.doc.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "expiresAt", Value: l.doc.ExpiresAt}}}})
	return err == nil, err
}

// Release ends the lease now, so the next run need not wait for expiry.
func (l *Lease) Release(ctx context.Context, now time.Time) error {
	ctx, cancel := within(ctx, opsCall)
	defer cancel()
	_, err := l.d.Collection(CollLeases).UpdateOne(ctx, bson.D{{Key: "_id", Value: l.doc.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "expiresAt", Value: now.UTC()}, {Key: "releasedAt", Value: now.UTC()}}}})
	return err
}

// HoldUntil keeps the lease until t (a periodic job holds its lease for
// its period, so the other instances skip it until the next one).
func (l *Lease) HoldUntil(ctx context.Context, t time.Time) error {
	ctx, cancel := within(ctx, opsCall)
	defer cancel()
	l.doc.ExpiresAt = t.UTC()
	_, err := l.d.Collection(CollLeases).UpdateOne(ctx, bson.D{{Key: "_id", Value: l.doc.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "expiresAt", Value: l.doc.ExpiresAt}}}})
	return err
}

// Name is the job's name; Holder who holds it; Generation how many times
// it has been taken.
func (l *Lease) Name() string      { return l.doc.Name }
func (l *Lease) Holder() string    { return l.doc.Holder }
func (l *Lease) Generation() int64 { return l.doc.Gen }
