package reports

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
	"skillcert/orgs"
	"skillcert/store"
)

// Source reads the facts of people from the register, the courses and the
// certificates (the platform package implements it over the services).
type Source interface {
	// PersonFacts returns the facts of one person; ENOTFOUND when the
	// person is no longer in the register.
	PersonFacts(ctx context.Context, personID string) (PersonFacts, error)
	// EachPersonFacts calls fn with the facts of every person in the
	// register, in no particular order; progress is told the share done
	// (done of total people).
	EachPersonFacts(ctx context.Context, fn func(PersonFacts) error, progress func(done, total int)) error
}

// Service keeps the summaries and answers the figures.
type Service struct {
	people *store.Collection
	sums   *store.Collection
	orgs   *orgs.Tree
	source Source
	log    *slog.Logger
	now    func() time.Time

	mu         sync.Mutex
	pending    map[string]bool
	running    bool
	idle       chan struct{}
	rebuilding bool
	progress   RebuildStatus
	applyMu    sync.Mutex // one person's refresh or the rebuild's write at a time
	assess     AssessmentDeps
	db         *store.DB
	audit      *audit.Log
}

// NewService returns the reports service.
func NewService(db *store.DB, tree *orgs.Tree, source Source) *Service {
	return &Service{
		people: db.Collection(store.CollReportPeople),
		sums:   db.Collection(store.CollReportSummaries),
		orgs:   tree, source: source, log: slog.Default(), now: time.Now, db: db,
		pending: map[string]bool{},
	}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// SetLogger sets the logger for failures of the background refresh.
func (s *Service) SetLogger(l *slog.Logger) { s.log = l }

// Today is the current day in China time.
func (s *Service) Today() skillcert.Date { return skillcert.DateOf(s.now()) }

// PeopleChanged queues the people whose register record, enrollments or
// certificates changed; a background worker applies each person's
// change to the summaries. It never blocks the caller's write.
func (s *Service) PeopleChanged(personIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range personIDs {
		if id != "" {
			s.pending[id] = true
		}
	}
	s.kickLocked()
}

func (s *Service) kickLocked() {
	if s.running || s.rebuilding || len(s.pending) == 0 {
		return
	}
	s.running = true
	s.idle = make(chan struct{})
	go s.work()
}

// refreshTimeout bounds one person's refresh.
const refreshTimeout = 30 * time.Second

func (s *Service) work() {
	for {
		s.mu.Lock()
		if s.rebuilding || len(s.pending) == 0 {
			s.running = false
			close(s.idle)
			s.mu.Unlock()
			return
		}
		var id string
		for k := range s.pending {
			id = k
			break
		}
		delete(s.pending, id)
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
		if err := s.Refresh(ctx, id); err != nil {
			s.log.Error("reports: refresh failed; the next rebuild repairs it", "person", id, "err", err)
		}
		cancel()
	}
}

// Flush waits until every queued change has been applied (tests, and the
// seed before it reports).
func (s *Service) Flush(ctx context.Context) error {
	for {
		s.mu.Lock()
		if !s.running {
			s.mu.Unlock()
			return nil
		}
		ch := s.idle
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Discard drops the queued changes and waits for the refresh under way
// (tests that end before the summaries matter; the next rebuild repairs
// anything dropped).
func (s *Service) Discard(ctx context.Context) error {
	s.mu.Lock()
	clear(s.pending)
	s.mu.Unlock()
	return s.Flush(ctx)
}

// Refresh recomputes one person's facts and applies the difference of
// their contribution to the summaries.
func (s *Service) Refresh(ctx context.Context, personID string) error {
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	var old PersonFacts
	if err := s.people.FindOne(ctx, bson.D{{Key: "_id", Value: personID}}, &old); err != nil && !store.IsNotFound(err) {
		return err
	}
	cur, err := s.source.PersonFacts(ctx, personID)
	gone := store.IsNotFound(err)
	if err != nil && !gone {
		return err
	}
	cur.normalize()
	delta := Delta{}
	cur.contribute(delta, 1)
	old.contribute(delta, -1)
	if err := s.apply(ctx, delta); err != nil {
		return err
	}
	if gone {
		if _, err := s.people.DeleteOne(ctx, bson.D{{Key: "_id", Value: personID}}); err != nil {
			return err
		}
	} else if _, err := s.people.ReplaceOne(ctx, bson.D{{Key: "_id", Value: personID}}, &cur, options.Replace().SetUpsert(true)); err != nil {
		return err
	}
	return s.touch(ctx)
}

// apply adds a delta to the summary documents: one upsert per document,
// sent in bulk commands (store.WriteBatchSize each).
func (s *Service) apply(ctx context.Context, d Delta) error {
	ids := slices.Sorted(maps.Keys(d))
	models := make([]mongo.WriteModel, 0, len(ids))
	for _, doc := range ids {
		inc := bson.D{}
		for path, n := range d[doc] {
			inc = append(inc, bson.E{Key: path, Value: n})
		}
		models = append(models, mongo.NewUpdateOneModel().SetFilter(bsonID(doc)).
			SetUpdate(bson.D{{Key: "$inc", Value: inc}}).SetUpsert(true))
	}
	if len(models) == 0 {
		return nil
	}
	_, err := s.sums.BulkWrite(ctx, models, false)
	return err
}

// metaID is the summary document holding the as-of time and the rebuild's
// progress.
const metaID = "meta"

type metaDoc struct {
	ID      string        `bson:"_id"`
	AsOf    time.Time     `bson:"asOf"`
	Rebuild RebuildStatus `bson:"rebuild"`
}

// touch sets the as-of time; a meta document it creates (summaries
// started from nothing) records the current layout.
func (s *Service) touch(ctx context.Context) error {
	_, err := s.sums.UpdateOne(ctx, bson.D{{Key: "_id", Value: metaID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "asOf", Value: s.now().UTC()}}},
			{Key: "$setOnInsert", Value: bson.D{{Key: "layout", Value: summaryLayout}}}}, options.UpdateOne().SetUpsert(true))
	return err
}

// MigrateLayout starts a rebuild in the background when the stored
// summaries were written in an older layout than this version reads
// (summaryLayout); the server serves meanwhile, its pages showing the
// rebuild's progress. Summaries that do not exist yet need nothing.
// Call it once at start-up, before changes arrive.
func (s *Service) MigrateLayout(ctx context.Context) (started bool, err error) {
	var meta summaryDoc
	if err := s.sums.FindOne(ctx, bsonID(metaID), &meta); err != nil {
		if store.IsNotFound(err) {
			return false, nil
		}
		return false, err
	}
	if meta.Layout >= summaryLayout {
		return false, nil
	}
	s.log.Info("reports: summaries in an older layout; rebuilding them", "layout", meta.Layout, "want", summaryLayout)
	return true, s.StartRebuild()
}

func bsonID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

func isNotFound(err error) bool { return store.IsNotFound(err) }
