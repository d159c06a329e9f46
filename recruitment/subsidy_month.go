package recruitment

import (
	"fmt"
	"time"

	"skillcert"
)

// Posting is a coordinator's time on post: from From to To, both days
// included; a zero To means still on post.
type Posting struct {
	PersonID string         `json:"personId"`
	Name     string         `json:"name"`
	From     skillcert.Date `json:"from"`
	To       skillcert.Date `json:"to"`
}

// SubsidyLine is one coordinator's personnel subsidy in a month, with its
// computation in words.
type SubsidyLine struct {
	PersonID    string `json:"personId"`
	Name        string `json:"name"`
	DaysOnPost  int    `json:"daysOnPost"`
	DaysInMonth int    `json:"daysInMonth"`
	Basic       Fen    `json:"basicFen"`
	Insurance   Fen    `json:"insuranceFen"`
	Computation string `json:"computation"`
}

// MonthSubsidy is a town's personnel subsidy for one month (人员经费基本补助).
type MonthSubsidy struct {
	Year          int           `json:"year"`
	Month         time.Month    `json:"month"`
	PolicyVersion string        `json:"policyVersion"`
	MinimumWage   Fen           `json:"minimumWageFen"`
	PerPerson     Fen           `json:"perPersonFen"` // PersonnelSubsidyPercent of the wage, a full month
	Lines         []SubsidyLine `json:"lines"`
	Total         Fen           `json:"totalFen"`
}

// prorate is amount × num ÷ den rounded half up to the fen.
func prorate(amount Fen, num, den int) Fen {
	return Fen((int64(amount)*int64(num)*2 + int64(den)) / (2 * int64(den)))
}

// PersonnelSubsidyMonth computes a month's personnel subsidy for the
// postings ("按实际到岗人数"):
//
//   - the minimum wage and percentage are those of the policy version in
//     force on the month's last day, so a change of the wage takes effect
//     from the month it falls in;
//   - a coordinator on post the whole month gets PersonnelSubsidyPercent of
//     the wage, plus insurance, the employer's social-insurance share per
//     coordinator and month (a parameter);
//   - one hired or leaving within the month gets both pro rata by calendar
//     days on post (the days of From and To included), each rounded half
//     up to the fen.
func PersonnelSubsidyMonth(versions []PolicyParams, year int, month time.Month, postings []Posting, insurance Fen) (MonthSubsidy, error) {
	if month < 1 || month > 12 {
		return MonthSubsidy{}, skillcert.Invalid("month", "月份应在 1 至 12 之间")
	}
	if insurance < 0 {
		return MonthSubsidy{}, skillcert.Invalid("insurance", "社保补贴（单位缴纳部分）不能为负数")
	}
	first := skillcert.NewDate(year, month, 1)
	last := skillcert.NewDate(year, month+1, 0)
	p, err := PolicyAt(versions, last)
	if err != nil {
		return MonthSubsidy{}, err
	}
	ms := MonthSubsidy{Year: year, Month: month, PolicyVersion: p.Version, MinimumWage: p.MonthlyMinimumWage, PerPerson: PersonnelSubsidy(p)}
	days := last.Day
	for _, po := range postings {
		from, to := po.From, po.To
		if to.IsZero() || to.After(last) {
			to = last
		}
		if from.Before(first) {
			from = first
		}
		if from.IsZero() || to.Before(from) {
			continue
		}
		on := to.Day - from.Day + 1
		l := SubsidyLine{PersonID: po.PersonID, Name: po.Name, DaysOnPost: on, DaysInMonth: days}
		if on == days {
			l.Basic, l.Insurance = ms.PerPerson, insurance
			l.Computation = fmt.Sprintf("全月在岗：最低月工资 %s × %d%% = %s；社保补贴 %s", p.MonthlyMinimumWage, p.PersonnelSubsidyPercent, l.Basic, insurance)
		} else {
			l.Basic, l.Insurance = prorate(ms.PerPerson, on, days), prorate(insurance, on, days)
			l.Computation = fmt.Sprintf("在岗 %d/%d 天（%s 至 %s）：%s × %d ÷ %d = %s；社保补贴 %s × %d ÷ %d = %s",
				on, days, from, to, ms.PerPerson, on, days, l.Basic, insurance, on, days, l.Insurance)
		}
		ms.Lines = append(ms.Lines, l)
		ms.Total += l.Basic + l.Insurance
	}
	return ms, nil
}

// RewardSubsidy is a coordinator's performance reward (奖励补助): the
// band's multiple (in percent of the minimum wage, e.g. 50 = half a
// month's wage), capped at the coordinator's actual pay ("最高不突破公益性
// 岗位人员实际报酬"). The multiples by band are parameters the city sets.
func RewardSubsidy(p PolicyParams, multiplePercent int, actualPay Fen) (Fen, error) {
	if multiplePercent < 0 || multiplePercent > 1200 {
		return 0, skillcert.Invalid("multiple", "奖励倍率应在 0%% 至 1200%% 之间，当前为 %d%%", multiplePercent)
	}
	if actualPay < 0 {
		return 0, skillcert.Invalid("actualPay", "实际报酬不能为负数")
	}
	r := prorate(p.MonthlyMinimumWage, multiplePercent, 100)
	return min(r, actualPay), nil
}
