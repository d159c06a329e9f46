package reports

import (
	"context"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
)

// RebuildStatus is the progress of the latest rebuild (重建统计).
type RebuildStatus struct {
	Running    bool      `bson:"running" json:"running"`
	Phase      string    `bson:"phase" json:"phase"` // 读取 / 写入 / 完成 / 失败
	Done       int       `bson:"done" json:"done"`
	Total      int       `bson:"total" json:"total"`
	StartedAt  time.Time `bson:"startedAt,omitempty" json:"startedAt,omitzero"`
	FinishedAt time.Time `bson:"finishedAt,omitempty" json:"finishedAt,omitzero"`
	Error      string    `bson:"error,omitempty" json:"error,omitempty"`
}

// Status is the rebuild's progress as this process sees it.
func (s *Service) Status() RebuildStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.progress
}

// rebuildBatch is how many documents one insert carries.
const rebuildBatch = 500

// StartRebuild starts a rebuild in the background; if one runs already,
// it keeps running and nothing else starts.
func (s *Service) StartRebuild() error {
	if err := s.beginRebuild(); err != nil {
		if skillcert.ErrorCode(err) == skillcert.ECONFLICT {
			return nil
		}
		return err
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
		defer cancel()
		if err := s.rebuild(ctx); err != nil {
			s.log.Error("reports: rebuild failed", "err", err)
		}
	}()
	return nil
}

// Rebuild recomputes every summary and every person's facts from the
// register, the courses and the certificates. The server keeps serving:
// changes arriving meanwhile are queued and applied on top afterwards.
func (s *Service) Rebuild(ctx context.Context) error {
	if err := s.beginRebuild(); err != nil {
		return err
	}
	return s.rebuild(ctx)
}

func (s *Service) beginRebuild() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rebuilding {
		return skillcert.Errorf(skillcert.ECONFLICT, "统计数据正在重建，请稍后再试")
	}
	s.rebuilding = true
	s.progress = RebuildStatus{Running: true, Phase: "读取", StartedAt: s.now().UTC()}
	return nil
}

func (s *Service) setProgress(f func(p *RebuildStatus)) {
	s.mu.Lock()
	f(&s.progress)
	s.mu.Unlock()
}

func (s *Service) rebuild(ctx context.Context) (err error) {
	defer func() {
		s.mu.Lock()
		s.rebuilding = false
		s.progress.Running = false
		s.progress.FinishedAt = s.now().UTC()
		s.progress.Phase = "完成"
		if err != nil {
			s.progress.Phase, s.progress.Error = "失败", skillcert.ErrorMessage(err)
		}
		st := s.progress
		s.kickLocked()
		s.mu.Unlock()
		_, _ = s.sums.UpdateOne(ctx, bson.D{{Key: "_id", Value: metaID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "rebuild", Value: st}}}}, options.UpdateOne().SetUpsert(true))
	}()
	// A refresh in flight finishes first; later ones wait in the queue.
	if err := s.Flush(ctx); err != nil {
		return err
	}
	total := Delta{}
	var people []any
	err = s.source.EachPersonFacts(ctx, func(p PersonFacts) error {
		p.normalize()
		p.contribute(total, 1)
		people = append(people, p)
		return nil
	}, func(done, n int) { s.setProgress(func(p *RebuildStatus) { p.Done, p.Total = done, n }) })
	if err != nil {
		return err
	}
	s.setProgress(func(p *RebuildStatus) { p.Phase = "写入" })
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	if _, err := s.sums.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$ne", Value: metaID}}}}); err != nil {
		return err
	}
	docs := make([]any, 0, len(total))
	for id, m := range total {
		docs = append(docs, nest(id, m))
	}
	if err := s.insertBatches(ctx, s.sums.InsertMany, docs); err != nil {
		return err
	}
	if _, err := s.people.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$exists", Value: true}}}}); err != nil {
		return err
	}
	if err := s.insertBatches(ctx, s.people.InsertMany, people); err != nil {
		return err
	}
	if err := s.touch(ctx); err != nil {
		return err
	}
	_, err = s.sums.UpdateOne(ctx, bsonID(metaID), bson.D{{Key: "$set", Value: bson.D{{Key: "layout", Value: summaryLayout}}}})
	return err
}

func (s *Service) insertBatches(ctx context.Context, insert func(context.Context, []any) (int, error), docs []any) error {
	for i := 0; i < len(docs); i += rebuildBatch {
		if _, err := insert(ctx, docs[i:min(i+rebuildBatch, len(docs))]); err != nil {
			return err
		}
	}
	return nil
}

// nest turns dotted paths into a document.
func nest(id string, m map[string]int64) bson.M {
	doc := bson.M{"_id": id}
	for path, n := range m {
		parts := strings.Split(path, ".")
		cur := doc
		for _, k := range parts[:len(parts)-1] {
			next, ok := cur[k].(bson.M)
			if !ok {
				next = bson.M{}
				cur[k] = next
			}
			cur = next
		}
		cur[parts[len(parts)-1]] = n
	}
	return doc
}
