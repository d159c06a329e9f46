package subsidies

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/store"
)

// LedgerStatus is the state of a town's monthly ledger.
type LedgerStatus string

// The states: the town generates a draft (and may regenerate it), submits
// it; the city approves it — then it never changes — or returns it with a
// reason, after which the town may regenerate and submit again.
const (
	LedgerDraft     LedgerStatus = "draft"
	LedgerSubmitted LedgerStatus = "submitted"
	LedgerApproved  LedgerStatus = "approved"
	LedgerReturned  LedgerStatus = "returned"
)

// Label is the state in Chinese.
func (l LedgerStatus) Label() string {
	switch l {
	case LedgerDraft:
		return "草稿"
	case LedgerSubmitted:
		return "已提交，待审批"
	case LedgerApproved:
		return "已批准"
	case LedgerReturned:
		return "已退回"
	}
	return string(l)
}

// LedgerLine is one coordinator's subsidy in the month, with the
// computation in words.
type LedgerLine struct {
	Seq           int             `bson:"seq" json:"seq"` // 1, 2, … in the ledger
	ApplicationID string          `bson:"applicationId" json:"applicationId"`
	PersonID      string          `bson:"personId" json:"personId"`
	Name          string          `bson:"name" json:"name"`
	Unit          string          `bson:"unit" json:"unit"` // 镇（街道）管理所 or the village station
	From          skillcert.Date  `bson:"from" json:"from"` // first day on post in the month
	To            skillcert.Date  `bson:"to" json:"to"`     // last day on post in the month
	DaysOnPost    int             `bson:"daysOnPost" json:"daysOnPost"`
	DaysInMonth   int             `bson:"daysInMonth" json:"daysInMonth"`
	Basic         recruitment.Fen `bson:"basicFen" json:"basicFen"`
	Insurance     recruitment.Fen `bson:"insuranceFen" json:"insuranceFen"`
	Reward        recruitment.Fen `bson:"rewardFen" json:"rewardFen"`
	Total         recruitment.Fen `bson:"totalFen" json:"totalFen"`
	Computation   string          `bson:"computation" json:"computation"`
	RewardNote    string          `bson:"rewardNote" json:"rewardNote"`
}

// Ledger is a town's personnel subsidy for one month (人员经费补助台账):
// basic subsidy and insurance share per coordinator on post, and the
// reward by the town's assessment band.
type Ledger struct {
	ID       string       `bson:"_id" json:"id"` // town:YYYY-MM
	Town     string       `bson:"town" json:"town"`
	TownName string       `bson:"townName" json:"townName"`
	Period   string       `bson:"period" json:"period"` // YYYY-MM
	Year     int          `bson:"year" json:"year"`
	Month    int          `bson:"month" json:"month"`
	Status   LedgerStatus `bson:"status" json:"status"`

	PolicyVersion  string          `bson:"policyVersion" json:"policyVersion"`
	MinimumWage    recruitment.Fen `bson:"minimumWageFen" json:"minimumWageFen"`
	SubsidyPercent int             `bson:"subsidyPercent" json:"subsidyPercent"`
	PerPerson      recruitment.Fen `bson:"perPersonFen" json:"perPersonFen"`
	InsuranceShare recruitment.Fen `bson:"insuranceShareFen" json:"insuranceShareFen"`
	// RewardYear is the assessment year the reward band comes from (the
	// year before the month's), RewardBand its band ("" = none).
	RewardYear     int    `bson:"rewardYear" json:"rewardYear"`
	RewardBand     string `bson:"rewardBand" json:"rewardBand"`
	RewardMultiple int    `bson:"rewardMultiple" json:"rewardMultiple"`
	RewardBasis    string `bson:"rewardBasis" json:"rewardBasis"`
	ParamsNote     string `bson:"paramsNote,omitempty" json:"paramsNote,omitempty"`

	Lines          []LedgerLine    `bson:"lines" json:"lines"`
	People         int             `bson:"people" json:"people"` // coordinators with a line
	BasicTotal     recruitment.Fen `bson:"basicTotalFen" json:"basicTotalFen"`
	InsuranceTotal recruitment.Fen `bson:"insuranceTotalFen" json:"insuranceTotalFen"`
	RewardTotal    recruitment.Fen `bson:"rewardTotalFen" json:"rewardTotalFen"`
	Total          recruitment.Fen `bson:"totalFen" json:"totalFen"`

	GeneratedAt time.Time `bson:"generatedAt" json:"generatedAt"`
	Reason      string    `bson:"reason,omitempty" json:"reason,omitempty"` // of a return
	Rev         int       `bson:"rev" json:"rev"`
	History     []Event   `bson:"history" json:"history"`
}

// StatusLabel is the state in Chinese (templates).
func (l *Ledger) StatusLabel() string { return l.Status.Label() }

// LedgerID is the ledger's key: town:YYYY-MM.
func LedgerID(town string, year int, month time.Month) string {
	return fmt.Sprintf("%s:%04d-%02d", town, year, int(month))
}

// ParsePeriod reads a month as YYYY-MM.
func ParsePeriod(s string) (int, time.Month, error) {
	s = strings.TrimSpace(s)
	y, m, ok := strings.Cut(s, "-")
	yy, err1 := strconv.Atoi(y)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(y) != 4 || len(m) != 2 || yy < 2000 || yy > 2100 || mm < 1 || mm > 12 {
		return 0, 0, skillcert.Invalid("period", "月份“%s”无效，应为 YYYY-MM 格式，如 2026-03", s)
	}
	return yy, time.Month(mm), nil
}

// ComputeLedger computes a town's ledger for a month from the stored
// policy versions, the town's coordinator postings and its assessment
// score of the previous year (scoreOK false = no figures, no reward):
//
//   - basic and insurance per coordinator as recruitment.PersonnelSubsidyMonth
//     (policy version in force on the month's last day; pro rata by calendar
//     days on post, both ends included, rounded half up to the fen);
//   - reward: the band's multiple of that month's minimum wage, capped at
//     the coordinator's recorded actual monthly pay (none recorded: no
//     reward), then pro rata by the same days.
func ComputeLedger(versions []recruitment.PolicyParams, year int, month time.Month, postings []recruitment.CoordinatorPosting, units func(village string) string, score int64, scoreOK bool) (Ledger, error) {
	if month < 1 || month > 12 {
		return Ledger{}, skillcert.Invalid("month", "月份应在 1 至 12 之间")
	}
	last := skillcert.NewDate(year, month+1, 0)
	p, err := recruitment.PolicyAt(versions, last)
	if err != nil {
		return Ledger{}, err
	}
	l := Ledger{Period: fmt.Sprintf("%04d-%02d", year, int(month)), Year: year, Month: int(month),
		PolicyVersion: p.Version, MinimumWage: p.MonthlyMinimumWage, SubsidyPercent: p.PersonnelSubsidyPercent,
		PerPerson: recruitment.PersonnelSubsidy(p), InsuranceShare: p.InsuranceShare, RewardYear: year - 1,
		ParamsNote: p.SubsidyNote, Lines: []LedgerLine{}}
	band, haveBand := recruitment.RewardBand{}, false
	switch {
	case !scoreOK:
		l.RewardBasis = fmt.Sprintf("%d 年度无考核数据，不计奖励补助", year-1)
	default:
		band, haveBand = p.BandFor(score)
		if haveBand {
			l.RewardBand, l.RewardMultiple = band.Label, band.MultiplePercent
			l.RewardBasis = fmt.Sprintf("%d 年度考核 %d.%d 分，%s", year-1, score/10, score%10, band)
		} else {
			l.RewardBasis = fmt.Sprintf("%d 年度考核 %d.%d 分，未达奖励档次", year-1, score/10, score%10)
		}
	}
	for _, po := range postings {
		ms, err := recruitment.PersonnelSubsidyMonth(versions, year, month, []recruitment.Posting{po.Posting}, p.InsuranceShare)
		if err != nil {
			return Ledger{}, err
		}
		if len(ms.Lines) == 0 {
			continue
		}
		sl := ms.Lines[0]
		from, to := po.From, po.To
		first := skillcert.NewDate(year, month, 1)
		if from.Before(first) {
			from = first
		}
		if to.IsZero() || to.After(last) {
			to = last
		}
		line := LedgerLine{ApplicationID: po.ApplicationID, PersonID: po.PersonID, Name: po.Name, Unit: units(po.Village),
			From: from, To: to, DaysOnPost: sl.DaysOnPost, DaysInMonth: sl.DaysInMonth,
			Basic: sl.Basic, Insurance: sl.Insurance, Computation: sl.Computation}
		switch {
		case !haveBand || band.MultiplePercent == 0:
			line.RewardNote = "不计奖励补助"
		case po.MonthlyPay <= 0:
			line.RewardNote = "未登记实际月报酬，奖励补助不超过实际报酬，计 0"
		default:
			full, err := recruitment.RewardSubsidy(p, band.MultiplePercent, po.MonthlyPay)
			if err != nil {
				return Ledger{}, err
			}
			uncapped := recruitment.Fen((int64(p.MonthlyMinimumWage)*int64(band.MultiplePercent) + 50) / 100)
			capNote := ""
			if full < uncapped {
				capNote = fmt.Sprintf("，超过实际月报酬 %s，按实际报酬计", po.MonthlyPay)
			}
			if sl.DaysOnPost == sl.DaysInMonth {
				line.Reward = full
				line.RewardNote = fmt.Sprintf("最低月工资 %s × %d%% = %s%s", p.MonthlyMinimumWage, band.MultiplePercent, uncapped, capNote)
			} else {
				line.Reward = recruitment.Fen((int64(full)*int64(sl.DaysOnPost)*2 + int64(sl.DaysInMonth)) / (2 * int64(sl.DaysInMonth)))
				line.RewardNote = fmt.Sprintf("最低月工资 %s × %d%% = %s%s；× %d ÷ %d 天 = %s", p.MonthlyMinimumWage, band.MultiplePercent,
					uncapped, capNote, sl.DaysOnPost, sl.DaysInMonth, line.Reward)
			}
		}
		line.Total = line.Basic + line.Insurance + line.Reward
		line.Seq = len(l.Lines) + 1
		l.Lines = append(l.Lines, line)
		l.BasicTotal += line.Basic
		l.InsuranceTotal += line.Insurance
		l.RewardTotal += line.Reward
		l.Total += line.Total
	}
	l.People = len(l.Lines)
	return l, nil
}

// Ledger returns a ledger the actor may see.
func (s *Service) Ledger(ctx context.Context, a *skillcert.Actor, id string) (*Ledger, error) {
	l, err := s.findLedger(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := canRead(a, l.Town); err != nil {
		return nil, err
	}
	return l, nil
}

func (s *Service) findLedger(ctx context.Context, id string) (*Ledger, error) {
	var l Ledger
	if err := s.ledgers.FindOne(ctx, byID(id), &l); err != nil {
		if store.IsNotFound(err) {
			return nil, errNotVisible
		}
		return nil, err
	}
	return &l, nil
}

// LedgerFilter narrows the list of ledgers: a town (the city may pick
// any; a town's staff always get their own) and a state.
type LedgerFilter struct {
	Town   string
	Status LedgerStatus
}

// Ledgers lists the ledgers the actor may see, the latest month first.
func (s *Service) Ledgers(ctx context.Context, a *skillcert.Actor, f LedgerFilter, page skillcert.PageRequest) (skillcert.Page[Ledger], error) {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return skillcert.Page[Ledger]{}, skillcert.Errorf(skillcert.EFORBIDDEN, "您无权查看补助台账")
	}
	if a.Role == skillcert.RoleTownStaff {
		if f.Town != "" && f.Town != a.Town {
			return skillcert.Page[Ledger]{}, errNotVisible
		}
		f.Town = a.Town
	}
	q := bson.D{}
	if f.Town != "" {
		q = append(q, bson.E{Key: "town", Value: f.Town})
	}
	if f.Status != "" {
		switch f.Status {
		case LedgerDraft, LedgerSubmitted, LedgerApproved, LedgerReturned:
		default:
			return skillcert.Page[Ledger]{}, skillcert.Invalid("status", "台账状态“%s”无法识别，可填写：draft、submitted、approved、returned", f.Status)
		}
		q = append(q, bson.E{Key: "status", Value: f.Status})
	}
	total, err := s.ledgers.Count(ctx, q)
	if err != nil {
		return skillcert.Page[Ledger]{}, err
	}
	page = page.Normalize()
	var out []Ledger
	opts := options.Find().SetSort(bson.D{{Key: "period", Value: -1}, {Key: "town", Value: 1}}).SetSkip(page.Skip()).SetLimit(page.Limit()).
		SetProjection(bson.D{{Key: "lines", Value: 0}, {Key: "history", Value: 0}})
	if err := s.ledgers.Find(ctx, q, &out, opts); err != nil {
		return skillcert.Page[Ledger]{}, err
	}
	return skillcert.NewPage(out, total, page), nil
}

// GenerateLedger computes a town's ledger for a month from the
// coordinators on post and stores it as a draft (the town's staff). A
// ledger not yet approved is regenerated in place and goes back to draft;
// an approved one never changes. A month not yet begun is refused.
func (s *Service) GenerateLedger(ctx context.Context, a *skillcert.Actor, town, period string) (*Ledger, error) {
	const action = "subsidy.ledger.generate"
	year, month, err := ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	id := LedgerID(town, year, month)
	if err := townOnly(a, town, "生成补助台账"); err != nil {
		return nil, s.denied(ctx, a, action, "subsidy_ledger", id, err)
	}
	if skillcert.NewDate(year, month, 1).After(s.Today()) {
		return nil, skillcert.Invalid("period", "%04d 年 %d 月尚未开始，不能生成台账", year, int(month))
	}
	if s.deps.Postings == nil {
		return nil, errNoDeps
	}
	versions, err := s.policies(ctx)
	if err != nil {
		return nil, err
	}
	postings, err := s.deps.Postings(ctx, town)
	if err != nil {
		return nil, err
	}
	var score int64
	scoreOK := false
	if s.deps.Score != nil {
		if score, scoreOK, err = s.deps.Score(ctx, town, year-1); err != nil {
			return nil, err
		}
	}
	l, err := ComputeLedger(versions, year, month, postings, s.unitName(town), score, scoreOK)
	if err != nil {
		return nil, err
	}
	l.ID, l.Town, l.TownName, l.Status, l.GeneratedAt = id, town, s.orgs.TownName(town), LedgerDraft, s.stamp()
	ev := s.event(a, fmt.Sprintf("生成台账：%d 人，合计 %s", len(l.Lines), l.Total))
	l.Rev, l.History = 1, []Event{ev}
	err = s.ledgers.InsertOne(ctx, &l)
	if store.IsDuplicate(err) {
		old, ferr := s.findLedger(ctx, id)
		if ferr != nil {
			return nil, ferr
		}
		if old.Status == LedgerApproved {
			return nil, skillcert.Errorf(skillcert.ECONFLICT, "%s 的台账已批准，不能重新生成", l.Period)
		}
		ev.What = "重新" + ev.What + "（" + old.Status.Label() + " → 草稿）"
		l.Rev, l.History = old.Rev+1, append(old.History, ev)
		res, uerr := s.ledgers.ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "status", Value: old.Status}, {Key: "rev", Value: old.Rev}}, &l)
		if uerr != nil {
			return nil, uerr
		}
		if res.MatchedCount == 0 {
			return nil, errChanged
		}
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return &l, s.ok(ctx, a, action, "subsidy_ledger", id, ev.What)
}

func (s *Service) unitName(town string) func(string) string {
	return func(village string) string {
		if village == "" {
			return s.orgs.TownName(town) + "人力社保管理所"
		}
		if u, ok := s.orgs.Unit(village); ok {
			return u.Name + "工作站"
		}
		return village
	}
}

// SubmitLedger submits a draft or returned ledger for approval (the
// town's staff), once its month has ended.
func (s *Service) SubmitLedger(ctx context.Context, a *skillcert.Actor, id string) (*Ledger, error) {
	const action = "subsidy.ledger.submit"
	l, err := s.findLedger(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := townOnly(a, l.Town, "提交补助台账"); err != nil {
		return nil, s.denied(ctx, a, action, "subsidy_ledger", id, err)
	}
	if l.Status != LedgerDraft && l.Status != LedgerReturned {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "台账当前为“%s”，不能提交", l.Status.Label())
	}
	if last := skillcert.NewDate(l.Year, time.Month(l.Month)+1, 0); !last.Before(s.Today()) {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "%s 尚未结束（至 %s），月末之后才能提交", l.Period, last)
	}
	return s.moveLedger(ctx, a, l, action, LedgerSubmitted, "", fmt.Sprintf("提交审批：合计 %s", l.Total))
}

// ApproveLedger approves a submitted ledger (the city); it is final.
func (s *Service) ApproveLedger(ctx context.Context, a *skillcert.Actor, id string) (*Ledger, error) {
	const action = "subsidy.ledger.approve"
	if err := cityOnly(a, "审批补助台账"); err != nil {
		return nil, s.denied(ctx, a, action, "subsidy_ledger", id, err)
	}
	l, err := s.findLedger(ctx, id)
	if err != nil {
		return nil, err
	}
	if l.Status != LedgerSubmitted {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "台账当前为“%s”，只有已提交的台账可以批准", l.Status.Label())
	}
	return s.moveLedger(ctx, a, l, action, LedgerApproved, "", fmt.Sprintf("批准：合计 %s", l.Total))
}

// ReturnLedger returns a submitted ledger to the town with a reason (the
// city).
func (s *Service) ReturnLedger(ctx context.Context, a *skillcert.Actor, id string, in ReasonInput) (*Ledger, error) {
	const action = "subsidy.ledger.return"
	if err := cityOnly(a, "退回补助台账"); err != nil {
		return nil, s.denied(ctx, a, action, "subsidy_ledger", id, err)
	}
	reason, err := trimReason("reason", "退回原因", in.Reason)
	if err != nil {
		return nil, err
	}
	l, err := s.findLedger(ctx, id)
	if err != nil {
		return nil, err
	}
	if l.Status != LedgerSubmitted {
		return nil, skillcert.Errorf(skillcert.ECONFLICT, "台账当前为“%s”，只有已提交的台账可以退回", l.Status.Label())
	}
	return s.moveLedger(ctx, a, l, action, LedgerReturned, reason, "退回："+reason)
}

func (s *Service) moveLedger(ctx context.Context, a *skillcert.Actor, l *Ledger, action string, to LedgerStatus, reason, what string) (*Ledger, error) {
	ev := s.event(a, what)
	upd := bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: to}, {Key: "reason", Value: reason}, {Key: "rev", Value: l.Rev + 1}}},
		{Key: "$push", Value: bson.D{{Key: "history", Value: ev}}}}
	res, err := s.ledgers.UpdateOne(ctx, bson.D{{Key: "_id", Value: l.ID}, {Key: "status", Value: l.Status}, {Key: "rev", Value: l.Rev}}, upd)
	if err != nil {
		return nil, err
	}
	if res.MatchedCount == 0 {
		return nil, errChanged
	}
	if err := s.ok(ctx, a, action, "subsidy_ledger", l.ID, what); err != nil {
		return nil, err
	}
	return s.findLedger(ctx, l.ID)
}

// MonthRow is one town's line of the city's month overview.
type MonthRow struct {
	Town      string          `json:"town"`
	TownName  string          `json:"townName"`
	LedgerID  string          `json:"ledgerId,omitempty"`
	Status    LedgerStatus    `json:"status,omitempty"` // "" = no ledger yet
	People    int             `json:"people"`
	Basic     recruitment.Fen `json:"basicFen"`
	Insurance recruitment.Fen `json:"insuranceFen"`
	Reward    recruitment.Fen `json:"rewardFen"`
	Total     recruitment.Fen `json:"totalFen"`
}

// StatusLabel is the state in Chinese, "未生成" without a ledger.
func (r MonthRow) StatusLabel() string {
	if r.Status == "" {
		return "未生成"
	}
	return r.Status.Label()
}

// MonthOverview is every town's ledger of a month (the city), with the
// totals of the approved ones and of all.
type MonthOverview struct {
	Period        string          `json:"period"`
	Rows          []MonthRow      `json:"rows"`
	ApprovedTotal recruitment.Fen `json:"approvedTotalFen"`
	Total         recruitment.Fen `json:"totalFen"`
}

// Overview returns the month overview: one row per town (a town's staff
// get their own row only).
func (s *Service) Overview(ctx context.Context, a *skillcert.Actor, period string) (*MonthOverview, error) {
	if a == nil || (a.Role != skillcert.RoleCityAdmin && a.Role != skillcert.RoleTownStaff) {
		return nil, skillcert.Errorf(skillcert.EFORBIDDEN, "您无权查看补助台账")
	}
	year, month, err := ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	p := fmt.Sprintf("%04d-%02d", year, int(month))
	var ls []Ledger
	q := bson.D{{Key: "period", Value: p}}
	if a.Role == skillcert.RoleTownStaff {
		q = append(q, bson.E{Key: "town", Value: a.Town})
	}
	if err := s.ledgers.Find(ctx, q, &ls, options.Find().SetProjection(bson.D{{Key: "lines", Value: 0}, {Key: "history", Value: 0}})); err != nil {
		return nil, err
	}
	by := map[string]Ledger{}
	for _, l := range ls {
		by[l.Town] = l
	}
	o := &MonthOverview{Period: p, Rows: []MonthRow{}}
	for _, t := range s.orgs.Towns() {
		if a.Role == skillcert.RoleTownStaff && t.Code != a.Town {
			continue
		}
		r := MonthRow{Town: t.Code, TownName: t.Name}
		if l, ok := by[t.Code]; ok {
			r.LedgerID, r.Status, r.People = l.ID, l.Status, l.People
			r.Basic, r.Insurance, r.Reward, r.Total = l.BasicTotal, l.InsuranceTotal, l.RewardTotal, l.Total
			o.Total += l.Total
			if l.Status == LedgerApproved {
				o.ApprovedTotal += l.Total
			}
		}
		o.Rows = append(o.Rows, r)
	}
	return o, nil
}
