package roster

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// StartImport reads an uploaded file and imports its rows in the
// background: faults of the file as a whole (too large, a zip bomb, not a
// spreadsheet, no header) come back at once, before any job exists; the
// rows are then checked and written by a job whose progress GetImport
// reports. Only town and village staff import, each into their own scope.
func (s *Service) StartImport(ctx context.Context, a *skillcert.Actor, fileName string, data []byte) (*ImportJob, error) {
	job, rows, err := s.prepareImport(ctx, a, fileName, data)
	if err != nil {
		return nil, err
	}
	s.jobs.Add(1)
	go func() {
		defer s.jobs.Done()
		bg := skillcert.WithActor(audit.WithIP(context.Background(), a.IP), a)
		s.running <- struct{}{}
		defer func() { <-s.running }()
		_ = s.runImport(bg, a, job, rows)
	}()
	return job, nil
}

// Import imports a file and returns the finished job (the seed, tests and
// the benchmark; the server uses StartImport).
func (s *Service) Import(ctx context.Context, a *skillcert.Actor, fileName string, data []byte) (*ImportJob, error) {
	job, rows, err := s.prepareImport(ctx, a, fileName, data)
	if err != nil {
		return nil, err
	}
	s.running <- struct{}{}
	defer func() { <-s.running }()
	if err := s.runImport(ctx, a, job, rows); err != nil {
		return job, err
	}
	return job, nil
}

// ImportInputs imports persons given as inputs instead of a file (the
// demo data set): the same checks, scope and batch writes as a file.
func (s *Service) ImportInputs(ctx context.Context, a *skillcert.Actor, name string, inputs []PersonInput) (*ImportJob, error) {
	rows := make([]ImportRow, len(inputs))
	for i, in := range inputs {
		rows[i] = ImportRow{Line: i + 1, Values: in.rowValues()}
	}
	job, err := s.newJob(ctx, a, name, len(rows))
	if err != nil {
		return nil, err
	}
	s.running <- struct{}{}
	defer func() { <-s.running }()
	if err := s.runImport(ctx, a, job, rows); err != nil {
		return job, err
	}
	return job, nil
}

// prepareImport checks the actor and the file and records a queued job.
func (s *Service) prepareImport(ctx context.Context, a *skillcert.Actor, fileName string, data []byte) (*ImportJob, []ImportRow, error) {
	if err := checkImporter(a); err != nil {
		return nil, nil, err
	}
	rows, err := ParseImportFile(fileName, data, s.limits)
	if err != nil {
		_ = s.audit.Record(ctx, "person.import", "import", fileName, audit.ResultFailed, skillcert.ErrorMessage(err))
		return nil, nil, err
	}
	job, err := s.newJob(ctx, a, fileName, len(rows))
	if err != nil {
		return nil, nil, err
	}
	return job, rows, nil
}

// checkImporter lets town and village staff import; the city reads only.
func checkImporter(a *skillcert.Actor) error {
	if err := requirePermission(a, auth.PermRosterManage); err != nil {
		return err
	}
	if sc := auth.ListScope(a); sc.All || sc.None || sc.Town == "" {
		return skillcert.Errorf(skillcert.EFORBIDDEN, "只有镇（街道）和村（社区）工作人员可以导入本辖区的人员")
	}
	return nil
}

func (s *Service) newJob(ctx context.Context, a *skillcert.Actor, fileName string, total int) (*ImportJob, error) {
	if err := checkImporter(a); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	job := &ImportJob{ID: skillcert.NewID(), FileName: fileName, Town: a.Town, Village: a.Village, ActorID: a.AccountID, ActorName: a.Name,
		Status: ImportQueued, Total: total, StartedAt: now, UpdatedAt: now}
	if job.ActorName == "" {
		job.ActorName = a.Username
	}
	if err := s.imports.InsertOne(ctx, job); err != nil {
		return nil, err
	}
	return job, nil
}

// runImport checks, decides and writes the rows, keeping the job's counts
// current; a failure of the system marks the job failed. The import is
// idempotent, so running the same file again completes a failed one.
func (s *Service) runImport(ctx context.Context, a *skillcert.Actor, job *ImportJob, rows []ImportRow) error {
	job.Status = ImportRunning
	if err := s.saveJob(ctx, job); err != nil {
		return err
	}
	errs, err := s.importRows(ctx, a, job, rows)
	if err == nil {
		err = s.saveErrors(ctx, job, errs)
	}
	now := s.now().UTC()
	job.EndedAt, job.UpdatedAt = now, now
	if err != nil {
		job.Status, job.Message = ImportFailed, "导入因系统故障中断："+skillcert.ErrorMessage(err)+"。已写入的人员有效，请稍后重新导入同一文件完成其余部分"
	} else {
		job.Status, job.Processed = ImportDone, job.Total
	}
	if serr := s.saveJob(ctx, job); serr != nil && err == nil {
		err = serr
	}
	result := audit.ResultOK
	if err != nil {
		result = audit.ResultFailed
	}
	_ = s.audit.Record(ctx, "person.import", "import", job.ID, result, fmt.Sprintf("%s：共 %d 行，新增 %d，更新 %d，未变 %d，有误 %d",
		job.FileName, job.Total, job.Created, job.Updated, job.Unchanged, job.Invalid))
	return err
}

func (s *Service) saveJob(ctx context.Context, job *ImportJob) error {
	job.UpdatedAt = s.now().UTC()
	_, err := s.imports.ReplaceOne(ctx, byID(job.ID), job)
	return err
}

// saveErrors stores a job's faults in chunks, in row order.
func (s *Service) saveErrors(ctx context.Context, job *ImportJob, errs []RowError) error {
	SortRowErrors(errs)
	job.Faults = len(errs)
	lines := map[int]bool{}
	for _, e := range errs {
		lines[e.Line] = true
	}
	job.Invalid = len(lines)
	maskRowErrors(errs)
	var docs []any
	for i := 0; i < len(errs); i += errorChunkSize {
		n := i / errorChunkSize
		docs = append(docs, importErrorChunk{ID: fmt.Sprintf("%s:%04d", job.ID, n), JobID: job.ID, Chunk: n,
			Errors: errs[i:min(i+errorChunkSize, len(errs))]})
	}
	_, err := s.importErr.InsertMany(ctx, docs)
	return err
}

// GetImport returns an import job the actor may see: the jobs of their
// town (a village's staff: of their village).
func (s *Service) GetImport(ctx context.Context, a *skillcert.Actor, id string) (*ImportJob, error) {
	if err := requirePermission(a, auth.PermRosterManage); err != nil {
		return nil, err
	}
	var job ImportJob
	if err := s.imports.FindOne(ctx, byID(id), &job); err != nil {
		if skillcert.ErrorCode(err) == skillcert.ENOTFOUND {
			return nil, errImportNotVisible
		}
		return nil, err
	}
	if auth.CheckScope(a, job.Town, job.Village) != nil {
		return nil, errImportNotVisible
	}
	if !job.Finished() && s.now().Sub(job.UpdatedAt) > stalledAfter {
		job.Status = ImportFailed
		job.Message = "导入已中断（服务器曾重启）。已写入的人员有效，请重新导入同一文件完成其余部分，已登记的人员不会重复"
	}
	return &job, nil
}

var errImportNotVisible = &skillcert.Error{Code: skillcert.ENOTFOUND, Message: "导入记录不存在或不在您的管辖范围内"}

// ImportErrors returns the faults of a job the actor may see, in row
// order.
func (s *Service) ImportErrors(ctx context.Context, a *skillcert.Actor, id string) ([]RowError, error) {
	job, err := s.GetImport(ctx, a, id)
	if err != nil {
		return nil, err
	}
	var chunks []importErrorChunk
	opts := options.Find().SetSort(bson.D{{Key: "chunk", Value: 1}})
	if err := s.importErr.Find(ctx, bson.D{{Key: "jobId", Value: job.ID}}, &chunks, opts); err != nil {
		return nil, err
	}
	var out []RowError
	for _, c := range chunks {
		out = append(out, c.Errors...)
	}
	return out, nil
}

// ImportErrorReport returns the faults of a job as an .xlsx file.
func (s *Service) ImportErrorReport(ctx context.Context, a *skillcert.Actor, id string) ([]byte, error) {
	errs, err := s.ImportErrors(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return ErrorReport(errs)
}

// RecentImports lists the latest import jobs of the actor's town (a
// village's staff: their own village's), newest first.
func (s *Service) RecentImports(ctx context.Context, a *skillcert.Actor, limit int) ([]ImportJob, error) {
	if err := checkImporter(a); err != nil {
		return nil, err
	}
	var jobs []ImportJob
	opts := options.Find().SetSort(bson.D{{Key: "startedAt", Value: -1}}).SetLimit(int64(limit))
	if err := s.imports.Find(ctx, bson.D{{Key: "town", Value: a.Town}}, &jobs, opts); err != nil {
		return nil, err
	}
	out := jobs[:0]
	for _, j := range jobs {
		if auth.CheckScope(a, j.Town, j.Village) == nil {
			out = append(out, j)
		}
	}
	return out, nil
}

// rowValues is the input as an import row holds it.
func (in PersonInput) rowValues() map[Field]string {
	v := map[Field]string{
		FieldName: in.Name, FieldIDNumber: in.IDNumber, FieldMobile: in.Mobile, FieldTown: in.Town, FieldVillage: in.Village,
		FieldGroups: joinGroups(in.Groups), FieldEducation: in.Education, FieldComputerLevel: in.ComputerLevel,
		FieldComputerCert: in.ComputerCert, FieldEmployment: in.Employment, FieldNotes: in.Notes,
	}
	for k, s := range v {
		if s == "" {
			delete(v, k)
		}
	}
	return v
}

func joinGroups(gs []string) string {
	out := ""
	for i, g := range gs {
		if i > 0 {
			out += "、"
		}
		out += g
	}
	return out
}
