package skillcert

// Paging limits shared by every list.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// PageRequest asks for one page of a list; Page counts from 1.
type PageRequest struct {
	Page int
	Size int
}

// Normalize clamps the request into the allowed range.
func (p PageRequest) Normalize() PageRequest {
	if p.Page < 1 {
		p.Page = 1
	}
	if p.Size < 1 {
		p.Size = DefaultPageSize
	}
	if p.Size > MaxPageSize {
		p.Size = MaxPageSize
	}
	return p
}

// Skip is the number of items before the page.
func (p PageRequest) Skip() int64 { p = p.Normalize(); return int64((p.Page - 1) * p.Size) }

// Limit is the page size.
func (p PageRequest) Limit() int64 { return int64(p.Normalize().Size) }

// Page is one page of a list with the total count of matching items.
type Page[T any] struct {
	Items []T   `json:"items"`
	Total int64 `json:"total"`
	Page  int   `json:"page"`
	Size  int   `json:"size"`
}

// NewPage builds the page answer for a request.
func NewPage[T any](items []T, total int64, req PageRequest) Page[T] {
	req = req.Normalize()
	if items == nil {
		items = []T{}
	}
	return Page[T]{Items: items, Total: total, Page: req.Page, Size: req.Size}
}

// Pages is the number of pages needed for the total.
func (p Page[T]) Pages() int {
	if p.Size == 0 {
		return 0
	}
	return int((p.Total + int64(p.Size) - 1) / int64(p.Size))
}
