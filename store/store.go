// Package store owns the database: the client (MongoDB, or the embedded
// engine when no URI is given), the collection names, the write
// serialization the embedded engine needs, the command counter and the
// ordered schema steps applied at start-up.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

// Config says which database to open.
type Config struct {
	// URI of a MongoDB deployment; empty starts the embedded engine.
	URI string
	// Database is the database name.
	Database string
	// DataDir holds the embedded engine's files.
	DataDir string
	// ConnectTimeout bounds the wait for an unreachable MongoDB.
	ConnectTimeout time.Duration
	// Logger receives the store's own messages.
	Logger *slog.Logger
	// Embedded, when set, is an already running engine to use instead of
	// starting one (tests share one engine per process).
	Embedded *Engine
	// OpTimeout bounds every database call whose context has no deadline
	// (default DefaultOpTimeout).
	OpTimeout time.Duration
	// LockWarnAfter is how long the embedded engine's write lock may be
	// held before its holder is logged as an error (default
	// DefaultLockWarnAfter).
	LockWarnAfter time.Duration
}

// DB is an open database.
type DB struct {
	client   *mongo.Client
	db       *mongo.Database
	engine   *Engine // nil on MongoDB
	ownsEng  bool
	writes   *writeLock
	log      *slog.Logger
	embedded bool
	// opTimeout is the deadline given to calls that come without one.
	opTimeout     time.Duration
	lockWarnAfter time.Duration
	stopWatch     chan struct{}
	closeOnce     sync.Once
	accel         *accel // the embedded engine's SQL read path; nil on MongoDB
}

// Open connects to MongoDB or starts the embedded engine, and pings it.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Database == "" {
		return nil, errors.New("store: database name is empty")
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 20 * time.Second
	}
	if cfg.OpTimeout <= 0 {
		cfg.OpTimeout = DefaultOpTimeout
	}
	if cfg.LockWarnAfter <= 0 {
		cfg.LockWarnAfter = DefaultLockWarnAfter
	}
	d := &DB{log: cfg.Logger, writes: newWriteLock(), opTimeout: cfg.OpTimeout,
		lockWarnAfter: cfg.LockWarnAfter, stopWatch: make(chan struct{})}
	uri := cfg.URI
	if uri == "" {
		d.embedded = true
		d.engine = cfg.Embedded
		if d.engine == nil {
			eng, err := StartEngine(cfg.DataDir, cfg.Logger)
			if err != nil {
				return nil, err
			}
			d.engine, d.ownsEng = eng, true
		}
		uri = d.engine.URI()
	}
	opts := options.Client().ApplyURI(uri).
		SetMonitor(&event.CommandMonitor{Started: commandStarted}).
		SetServerSelectionTimeout(cfg.ConnectTimeout).
		// No call without a deadline: one whose context has none gets
		// this one (the driver applies it per operation).
		SetTimeout(cfg.OpTimeout).
		SetAppName("skillcert")
	if d.embedded {
		// The embedded engine serves one process; a small pool is plenty
		// and keeps SQLite contention low.
		opts.SetMaxPoolSize(16)
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		d.closeEngine()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	d.client = client
	d.db = client.Database(cfg.Database)
	if d.embedded {
		d.accel = newAccel(d.engine.Dir(), cfg.Database)
	}
	// Bounded retry: the driver waits up to ServerSelectionTimeout for a
	// reachable server; then we give up with a clear message.
	pctx, cancel := context.WithTimeout(ctx, cfg.ConnectTimeout+time.Second)
	defer cancel()
	if err := client.Ping(pctx, readpref.Primary()); err != nil {
		_ = client.Disconnect(context.Background())
		d.closeEngine()
		if d.embedded {
			return nil, fmt.Errorf("store: the embedded database engine does not answer: %w", err)
		}
		return nil, fmt.Errorf("store: MongoDB at %s is unreachable after %s: %w", redactURI(cfg.URI), cfg.ConnectTimeout, err)
	}
	if d.embedded {
		go d.watchWrites(cfg.LockWarnAfter, d.stopWatch)
	}
	return d, nil
}

// Embedded reports whether the embedded engine serves this database.
func (d *DB) Embedded() bool { return d.embedded }

// Name is the database name.
func (d *DB) Name() string { return d.db.Name() }

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return d.client.Ping(ctx, readpref.Primary())
}

// Close disconnects and, if this DB started the embedded engine, stops it.
func (d *DB) Close(ctx context.Context) error {
	d.closeOnce.Do(func() { close(d.stopWatch) })
	err := d.client.Disconnect(ctx)
	if d.accel != nil {
		d.accel.close()
	}
	d.closeEngine()
	return err
}

// Drop removes the whole database (tests and seed -reset).
func (d *DB) Drop(ctx context.Context) error {
	if d.accel != nil {
		d.accel.reset() // the file goes; a new one comes with the next write
	}
	return d.db.Drop(ctx)
}

func (d *DB) closeEngine() {
	if d.engine != nil && d.ownsEng {
		d.engine.Stop()
	}
}

// Collection returns the named collection.
func (d *DB) Collection(name string) *Collection {
	return &Collection{db: d, c: d.db.Collection(name)}
}

func redactURI(uri string) string {
	// Hide credentials: keep the scheme and what follows '@'.
	for i := len(uri) - 1; i >= 0; i-- {
		if uri[i] == '@' {
			for j := 0; j < i; j++ {
				if j+3 <= len(uri) && uri[j:j+3] == "://" {
					return uri[:j+3] + "***" + uri[i:]
				}
			}
		}
	}
	return uri
}
