package store

import (
	"context"
	"os"
	"path/filepath"
	"time"
)

// Status describes the database for the city administrator's status page
// and the start-up log: which engine, how big, how many records.
type Status struct {
	// Embedded is true on the embedded engine, false on MongoDB.
	Embedded bool `json:"embedded"`
	// Engine names the engine in Chinese for the page.
	Engine   string `json:"engine"`
	Database string `json:"database"`
	// FileBytes is the size of the embedded engine's database files
	// (SQLite file and write-ahead log); 0 on MongoDB.
	FileBytes int64 `json:"fileBytes"`
	// ReadPath says whether the embedded SQL read path is on; SQLReads and
	// EngineReads count the reads each answered since start.
	ReadPath    bool               `json:"readPath"`
	SQLReads    int64              `json:"sqlReads"`
	EngineReads int64              `json:"engineReads"`
	Collections []CollectionStatus `json:"collections"`
	// Took is how long gathering the figures took, in milliseconds.
	Took int64 `json:"tookMs"`
}

// CollectionStatus is the number of records of one collection.
type CollectionStatus struct {
	Name    string `json:"name"`
	Records int64  `json:"records"`
}

// Status gathers the figures. On the embedded engine the counts are
// SQLite's (count(*) over an index); on MongoDB the collections' metadata
// counts.
func (d *DB) Status(ctx context.Context) (Status, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s := Status{Embedded: d.embedded, Database: d.Name(), Engine: "MongoDB"}
	if d.embedded {
		s.Engine = "内置数据库（FerretDB 1.24，SQLite 存储）"
		s.ReadPath = d.ReadAcceleration()
		s.SQLReads, s.EngineReads = d.ReadPathCounts()
		for _, suffix := range []string{"", "-wal"} {
			if fi, err := os.Stat(filepath.Join(d.engine.Dir(), d.Name()+".sqlite"+suffix)); err == nil {
				s.FileBytes += fi.Size()
			}
		}
	}
	for _, name := range AllCollections {
		var n int64
		var err error
		if d.embedded {
			n, err = d.Collection(name).Count(ctx, nil)
		} else {
			n, err = d.db.Collection(name).EstimatedDocumentCount(ctx)
		}
		if err != nil {
			return s, translate(err)
		}
		s.Collections = append(s.Collections, CollectionStatus{Name: name, Records: n})
	}
	s.Took = time.Since(start).Milliseconds()
	return s, nil
}
