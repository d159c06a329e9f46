package main

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Server-rendered SVG charts for the reports: no scripts, no fonts of their
// own, scaled to the width of the page (readable at 390 px, printable).
// Every chart stands beside a table with the same numbers; the chart is
// aria-hidden and the table is what screen readers read.

// chartBar is one bar: its label, length (in the chart's unit) and the
// text printed beside it.
type chartBar struct {
	Label string
	Value int64
	Text  string
}

// hbarChart draws horizontal bars, one row each, scaled to max (or to the
// largest value when max is 0).
func hbarChart(title string, bars []chartBar, max int64) template.HTML {
	if max <= 0 {
		for _, b := range bars {
			if b.Value > max {
				max = b.Value
			}
		}
	}
	if max <= 0 {
		max = 1
	}
	const width, labelW, barW, rowH = 400, 130, 190, 26
	h := rowH*len(bars) + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-hidden="true" focusable="false"><title>%s</title>`,
		width, h, html.EscapeString(title))
	for i, bar := range bars {
		y := 4 + i*rowH
		w := int(bar.Value * barW / max)
		if bar.Value > 0 && w < 1 {
			w = 1
		}
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text>`, labelW-6, y+17, html.EscapeString(trimRunes(bar.Label, 9)))
		fmt.Fprintf(&b, `<rect class="chart-track" x="%d" y="%d" width="%d" height="18"/>`, labelW, y+3, barW)
		fmt.Fprintf(&b, `<rect class="chart-bar" x="%d" y="%d" width="%d" height="18"/>`, labelW, y+3, w)
		fmt.Fprintf(&b, `<text class="chart-value" x="%d" y="%d">%s</text>`, labelW+barW+6, y+17, html.EscapeString(bar.Text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// trendChart draws twelve pairs of vertical bars: this year and the
// previous year, month by month.
func trendChart(title string, cur, prev []int64, curLabel, prevLabel string) template.HTML {
	var max int64 = 1
	for i := range cur {
		max = maxInt64(max, maxInt64(cur[i], prev[i]))
	}
	const width, height, left, bottom, top = 400, 230, 30, 40, 14
	plotH := height - bottom - top
	slot := (width - left - 4) / 12
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-hidden="true" focusable="false"><title>%s</title>`,
		width, height, html.EscapeString(title))
	fmt.Fprintf(&b, `<line class="chart-axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, height-bottom, width-4, height-bottom)
	fmt.Fprintf(&b, `<text class="chart-small" x="%d" y="%d" text-anchor="end">%d</text>`, left-4, top+10, max)
	fmt.Fprintf(&b, `<text class="chart-small" x="%d" y="%d" text-anchor="end">0</text>`, left-4, height-bottom)
	for i := range cur {
		x := left + i*slot + 3
		bw := (slot - 6) / 2
		hc := int(cur[i] * int64(plotH) / max)
		hp := int(prev[i] * int64(plotH) / max)
		fmt.Fprintf(&b, `<rect class="chart-prev" x="%d" y="%d" width="%d" height="%d"/>`, x, height-bottom-hp, bw, hp)
		fmt.Fprintf(&b, `<rect class="chart-bar" x="%d" y="%d" width="%d" height="%d"/>`, x+bw, height-bottom-hc, bw, hc)
		fmt.Fprintf(&b, `<text class="chart-small" x="%d" y="%d" text-anchor="middle">%d</text>`, x+bw, height-bottom+14, i+1)
	}
	ly := height - 8
	fmt.Fprintf(&b, `<rect class="chart-bar" x="%d" y="%d" width="12" height="10"/><text class="chart-small" x="%d" y="%d">%s</text>`,
		left, ly-9, left+16, ly, html.EscapeString(curLabel))
	fmt.Fprintf(&b, `<rect class="chart-prev" x="%d" y="%d" width="12" height="10"/><text class="chart-small" x="%d" y="%d">%s</text>`,
		left+110, ly-9, left+126, ly, html.EscapeString(prevLabel))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func maxInt64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

func trimRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
