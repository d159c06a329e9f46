package store

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	_ "modernc.org/sqlite" // the SQLite driver the engine itself uses (no cgo), for SnapshotEmbedded
)

// ArchiveFormat names the backup archive format: a gzip'd tar holding
// manifest.json first, then collections/<name>.jsonl, one document per
// line in canonical extended JSON, in _id order.
const ArchiveFormat = "skillcert-archive/1"

// Manifest describes a backup archive.
type Manifest struct {
	Format    string    `json:"format"`
	CreatedAt time.Time `json:"createdAt"`
	Database  string    `json:"database"`
	// Engine is "embedded" or "mongodb": where the copy was taken.
	Engine string `json:"engine"`
	// Steps are the schema steps applied to the database copied.
	Steps []int `json:"steps"`
	// Collections are every collection with its count and checksum.
	Collections []CollectionSum `json:"collections"`
}

// restoreBatch is the number of documents per insert command.
const restoreBatch = WriteBatchSize

// Dump writes a backup archive of every collection of d to w. On MongoDB
// the collections are read in one snapshot session, so the copy is of
// one point in time (a replica set is required, as in production). The
// embedded engine has no snapshots: dump a copy made by SnapshotEmbedded
// (BackupEmbedded does), never the live engine.
func (d *DB) Dump(ctx context.Context, w io.Writer) (*Manifest, error) {
	tmp, err := os.MkdirTemp("", "skillcert-dump-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	names, err := d.CollectionNames(ctx)
	if err != nil {
		return nil, err
	}
	if !d.embedded {
		sess, err := d.client.StartSession(options.Session().SetSnapshot(true))
		if err != nil {
			return nil, translate(err)
		}
		defer sess.EndSession(context.Background())
		ctx = mongo.NewSessionContext(ctx, sess)
	}
	steps, err := d.AppliedSteps(ctx)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Format: ArchiveFormat, CreatedAt: time.Now().UTC(), Database: d.Name(), Engine: "mongodb", Steps: steps}
	if d.embedded {
		m.Engine = "embedded"
	}
	for _, n := range names {
		sum, err := dumpCollection(ctx, d.db.Collection(n), filepath.Join(tmp, n+".jsonl"))
		if err != nil {
			return nil, err
		}
		m.Collections = append(m.Collections, sum)
	}

	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeTarFile(tw, "manifest.json", mj); err != nil {
		return nil, err
	}
	for _, n := range names {
		if err := copyTarFile(tw, "collections/"+n+".jsonl", filepath.Join(tmp, n+".jsonl")); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return m, nil
}

func dumpCollection(ctx context.Context, c *mongo.Collection, path string) (CollectionSum, error) {
	ctx, cancel := within(ctx, opsScan)
	defer cancel()
	f, err := os.Create(path)
	if err != nil {
		return CollectionSum{}, err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	cur, err := c.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return CollectionSum{}, fmt.Errorf("dump %s: %w", c.Name(), translate(err))
	}
	defer cur.Close(ctx)
	dh := newDocHasher()
	for cur.Next(ctx) {
		var doc bson.D
		if err := cur.Decode(&doc); err != nil {
			return CollectionSum{}, fmt.Errorf("dump %s: %w", c.Name(), err)
		}
		line, err := bson.MarshalExtJSON(doc, true, false)
		if err != nil {
			return CollectionSum{}, fmt.Errorf("dump %s: %w", c.Name(), err)
		}
		bw.Write(line)
		bw.WriteByte('\n')
		if err := dh.add(doc); err != nil {
			return CollectionSum{}, err
		}
	}
	if err := cur.Err(); err != nil {
		return CollectionSum{}, fmt.Errorf("dump %s: %w", c.Name(), translate(err))
	}
	if err := bw.Flush(); err != nil {
		return CollectionSum{}, err
	}
	return dh.sum(c.Name()), f.Close()
}

func writeTarFile(tw *tar.Writer, name string, data []byte) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(data)), ModTime: time.Now()}); err != nil {
		return err
	}
	_, err := tw.Write(data)
	return err
}

func copyTarFile(tw *tar.Writer, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime()}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// EngineFile is the SQLite file holding one database of the embedded
// engine under its data directory (FerretDB v1: <dir>/<database>.sqlite).
func EngineFile(dataDir, database string) string {
	return filepath.Join(dataDir, database+".sqlite")
}

// SnapshotEmbedded copies one database of the embedded engine into the
// directory into, consistently, while a server may be running on it: it
// opens the SQLite file read-only beside the server (the engine runs
// SQLite in WAL mode, so a reader sees the last committed state and does
// not block the writer) and runs VACUUM INTO, which copies one
// transaction's view of the whole file. It does not take the data
// directory's lock.
func SnapshotEmbedded(ctx context.Context, dataDir, database, into string) error {
	src := EngineFile(dataDir, database)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("store: no embedded database %q under %s: %w", database, dataDir, err)
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	dst := EngineFile(into, database)
	if strings.ContainsAny(dst, "'?#") {
		return fmt.Errorf("store: unsupported characters in %s", dst)
	}
	db, err := sql.Open("sqlite", "file:"+abs+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	if _, err := db.ExecContext(ctx, "VACUUM INTO '"+dst+"'"); err != nil {
		return fmt.Errorf("store: copy %s: %w", src, err)
	}
	return nil
}

// BackupEmbedded writes a backup archive of one embedded database to w:
// a consistent SQLite copy (SnapshotEmbedded) opened by a private engine
// in a temporary directory, dumped through the driver like MongoDB.
func BackupEmbedded(ctx context.Context, dataDir, database string, w io.Writer, log *slog.Logger) (*Manifest, error) {
	tmp, err := os.MkdirTemp("", "skillcert-snapshot-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := SnapshotEmbedded(ctx, dataDir, database, tmp); err != nil {
		return nil, err
	}
	eng, err := StartEngine(tmp, log)
	if err != nil {
		return nil, err
	}
	defer eng.Stop()
	db, err := Open(ctx, Config{Database: database, Embedded: eng, Logger: log, ConnectTimeout: 10 * time.Second})
	if err != nil {
		return nil, err
	}
	defer db.Close(context.Background())
	return db.Dump(ctx, w)
}

// RestoreReport says what a restore wrote.
type RestoreReport struct {
	Manifest    *Manifest
	Collections []CollectionSum // as restored (counted and checksummed while inserting)
}

// ErrNotEmpty is returned by Restore and CopyDatabase when the target
// holds data and the caller did not allow replacing it.
var ErrNotEmpty = errors.New("store: the target database is not empty")

// Restore reads a backup archive into d. It refuses a database holding
// data unless force (which drops it first), refuses an archive taken
// with schema steps this program does not know (a newer version), checks
// every collection's count and checksum against the manifest, then
// applies the schema steps, so every declared index exists and steps
// newer than the archive run.
func (d *DB) Restore(ctx context.Context, r io.Reader, force bool, steps []Step) (*RestoreReport, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("store: not a backup archive: %w", err)
	}
	tr := tar.NewReader(gz)
	h, err := tr.Next()
	if err != nil || h.Name != "manifest.json" {
		return nil, errors.New("store: not a backup archive (manifest.json missing)")
	}
	var m Manifest
	if err := json.NewDecoder(tr).Decode(&m); err != nil {
		return nil, fmt.Errorf("store: bad manifest: %w", err)
	}
	if m.Format != ArchiveFormat {
		return nil, fmt.Errorf("store: archive format %q is not %q", m.Format, ArchiveFormat)
	}
	if unknown := unknownSteps(m.Steps, steps); len(unknown) > 0 {
		return nil, fmt.Errorf("store: the archive was taken by a newer version (schema steps %v unknown to this program); restore it with that version", unknown)
	}
	full, err := d.UserData(ctx)
	if err != nil {
		return nil, err
	}
	if len(full) > 0 && !force {
		return nil, fmt.Errorf("%w (collections with data: %s); restore with -force to replace it", ErrNotEmpty, strings.Join(full, ", "))
	}
	dctx, cancel := within(ctx, opsCall)
	err = d.Drop(dctx)
	cancel()
	if err != nil {
		return nil, translate(err)
	}
	want := map[string]CollectionSum{}
	for _, c := range m.Collections {
		want[c.Name] = c
	}
	rep := &RestoreReport{Manifest: &m}
	seen := map[string]bool{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rep, fmt.Errorf("store: read archive: %w", err)
		}
		name, ok := strings.CutPrefix(h.Name, "collections/")
		name, ok2 := strings.CutSuffix(name, ".jsonl")
		if !ok || !ok2 {
			continue
		}
		w, ok := want[name]
		if !ok {
			return rep, fmt.Errorf("store: collection %s is not in the manifest", name)
		}
		got, err := d.restoreCollection(ctx, name, tr)
		if err != nil {
			return rep, err
		}
		if got.Count != w.Count || got.SHA256 != w.SHA256 {
			return rep, fmt.Errorf("store: collection %s: restored %d documents (checksum %s), the manifest says %d (%s): the archive is damaged",
				name, got.Count, got.SHA256[:12], w.Count, w.SHA256[:12])
		}
		seen[name] = true
		rep.Collections = append(rep.Collections, got)
	}
	for _, c := range m.Collections {
		if !seen[c.Name] {
			return rep, fmt.Errorf("store: collection %s is missing from the archive", c.Name)
		}
	}
	mctx, cancel := within(ctx, opsMigrate)
	defer cancel()
	if err := d.Migrate(mctx, steps); err != nil {
		return rep, err
	}
	return rep, nil
}

func (d *DB) restoreCollection(ctx context.Context, name string, r io.Reader) (CollectionSum, error) {
	ectx, cancel := within(ctx, opsCall)
	err := d.EnsureCollections(ectx, []string{name})
	cancel()
	if err != nil {
		return CollectionSum{}, err
	}
	c := d.db.Collection(name)
	dh := newDocHasher()
	batch := make([]any, 0, restoreBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ictx, cancel := within(ctx, opsCall)
		unlock, err := d.lockWrites(ictx, "restore", name)
		if err != nil {
			cancel()
			return err
		}
		_, err = c.InsertMany(ictx, batch, options.InsertMany().SetOrdered(true))
		unlock()
		cancel()
		batch = batch[:0]
		if err != nil {
			return fmt.Errorf("store: restore %s: %w", name, translate(err))
		}
		return nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for sc.Scan() {
		var doc bson.D
		if err := bson.UnmarshalExtJSON(sc.Bytes(), true, &doc); err != nil {
			return CollectionSum{}, fmt.Errorf("store: restore %s, document %d: %w", name, dh.n+1, err)
		}
		if err := dh.add(doc); err != nil {
			return CollectionSum{}, err
		}
		batch = append(batch, doc)
		if len(batch) == restoreBatch {
			if err := flush(); err != nil {
				return CollectionSum{}, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return CollectionSum{}, fmt.Errorf("store: read %s: %w", name, err)
	}
	if err := flush(); err != nil {
		return CollectionSum{}, err
	}
	return dh.sum(name), nil
}
