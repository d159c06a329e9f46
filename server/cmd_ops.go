package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"skillcert/idcrypt"
	"skillcert/platform"
	"skillcert/store"
)

// commands are the program's operations besides serving: the first
// argument names one (`skillcert backup -out FILE`).
var commands = map[string]func(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error{
	"backup":        cmdBackup,
	"restore":       cmdRestore,
	"migrate-to":    cmdMigrateTo,
	"load":          cmdLoad,
	"rotate-id-key": rotateIDKey, // cmd_rotate_idkey.go
}

// dbFlags are the database settings every command shares, from the same
// environment variables as the server, overridable by flags.
type dbFlags struct {
	uri, database, dataDir string
}

func newDBFlags(fs *flag.FlagSet, getenv func(string) string) *dbFlags {
	env := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	f := &dbFlags{}
	fs.StringVar(&f.uri, "mongodb-uri", env("MONGODB_URI", ""), "MongoDB connection string (MONGODB_URI); empty = the embedded engine under -data")
	fs.StringVar(&f.database, "db", env("SKILLCERT_DB", "skillcert"), "database name (SKILLCERT_DB)")
	fs.StringVar(&f.dataDir, "data", env("SKILLCERT_DATA_DIR", "./data"), "data directory of the embedded engine (SKILLCERT_DATA_DIR)")
	return f
}

// open opens the database the flags name; for the embedded engine this
// takes the data directory's lock, so the server must be stopped.
func (f *dbFlags) open(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, store.Config{URI: f.uri, Database: f.database, DataDir: f.dataDir,
		ConnectTimeout: 20 * time.Second, Logger: quietLogger()})
	if err != nil && f.uri == "" && strings.Contains(err.Error(), "in use") {
		return nil, fmt.Errorf("%w; stop the server first", err)
	}
	return db, err
}

// idKeys loads the ID-number keys as the server would for this
// database (SKILLCERT_ID_KEY, or the embedded engine's key file): the
// schema step that seals plaintext numbers needs them.
func (f *dbFlags) idKeys(getenv func(string) string) (*idcrypt.Keyring, error) {
	return platform.LoadIDKeys(strings.TrimSpace(getenv("SKILLCERT_ID_KEY")), strings.TrimSpace(getenv("SKILLCERT_ID_KEY_OLD")), f.dataDir, f.uri == "")
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// cmdBackup writes a backup archive. On the embedded engine it works
// while the server runs: the SQLite file is copied with VACUUM INTO by a
// read-only connection beside the server and the copy is dumped; on
// MongoDB every collection is read through the driver in one snapshot.
func cmdBackup(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(out)
	dbf := newDBFlags(fs, getenv)
	file := fs.String("out", "", "archive file to write (e.g. skillcert-2026-12-07.tar.gz)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" {
		return errors.New("backup: -out FILE is required")
	}
	tmp := *file + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	start := time.Now()
	var m *store.Manifest
	if dbf.uri == "" {
		m, err = store.BackupEmbedded(ctx, dbf.dataDir, dbf.database, f, quietLogger())
	} else {
		var db *store.DB
		db, err = dbf.open(ctx)
		if err == nil {
			m, err = db.Dump(ctx, f)
			_ = db.Close(context.Background())
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, *file); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup of %s (%s engine, schema steps %s) written to %s in %s\n",
		m.Database, m.Engine, stepList(m.Steps), *file, time.Since(start).Round(time.Millisecond))
	printSums(out, m.Collections)
	fmt.Fprintln(out, "note: the archive holds the database only; keep the key files (the data directory's keys/ and any secret files) in a separate safe place.")
	return nil
}

// cmdRestore reads a backup archive into the configured database.
func cmdRestore(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(out)
	dbf := newDBFlags(fs, getenv)
	file := fs.String("in", "", "archive file written by backup")
	force := fs.Bool("force", false, "replace a database that holds data")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" {
		return errors.New("restore: -in FILE is required")
	}
	f, err := os.Open(*file)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := dbf.open(ctx)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer db.Close(context.Background())
	start := time.Now()
	idKeys, err := dbf.idKeys(getenv)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	rep, err := db.Restore(ctx, f, *force, platform.SchemaSteps(idKeys))
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(out, "restored %s (taken %s from the %s engine, schema steps %s) into %s in %s; counts and checksums match the manifest\n",
		*file, rep.Manifest.CreatedAt.Format(time.RFC3339), rep.Manifest.Engine, stepList(rep.Manifest.Steps), db.Name(),
		time.Since(start).Round(time.Millisecond))
	printSums(out, rep.Collections)
	return nil
}

// cmdMigrateTo copies the embedded database into an empty MongoDB
// database, resumably, and compares every collection afterwards.
func cmdMigrateTo(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("migrate-to", flag.ContinueOnError)
	fs.SetOutput(out)
	dbf := newDBFlags(fs, getenv)
	uri := fs.String("uri", "", "MongoDB connection string of the target")
	target := fs.String("target-db", "", "target database name (default: the same as -db)")
	cpFile := fs.String("checkpoint", "", "progress file (default <data>/migrate-to-<db>.json); run again with it to resume")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !strings.HasPrefix(*uri, "mongodb://") && !strings.HasPrefix(*uri, "mongodb+srv://") {
		return errors.New("migrate-to: -uri mongodb://… (the target MongoDB) is required")
	}
	if *target == "" {
		*target = dbf.database
	}
	if *cpFile == "" {
		*cpFile = filepath.Join(dbf.dataDir, "migrate-to-"+dbf.database+".json")
	}
	srcFlags := *dbf
	srcFlags.uri = "" // the source is always the embedded engine
	src, err := srcFlags.open(ctx)
	if err != nil {
		return fmt.Errorf("migrate-to: source: %w", err)
	}
	defer src.Close(context.Background())
	dstFlags := dbFlags{uri: *uri, database: *target}
	dst, err := dstFlags.open(ctx)
	if err != nil {
		return fmt.Errorf("migrate-to: target: %w", err)
	}
	defer dst.Close(context.Background())
	idKeys, err := srcFlags.idKeys(getenv)
	if err != nil {
		return fmt.Errorf("migrate-to: %w", err)
	}
	start := time.Now()
	rep, err := store.CopyDatabase(ctx, src, dst, store.CopyOptions{
		Steps: platform.SchemaSteps(idKeys), Checkpoint: *cpFile, Target: redactedTarget(*uri, *target),
		Progress: func(coll string, copied, total int64) {
			fmt.Fprintf(out, "  %-28s %8d / %d\n", coll, copied, total)
		},
	})
	if err != nil {
		return fmt.Errorf("migrate-to: %w (run the same command again to resume from %s)", err, *cpFile)
	}
	if rep.Resumed {
		fmt.Fprintf(out, "resumed from %s\n", *cpFile)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "collection\tsource\ttarget\tchecksum\t")
	for i, s := range rep.Source {
		t := rep.Target[i]
		same := "equal"
		if s != t {
			same = "DIFFERENT"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t\n", s.Name, s.Count, t.Count, same)
	}
	_ = tw.Flush()
	if !rep.Equal() {
		return errors.New("migrate-to: the target differs from the source (see above); do not switch over")
	}
	fmt.Fprintf(out, "copied %s into %s in %s; counts and checksums equal. Start the server with MONGODB_URI set to the target.\n",
		dbf.database, redactedTarget(*uri, *target), time.Since(start).Round(time.Millisecond))
	return nil
}

func redactedTarget(uri, db string) string {
	if i := strings.LastIndex(uri, "@"); i >= 0 {
		if j := strings.Index(uri, "://"); j >= 0 && j < i {
			uri = uri[:j+3] + "***" + uri[i:]
		}
	}
	if i := strings.IndexAny(uri, "?"); i >= 0 {
		uri = uri[:i]
	}
	return strings.TrimRight(uri, "/") + "/" + db
}

func stepList(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ",")
}

func printSums(out io.Writer, sums []store.CollectionSum) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "collection\tdocuments\tsha256\t")
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%d\t%s\t\n", s.Name, s.Count, s.SHA256[:16])
	}
	_ = tw.Flush()
}
