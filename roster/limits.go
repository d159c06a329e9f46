package roster

import "fmt"

// Limits bound what an import accepts, so that one upload cannot exhaust
// the server's memory. A zero field takes the value of DefaultLimits.
type Limits struct {
	MaxBytes        int64 // size of the uploaded file
	MaxRows         int64 // data rows (empty rows not counted)
	MaxUncompressed int64 // total declared size of an .xlsx file's zip entries
}

// DefaultLimits: 10 MiB per file, 20,000 people, 100 MiB unpacked.
var DefaultLimits = Limits{
	MaxBytes:        10 << 20,
	MaxRows:         20000,
	MaxUncompressed: 100 << 20,
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultLimits.MaxRows
	}
	if l.MaxUncompressed <= 0 {
		l.MaxUncompressed = DefaultLimits.MaxUncompressed
	}
	return l
}

// formatSize writes a byte count for people: 512 字节, 3.5 KB, 12.0 MB.
func formatSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d 字节", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
}
