package roster

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

// importBatch is how many writes go to the database in one command.
const importBatch = 500

// smallImport is the largest import whose existing persons are read by
// their ID numbers. A larger one reads the importing town once instead:
// the embedded engine answers every read by scanning the collection, so
// one scan beats one per batch (MongoDB serves both from an index).
const smallImport = 1000

// rowPlan is what an import does with one valid row.
type rowPlan struct {
	line   int
	values map[Field]string
	person Person  // the state to write
	before *Person // the registered state; nil for a new person
}

// importRows checks every row, resolves towns and villages, enforces the
// actor's scope per row, compares with the register and writes what is
// new or changed in batches. It returns the faults of the rows not
// imported; an error is a failure of the system.
func (s *Service) importRows(ctx context.Context, a *skillcert.Actor, job *ImportJob, rows []ImportRow) ([]RowError, error) {
	now := s.now()
	valid, errs := CheckRows(rows, now)
	values := make(map[int]map[Field]string, len(rows))
	for _, r := range rows {
		values[r.Line] = r.Values
	}
	fault := func(line int, f Field, msg string) {
		errs = append(errs, RowError{Line: line, Field: f, Column: f.Column(), Message: msg, Values: values[line]})
	}

	plans := make([]rowPlan, 0, len(valid))
	for _, v := range valid {
		p := v.Person
		town, village, fe := s.resolvePlace(p.Town, p.Village)
		if len(fe) > 0 {
			for _, e := range fe {
				fault(v.Line, e.Field, e.Message)
			}
			continue
		}
		if auth.CheckScope(a, town, village) != nil {
			f := FieldTown
			if town == a.Town {
				f = FieldVillage
			}
			fault(v.Line, f, fmt.Sprintf("不在您的管辖范围：您只能导入%s的人员，此行为%s", s.scopeName(a), s.PlaceName(town, village)))
			continue
		}
		p.Town, p.Village = town, village
		plans = append(plans, rowPlan{line: v.Line, values: values[v.Line], person: p})
	}

	existing, err := s.existingFor(ctx, a, plans)
	if err != nil {
		return nil, err
	}
	stamp := now.UTC()
	var writes []rowPlan
	for _, pl := range plans {
		ex, ok := s.holderOf(existing, pl.person.IDNumber)
		if !ok {
			pl.person.ID, pl.person.Status, pl.person.CreatedAt, pl.person.UpdatedAt = skillcert.NewID(), PersonActive, stamp, stamp
			writes = append(writes, pl)
			continue
		}
		if auth.CheckScope(a, ex.Town, ex.Village) != nil {
			fault(pl.line, FieldIDNumber, s.registeredElsewhere(ex))
			continue
		}
		ex.IDNumber = pl.person.IDNumber // matched by its hash: the same number
		merged := mergeImported(ex, &pl.person)
		if len(changedFields(ex, &merged)) == 0 {
			job.Unchanged++
			continue
		}
		merged.UpdatedAt = stamp
		pl.before, pl.person = ex, merged
		writes = append(writes, pl)
	}

	job.Processed = job.Total - len(writes)
	if err := s.saveJob(ctx, job); err != nil {
		return nil, err
	}
	for i := 0; i < len(writes); i += importBatch {
		batch := writes[i:min(i+importBatch, len(writes))]
		refused, err := s.writeBatch(ctx, a, job, batch)
		if err != nil {
			return nil, err
		}
		for _, r := range refused {
			fault(r.line, FieldIDNumber, r.msg)
		}
		job.Processed += len(batch)
		if err := s.saveJob(ctx, job); err != nil {
			return nil, err
		}
	}
	return errs, nil
}

// existingFor reads the registered persons the planned rows may match,
// keyed by their ID numbers' lookup hashes (see holderOf).
func (s *Service) existingFor(ctx context.Context, a *skillcert.Actor, plans []rowPlan) (map[string]*Person, error) {
	out := make(map[string]*Person, len(plans))
	if len(plans) == 0 {
		return out, nil
	}
	if len(plans) > s.smallImport {
		err := s.personsOfTown(ctx, a.Town, func(p *Person) { out[p.IDHash] = p })
		return out, err
	}
	numbers := make([]string, len(plans))
	for i, pl := range plans {
		numbers[i] = pl.person.IDNumber
	}
	found, err := s.personsByIDNumbers(ctx, numbers, nil)
	if err != nil {
		return nil, err
	}
	for i := range found {
		out[found[i].IDHash] = &found[i]
	}
	return out, nil
}

// mergeImported is the registered person ex updated by an imported row.
// The row's required fields replace the registered ones; an empty
// optional cell (mobile, computer skill, notes) keeps what the register
// holds, so a file without those columns never wipes them. An imported
// row confirms a pending self-registration.
func mergeImported(ex, in *Person) Person {
	out := *ex
	out.Name, out.Town, out.Village = in.Name, in.Town, in.Village
	out.Groups, out.Education, out.Employment = in.Groups, in.Education, in.Employment
	out.IDMasked, out.IDSuffix, out.BirthDate, out.Gender = in.IDMasked, in.IDSuffix, in.BirthDate, in.Gender
	if in.Mobile != "" {
		out.Mobile = in.Mobile
	}
	if in.ComputerSkill != (ComputerSkill{}) {
		out.ComputerSkill = in.ComputerSkill
	}
	if in.Notes != "" {
		out.Notes = in.Notes
	}
	out.Status = PersonActive
	return out
}

// registeredElsewhere explains a row whose person is registered outside
// the importing staff's scope.
func (s *Service) registeredElsewhere(ex *Person) string {
	return "该身份证号码已在您管辖范围以外的单位登记；如户籍已迁入，请联系市人力社保局协调"
}

// refusedRow is a planned write the database refused.
type refusedRow struct {
	line int
	msg  string
}

// writeBatch writes a batch in one unordered bulk command: inserts for new
// persons, replacements by key for changed ones. An insert refused for a
// duplicate ID number (a person of another town, or one registered
// meanwhile) becomes a fault of its row; the written rows are counted and
// audited.
func (s *Service) writeBatch(ctx context.Context, a *skillcert.Actor, job *ImportJob, batch []rowPlan) ([]refusedRow, error) {
	models := make([]mongo.WriteModel, len(batch))
	for i := range batch {
		pl := &batch[i]
		s.sealID(&pl.person)
		if pl.before == nil {
			models[i] = mongo.NewInsertOneModel().SetDocument(&pl.person)
		} else {
			models[i] = mongo.NewReplaceOneModel().SetFilter(byID(pl.before.ID)).SetReplacement(&pl.person)
		}
	}
	failed := map[int]bool{}
	if _, err := s.persons.BulkWrite(ctx, models, false); err != nil {
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) || len(bwe.WriteErrors) == 0 || bwe.WriteConcernError != nil {
			return nil, err
		}
		for _, we := range bwe.WriteErrors {
			if !isDuplicateWrite(we.WriteError) {
				return nil, err
			}
			failed[we.Index] = true
		}
	}
	if s.written != nil {
		ids := make([]string, 0, len(batch))
		for i := range batch {
			if !failed[i] {
				ids = append(ids, batch[i].person.ID)
			}
		}
		s.notifyWritten(ctx, ids...)
	}
	var refused []refusedRow
	if len(failed) > 0 {
		var numbers []string
		for i := range failed {
			numbers = append(numbers, batch[i].person.IDNumber)
		}
		holders, err := s.personsByIDNumbers(ctx, numbers, idProjection)
		if err != nil {
			return nil, err
		}
		where := map[string]*Person{}
		for i := range holders {
			where[holders[i].IDHash] = &holders[i]
		}
		for i := range batch {
			if !failed[i] {
				continue
			}
			msg := "该身份证号码已登记，同一人只能登记一次"
			if h, ok := s.holderOf(where, batch[i].person.IDNumber); ok {
				msg = s.registeredElsewhere(h)
			}
			refused = append(refused, refusedRow{line: batch[i].line, msg: msg})
		}
	}
	// Each changed person gets an audit entry of their own; the persons a
	// batch creates share one entry naming the job and the rows (an
	// import of 20,000 new residents writes 40 entries, not 20,000).
	var entries []audit.Item
	created, first, last := 0, 0, 0
	for i := range batch {
		if failed[i] {
			continue
		}
		pl := &batch[i]
		if pl.before == nil {
			if created == 0 {
				first = pl.line
			}
			created, last = created+1, pl.line
			continue
		}
		job.Updated++
		entries = append(entries, audit.Item{Action: "person.update", TargetType: "person", TargetID: pl.person.ID, Result: audit.ResultOK,
			Detail: fmt.Sprintf("导入 %s 第 %d 行：%s", job.ID, pl.line, strings.Join(changedFields(pl.before, &pl.person), "、"))})
	}
	if created > 0 {
		job.Created += created
		entries = append(entries, audit.Item{Action: "person.create", TargetType: "import", TargetID: job.ID, Result: audit.ResultOK,
			Detail: fmt.Sprintf("导入 %s：新增 %d 人（第 %d–%d 行）", job.FileName, created, first, last)})
	}
	return refused, s.audit.RecordMany(ctx, a, entries)
}

// isDuplicateWrite recognizes a unique-key refusal of one write (E11000 on
// MongoDB; the embedded engine's SQLite constraint text).
func isDuplicateWrite(we mongo.WriteError) bool {
	return we.Code == 11000 || we.Code == 11001 || strings.Contains(we.Message, "E11000") || strings.Contains(we.Message, "UNIQUE constraint failed")
}
