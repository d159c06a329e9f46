package roster

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// MarkInterrupted records as failed the import jobs that a stopped server
// left unfinished: queued or running with no progress since before. Each
// keeps its counts and says what it had done; the rows it wrote stay (an
// import is idempotent, so importing the same file again completes it
// without duplicates). With the embedded engine one process owns the
// data, so at start-up every unfinished job is such a leftover; with
// several instances only jobs silent for longer than a batch can take.
func (s *Service) MarkInterrupted(ctx context.Context, before time.Time) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var jobs []ImportJob
	if err := s.imports.Find(ctx, bson.D{
		{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{ImportQueued, ImportRunning}}}},
		{Key: "updatedAt", Value: bson.D{{Key: "$lt", Value: before.UTC()}}},
	}, &jobs); err != nil {
		return 0, err
	}
	n := 0
	for _, j := range jobs {
		now := s.now().UTC()
		msg := fmt.Sprintf("导入已中断（服务器曾停止）：共 %d 行，中断前已处理 %d 行（新增 %d，更新 %d，未变 %d）。已写入的人员有效，请重新导入同一文件完成其余部分，已登记的人员不会重复",
			j.Total, j.Processed, j.Created, j.Updated, j.Unchanged)
		res, err := s.imports.UpdateOne(ctx, bson.D{{Key: "_id", Value: j.ID}, {Key: "updatedAt", Value: j.UpdatedAt}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: ImportFailed}, {Key: "message", Value: msg},
				{Key: "endedAt", Value: now}, {Key: "updatedAt", Value: now}}}})
		if err != nil {
			return n, err
		}
		n += int(res.ModifiedCount)
	}
	return n, nil
}
