package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// CopyOptions tune CopyDatabase.
type CopyOptions struct {
	// Steps are the schema steps applied to the target before copying.
	Steps []Step
	// Checkpoint is the file recording how far the copy got; a copy
	// started again with the same file resumes from it.
	Checkpoint string
	// Target identifies the target (URI without credentials and database
	// name) in the checkpoint, so a checkpoint is never applied to
	// another database.
	Target string
	// Batch is the number of documents read and written per step
	// (default 500; written in commands of at most 50 statements, below
	// the embedded engine's limit).
	Batch int
	// Progress, if set, is told after each batch.
	Progress func(coll string, copied, total int64)
	// afterBatch, if set, runs after each checkpointed batch; an error
	// stops the copy (tests simulate an interruption with it).
	afterBatch func(coll string, copied int64) error
}

// CopyReport compares source and target after a copy.
type CopyReport struct {
	Source []CollectionSum
	Target []CollectionSum
	// Resumed is true when the copy continued from a checkpoint.
	Resumed bool
}

// Equal reports whether every collection has the same count and checksum
// on both sides.
func (r *CopyReport) Equal() bool {
	if len(r.Source) != len(r.Target) {
		return false
	}
	for i := range r.Source {
		if r.Source[i] != r.Target[i] {
			return false
		}
	}
	return true
}

type checkpoint struct {
	Target      string                     `json:"target"`
	Collections map[string]*collCheckpoint `json:"collections"`
}

type collCheckpoint struct {
	// LastID is the canonical extended JSON of {_id: last copied _id}.
	LastID string `json:"lastId,omitempty"`
	Copied int64  `json:"copied"`
	Done   bool   `json:"done"`
}

func loadCheckpoint(path string) (*checkpoint, bool, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &checkpoint{Collections: map[string]*collCheckpoint{}}, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var cp checkpoint
	if err := json.Unmarshal(b, &cp); err != nil {
		return nil, false, fmt.Errorf("store: checkpoint %s: %w", path, err)
	}
	if cp.Collections == nil {
		cp.Collections = map[string]*collCheckpoint{}
	}
	return &cp, true, nil
}

func (cp *checkpoint) save(path string) error {
	b, err := json.MarshalIndent(cp, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// copyWriteChunk bounds the statements of one write command: the
// embedded engine hangs at 100 (shared/docs/engine.md).
const copyWriteChunk = 50

// CopyDatabase copies every collection of src into dst: the schema steps
// are applied to dst first (so every declared index exists), then each
// collection is read in _id order and written by _id with upserts, so a
// document written twice is written once; after every batch the last
// _id is recorded in the checkpoint file, and a copy started again
// resumes after it. dst must hold no data unless a checkpoint for it
// exists. Finally every collection's count and checksum are compared.
// Nothing may write to src meanwhile (stop the server first).
func CopyDatabase(ctx context.Context, src, dst *DB, opts CopyOptions) (*CopyReport, error) {
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	if opts.Checkpoint == "" {
		return nil, errors.New("store: a copy needs a checkpoint file")
	}
	cp, resumed, err := loadCheckpoint(opts.Checkpoint)
	if err != nil {
		return nil, err
	}
	if resumed && cp.Target != opts.Target {
		return nil, fmt.Errorf("store: the checkpoint %s belongs to a copy into %s, not %s; remove it to start over", opts.Checkpoint, cp.Target, opts.Target)
	}
	if !resumed {
		full, err := dst.UserData(ctx)
		if err != nil {
			return nil, err
		}
		if len(full) > 0 {
			return nil, fmt.Errorf("%w (collections with data: %v); copy only into an empty database", ErrNotEmpty, full)
		}
		cp.Target = opts.Target
		if err := os.MkdirAll(filepath.Dir(opts.Checkpoint), 0o750); err != nil {
			return nil, err
		}
		if err := cp.save(opts.Checkpoint); err != nil {
			return nil, err
		}
	}
	mctx, cancel := within(ctx, opsMigrate)
	err = dst.Migrate(mctx, opts.Steps)
	cancel()
	if err != nil {
		return nil, err
	}
	names, err := src.CollectionNames(ctx)
	if err != nil {
		return nil, err
	}
	ectx, cancel := within(ctx, opsCall)
	err = dst.EnsureCollections(ectx, names)
	cancel()
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		c := cp.Collections[n]
		if c == nil {
			c = &collCheckpoint{}
			cp.Collections[n] = c
		}
		if c.Done {
			continue
		}
		if err := copyCollection(ctx, src, dst, n, c, cp, opts); err != nil {
			return nil, err
		}
	}
	rep := &CopyReport{Resumed: resumed}
	for _, n := range names {
		s, err := src.Checksum(ctx, n)
		if err != nil {
			return rep, err
		}
		t, err := dst.Checksum(ctx, n)
		if err != nil {
			return rep, err
		}
		rep.Source = append(rep.Source, s)
		rep.Target = append(rep.Target, t)
	}
	return rep, nil
}

func copyCollection(ctx context.Context, src, dst *DB, name string, c *collCheckpoint, cp *checkpoint, opts CopyOptions) error {
	cctx, cancel := within(ctx, opsCall)
	total, err := src.db.Collection(name).EstimatedDocumentCount(cctx)
	cancel()
	if err != nil {
		return translate(err)
	}
	filter := bson.D{}
	if c.LastID != "" {
		var last bson.D
		if err := bson.UnmarshalExtJSON([]byte(c.LastID), true, &last); err != nil || len(last) != 1 {
			return fmt.Errorf("store: checkpoint of %s: bad last _id %q", name, c.LastID)
		}
		filter = bson.D{{Key: "_id", Value: bson.D{{Key: "$gt", Value: last[0].Value}}}}
	}
	// One cursor per collection: the embedded engine sorts in memory, so
	// a query per batch would read the whole collection every time.
	sctx, cancelScan := within(ctx, opsScan)
	defer cancelScan()
	cur, err := src.db.Collection(name).Find(sctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetBatchSize(int32(opts.Batch)))
	if err != nil {
		return fmt.Errorf("store: read %s: %w", name, translate(err))
	}
	defer cur.Close(ctx)
	target := dst.db.Collection(name)
	batch := make([]bson.D, 0, opts.Batch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		for i := 0; i < len(batch); i += copyWriteChunk {
			end := min(i+copyWriteChunk, len(batch))
			models := make([]mongo.WriteModel, 0, end-i)
			for _, doc := range batch[i:end] {
				models = append(models, mongo.NewReplaceOneModel().
					SetFilter(bson.D{{Key: "_id", Value: idOf(doc)}}).SetReplacement(doc).SetUpsert(true))
			}
			wctx, cancel := within(ctx, opsCall)
			unlock, err := dst.lockWrites(wctx, "copy", name)
			if err != nil {
				cancel()
				return err
			}
			_, err = target.BulkWrite(wctx, models, options.BulkWrite().SetOrdered(false))
			unlock()
			cancel()
			if err != nil {
				return fmt.Errorf("store: write %s: %w", name, translate(err))
			}
		}
		last, err := bson.MarshalExtJSON(bson.D{{Key: "_id", Value: idOf(batch[len(batch)-1])}}, true, false)
		if err != nil {
			return err
		}
		c.LastID = string(last)
		c.Copied += int64(len(batch))
		batch = batch[:0]
		if err := cp.save(opts.Checkpoint); err != nil {
			return err
		}
		if opts.Progress != nil {
			opts.Progress(name, c.Copied, total)
		}
		if opts.afterBatch != nil {
			return opts.afterBatch(name, c.Copied)
		}
		return nil
	}
	for cur.Next(sctx) {
		var doc bson.D
		if err := cur.Decode(&doc); err != nil {
			return fmt.Errorf("store: read %s: %w", name, err)
		}
		batch = append(batch, doc)
		if len(batch) == opts.Batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("store: read %s: %w", name, translate(err))
	}
	if err := flush(); err != nil {
		return err
	}
	c.Done = true
	if opts.Progress != nil {
		opts.Progress(name, c.Copied, total)
	}
	return cp.save(opts.Checkpoint)
}

func idOf(doc bson.D) any {
	for _, e := range doc {
		if e.Key == "_id" {
			return e.Value
		}
	}
	return nil
}
