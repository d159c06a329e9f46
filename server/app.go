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

	"skillcert/demo"
	"skillcert/keys"
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
	secretFromFile := false
	if cfg.JWTSecret == "" {
		// The embedded engine without a configured secret: the data
		// directory's key file, created with random bytes on first start.
		key, created, err := keys.LoadOrCreate(cfg.DataDir, keys.SigningKey)
		if err != nil {
			return nil, err
		}
		cfg.JWTSecret, secretFromFile = string(key), true
		if created {
			log.Info("created a random signing key for this data directory", "file", keys.Path(cfg.DataDir, keys.SigningKey))
		}
	}
	if !cfg.Loopback() && secretFromFile {
		log.Warn("!!! SECURITY: listening on a non-loopback address with the embedded engine and no configured secret; "+
			"anyone on the network can reach this evaluation server. Set SKILLCERT_JWT_SECRET and MONGODB_URI for production, "+
			"or listen on 127.0.0.1 (SKILLCERT_ADDR=127.0.0.1:8080)", "addr", cfg.Addr)
	}
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
	logRecords(ctx, log, db)
	log.Info("ready", "startup", time.Since(start).Round(time.Millisecond).String())
	return app, nil
}

func newAppWithDB(ctx context.Context, cfg Config, log *slog.Logger, db *store.DB) (*App, error) {
	idKeys, err := platform.LoadIDKeys(cfg.IDKey, cfg.IDKeysOld, cfg.DataDir, db.Embedded())
	if err != nil {
		return nil, err
	}
	services, err := platform.New(ctx, db, platform.Options{JWTSecret: cfg.JWTSecret, BaseURL: cfg.BaseURL, IDKeys: idKeys})
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
	a.recoverAtStart(ctx)
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
	// Queued coverage refreshes are applied before the database closes;
	// any left after a few seconds are repaired by the next rebuild.
	fctx, fcancel := context.WithTimeout(context.Background(), 5*time.Second)
	if ferr := a.Reports.Flush(fctx); ferr != nil {
		a.log.Warn("coverage refreshes still queued at shutdown; the next rebuild repairs them", "err", ferr)
		fcancel()
		fctx, fcancel = context.WithTimeout(context.Background(), 2*time.Second)
		_ = a.Reports.Discard(fctx)
	}
	fcancel()
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

// housekeeping runs the periodic background jobs (jobs.go), each under a
// lease so that several instances run each once per period.
func (a *App) housekeeping(ctx context.Context) {
	t := time.NewTicker(housekeepingEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			a.housekeepingPass(ctx, now)
		}
	}
}
