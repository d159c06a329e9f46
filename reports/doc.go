// Package reports computes what the city bureau reviews: training
// coverage of the register by town and village (培训覆盖), for standard
// periods from precomputed summaries kept current as the register,
// enrollments, completions and certificates change, and for any date range
// from the per-person facts. The figures are defined in docs/reports.md.
package reports
