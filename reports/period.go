package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"skillcert"
)

// PeriodKind is how a period is given.
type PeriodKind string

// The period kinds.
const (
	PeriodYear    PeriodKind = "year"    // 年度
	PeriodQuarter PeriodKind = "quarter" // 季度
	PeriodMonth   PeriodKind = "month"   // 月度
	PeriodRange   PeriodKind = "range"   // 自定义区间
)

// MaxRangeDays is the longest from–to range (a year and a day).
const MaxRangeDays = 366

// Period is a range of calendar days in China Standard Time, both ends
// included. Year, quarter and month periods are answered from the
// summaries; a from–to range from the per-person facts.
type Period struct {
	Kind PeriodKind     `json:"kind"`
	Year int            `json:"year"`
	N    int            `json:"n,omitempty"` // quarter 1–4 or month 1–12
	From skillcert.Date `json:"from"`
	To   skillcert.Date `json:"to"`
}

// YearPeriod is the calendar year y.
func YearPeriod(y int) Period {
	return Period{Kind: PeriodYear, Year: y, From: skillcert.NewDate(y, 1, 1), To: skillcert.NewDate(y, 12, 31)}
}

// QuarterPeriod is quarter q (1–4) of year y.
func QuarterPeriod(y, q int) Period {
	from := skillcert.NewDate(y, time.Month(3*q-2), 1)
	return Period{Kind: PeriodQuarter, Year: y, N: q, From: from, To: skillcert.NewDate(y, time.Month(3*q+1), 0)}
}

// MonthPeriod is month m (1–12) of year y.
func MonthPeriod(y, m int) Period {
	return Period{Kind: PeriodMonth, Year: y, N: m, From: skillcert.NewDate(y, time.Month(m), 1),
		To: skillcert.NewDate(y, time.Month(m+1), 0)}
}

// RangePeriod is the days from..to, both included.
func RangePeriod(from, to skillcert.Date) (Period, error) {
	if from.IsZero() || to.IsZero() {
		return Period{}, skillcert.Invalid("from", "请填写起止日期")
	}
	if to.Before(from) {
		return Period{}, skillcert.Invalid("to", "结束日期 %s 早于开始日期 %s", to, from)
	}
	if days := int(to.Start().Sub(from.Start()).Hours()/24) + 1; days > MaxRangeDays {
		return Period{}, skillcert.Invalid("to", "自定义区间最长 %d 天（现为 %d 天）", MaxRangeDays, days)
	}
	return Period{Kind: PeriodRange, Year: from.Year, From: from, To: to}, nil
}

// Contains reports whether day d falls in the period.
func (p Period) Contains(d skillcert.Date) bool {
	return !d.IsZero() && !d.Before(p.From) && !d.After(p.To)
}

// Key is the period's key inside a year's summary: "Y", "Q1".."Q4",
// "M01".."M12"; "" for a range.
func (p Period) Key() string {
	switch p.Kind {
	case PeriodYear:
		return "Y"
	case PeriodQuarter:
		return fmt.Sprintf("Q%d", p.N)
	case PeriodMonth:
		return fmt.Sprintf("M%02d", p.N)
	}
	return ""
}

// Label is the period in Chinese, e.g. 2026年、2026年第1季度、2026年3月.
func (p Period) Label() string {
	switch p.Kind {
	case PeriodYear:
		return fmt.Sprintf("%d年", p.Year)
	case PeriodQuarter:
		return fmt.Sprintf("%d年第%d季度", p.Year, p.N)
	case PeriodMonth:
		return fmt.Sprintf("%d年%d月", p.Year, p.N)
	}
	return p.From.String() + " 至 " + p.To.String()
}

// Query is the period as URL query parameters.
func (p Period) Query() string {
	switch p.Kind {
	case PeriodYear:
		return "period=" + strconv.Itoa(p.Year)
	case PeriodQuarter:
		return fmt.Sprintf("period=%d-Q%d", p.Year, p.N)
	case PeriodMonth:
		return fmt.Sprintf("period=%d-%02d", p.Year, p.N)
	}
	return "from=" + p.From.String() + "&to=" + p.To.String()
}

// StandardPeriods are the 17 periods a year's summary holds.
func StandardPeriods(y int) []Period {
	out := []Period{YearPeriod(y)}
	for q := 1; q <= 4; q++ {
		out = append(out, QuarterPeriod(y, q))
	}
	for m := 1; m <= 12; m++ {
		out = append(out, MonthPeriod(y, m))
	}
	return out
}

// ParsePeriod reads a period: "2026", "2026-Q1", "2026-03", or, when
// period is empty, the from and to dates. An empty input is the current
// year of today.
func ParsePeriod(period, from, to string, today skillcert.Date) (Period, error) {
	period = strings.TrimSpace(period)
	if period == "" && (from != "" || to != "") {
		f, err := skillcert.ParseDate(strings.TrimSpace(from))
		if err != nil {
			return Period{}, skillcert.Invalid("from", "开始日期“%s”无法识别，应为 YYYY-MM-DD", from)
		}
		t, err := skillcert.ParseDate(strings.TrimSpace(to))
		if err != nil {
			return Period{}, skillcert.Invalid("to", "结束日期“%s”无法识别，应为 YYYY-MM-DD", to)
		}
		return RangePeriod(f, t)
	}
	if period == "" {
		return YearPeriod(today.Year), nil
	}
	bad := skillcert.Invalid("period", "统计期间“%s”无法识别，应为 2026、2026-Q1 或 2026-03", period)
	ys, rest, _ := strings.Cut(period, "-")
	y, err := strconv.Atoi(ys)
	if err != nil || y < 2000 || y > 2100 {
		return Period{}, bad
	}
	switch {
	case rest == "":
		return YearPeriod(y), nil
	case strings.HasPrefix(strings.ToUpper(rest), "Q"):
		q, err := strconv.Atoi(rest[1:])
		if err != nil || q < 1 || q > 4 {
			return Period{}, bad
		}
		return QuarterPeriod(y, q), nil
	default:
		m, err := strconv.Atoi(rest)
		if err != nil || m < 1 || m > 12 {
			return Period{}, bad
		}
		return MonthPeriod(y, m), nil
	}
}
