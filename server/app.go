package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert/courses"
	"skillcert/demo"
	"skillcert/platform"
	"skillcert/store"
	"skillcert/web"
)

// App is the wired program: configuration, database, services and the
// HTTP application.
type App struct {
	*platform.Services
	cfg    Config
	log    *slog.Logger
	assets *web.Assets
	fiber  *fiber.App
	routes []route
}

func newLogger(cfg Config, out io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(out, opts))
	}
	return slog.New(slog.NewTextHandler(out, opts))
}

// NewApp opens the database, applies the schema steps, loads demo data
// into an empty embedded database and builds the HTTP application.
func NewApp(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	start := time.Now()
	scfg := store.Config{URI: cfg.MongoURI, Database: cfg.Database, DataDir: cfg.DataDir, Logger: log, ConnectTimeout: cfg.ConnectTimeout}
	db, err := store.Open(ctx, scfg)
	if err != nil {
		return nil, err
	}
	app, err := newAppWithDB(ctx, cfg, log, db)
	if err != nil {
		_ = db.Close(context.Background())
		return nil, err
	}
	if db.Embedded() {
		log.Info("using the embedded database engine (FerretDB on SQLite); for evaluation and small offices only, set MONGODB_URI for production",
			"dataDir", cfg.DataDir, "database", cfg.Database)
	} else {
		log.Info("connected to MongoDB", "database", cfg.Database)
	}
	log.Info("ready", "startup", time.Since(start).Round(time.Millisecond).String())
	return app, nil
}

func newAppWithDB(ctx context.Context, cfg Config, log *slog.Logger, db *store.DB) (*App, error) {
	services, err := platform.New(ctx, db, platform.Options{JWTSecret: cfg.JWTSecret, BaseURL: cfg.BaseURL})
	if err != nil {
		return nil, err
	}
	assets, err := web.LoadAssets()
	if err != nil {
		return nil, err
	}
	a := &App{Services: services, cfg: cfg, log: log, assets: assets}
	if db.Embedded() && cfg.Demo {
		loaded, err := demo.LoadIfEmpty(ctx, services)
		if err != nil {
			return nil, fmt.Errorf("load demo data: %w", err)
		}
		if loaded {
			log.Info("loaded the demo data set into the empty embedded database")
		}
		for _, l := range demo.Logins {
			log.Info("demo login", "role", l.Role, "username", l.Username, "password", demo.Password)
		}
	}
	if err := a.buildFiber(); err != nil {
		return nil, err
	}
	return a, nil
}

// Serve listens until ctx is done, then stops accepting, finishes
// in-flight requests (bounded by the shutdown timeout) and closes the
// database.
func (a *App) Serve(ctx context.Context, ready chan<- string) error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		_ = a.DB.Close(context.Background())
		return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
	}
	a.log.Info("listening", "addr", ln.Addr().String(), "url", a.cfg.BaseURL)
	a.warnBaseURL(ln.Addr())
	if ready != nil {
		ready <- ln.Addr().String()
	}
	bg, stopBG := context.WithCancel(context.Background())
	go a.housekeeping(bg)
	errc := make(chan error, 1)
	go func() { errc <- a.fiber.Listener(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		a.log.Info("shutting down")
		err = a.fiber.ShutdownWithTimeout(a.cfg.ShutdownTimeout)
	}
	stopBG()
	// Background imports finish (or stop at their next batch) before the
	// database closes.
	a.Roster.Wait()
	cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if cerr := a.DB.Close(cctx); cerr != nil && err == nil {
		err = cerr
	}
	a.log.Info("stopped")
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// housekeeping runs periodic clean-ups (the embedded engine has no TTL
// indexes): expired sessions and stale login attempts; the courses' and
// certificates' repairs, throttles and notification outbox.
func (a *App) housekeeping(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.Auth.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
				a.log.Warn("purge expired sessions", "err", err)
			}
			a.coursesHousekeeping(ctx)
		}
	}
}

// coursesHousekeeping completes enrollments cut off by a crash, purges
// expired check-in throttles, sends the notification outbox (to the log
// until an SMS gateway is plugged in), and purges and repairs the
// certificates' throttles and batches.
func (a *App) coursesHousekeeping(ctx context.Context) {
	warn := func(what string, err error) {
		if err != nil && ctx.Err() == nil {
			a.log.Warn(what, "err", err)
		}
	}
	_, err := a.Courses.RepairStale(ctx)
	warn("courses: repair stale enrollments", err)
	_, err = a.Courses.PurgeExpired(ctx)
	warn("courses: purge check-in throttles", err)
	_, err = a.Courses.Dispatch(ctx, courses.LogSender{Log: a.log}, 500)
	warn("courses: dispatch notifications", err)
	warn("certificates: purge throttles", a.Certificates.Purge(ctx))
	_, err = a.Certificates.Repair(ctx)
	warn("certificates: repair", err)
}
