package roster

import "time"

// ImportStatus is where an import job stands.
type ImportStatus string

// The import statuses.
const (
	ImportQueued  ImportStatus = "queued"  // waiting for another import to finish
	ImportRunning ImportStatus = "running" // rows being checked and written
	ImportDone    ImportStatus = "done"    // finished; the counts are final
	ImportFailed  ImportStatus = "failed"  // stopped by a fault of the system, not of the file
)

// Label is the status in Chinese.
func (s ImportStatus) Label() string {
	switch s {
	case ImportQueued:
		return "排队中"
	case ImportRunning:
		return "导入中"
	case ImportDone:
		return "已完成"
	case ImportFailed:
		return "未完成"
	}
	return string(s)
}

// ImportJob is one upload of an import file and its outcome. The file is
// read and its size limits checked before the job exists; the job then
// checks every row, writes the valid ones in batches and counts as it
// goes, so a page can show the progress.
type ImportJob struct {
	ID        string       `bson:"_id" json:"id"`
	FileName  string       `bson:"fileName" json:"fileName"`
	Town      string       `bson:"town" json:"town"`       // the importing staff's town
	Village   string       `bson:"village" json:"village"` // and village, for village staff
	ActorID   string       `bson:"actorId" json:"actorId"`
	ActorName string       `bson:"actorName" json:"actorName"`
	Status    ImportStatus `bson:"status" json:"status"`
	Total     int          `bson:"total" json:"total"`         // data rows in the file
	Processed int          `bson:"processed" json:"processed"` // rows decided and written so far
	Created   int          `bson:"created" json:"created"`     // persons added to the register
	Updated   int          `bson:"updated" json:"updated"`     // persons changed
	Unchanged int          `bson:"unchanged" json:"unchanged"` // rows that matched the register exactly
	Invalid   int          `bson:"invalid" json:"invalid"`     // rows not imported for a fault
	Faults    int          `bson:"faults" json:"faults"`       // faults reported (a row may have several)
	Message   string       `bson:"message,omitempty" json:"message,omitempty"`
	StartedAt time.Time    `bson:"startedAt" json:"startedAt"`
	UpdatedAt time.Time    `bson:"updatedAt" json:"updatedAt"`
	EndedAt   time.Time    `bson:"endedAt,omitempty" json:"endedAt,omitzero"`
}

// Finished reports whether the job has ended, well or not.
func (j *ImportJob) Finished() bool { return j.Status == ImportDone || j.Status == ImportFailed }

// Percent is the share of rows processed, 0 to 100.
func (j *ImportJob) Percent() int {
	if j.Total == 0 {
		if j.Finished() {
			return 100
		}
		return 0
	}
	return j.Processed * 100 / j.Total
}

// stalledAfter is how long a job may go without progress before it is
// shown as interrupted (the server stopped while it ran).
const stalledAfter = 5 * time.Minute

// importErrorChunk stores up to errorChunkSize faults of a job.
type importErrorChunk struct {
	ID     string     `bson:"_id"`
	JobID  string     `bson:"jobId"`
	Chunk  int        `bson:"chunk"`
	Errors []RowError `bson:"errors"`
}

const errorChunkSize = 500
