package roster

import (
	"errors"
	"slices"
	"strings"

	"skillcert"
)

// FieldError is one fault of one field.
type FieldError struct {
	Field   Field  `json:"field"`
	Column  string `json:"column"` // the Chinese column header
	Message string `json:"message"`
}

// FieldErrors are all the faults found in one record, in field order. A
// form shows each beside its input; an import reports each with the row.
type FieldErrors []FieldError

// Error joins the messages.
func (fe FieldErrors) Error() string { return fe.joined() }

func (fe FieldErrors) joined() string {
	msgs := make([]string, len(fe))
	for i, e := range fe {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, "；")
}

// AsError converts the faults into the platform's error: EINVALID naming
// the first field, the message joining every reason. The faults stay
// reachable with errors.As, so a form can show each beside its input.
func (fe FieldErrors) AsError() *skillcert.Error {
	if len(fe) == 0 {
		return nil
	}
	e := skillcert.Invalid(string(fe[0].Field), "%s", fe.joined())
	e.Err = fe
	return e
}

// For returns the message for the field, "" when it has none.
func (fe FieldErrors) For(f Field) string {
	for _, e := range fe {
		if e.Field == f {
			return e.Message
		}
	}
	return ""
}

// add records err against the field: the message of a *skillcert.Error,
// the internal-error text otherwise.
func (fe *FieldErrors) add(f Field, err error) {
	if err == nil {
		return
	}
	msg := skillcert.ErrorMessage(err)
	var se *skillcert.Error
	if errors.As(err, &se) && se.Field != "" {
		f = Field(se.Field)
	}
	*fe = append(*fe, FieldError{Field: f, Column: f.Column(), Message: msg})
}

// addf records a message against the field.
func (fe *FieldErrors) addf(f Field, format string, args ...any) {
	fe.add(f, skillcert.Invalid(string(f), format, args...))
}

// invalidField is an EINVALID error for the field.
func invalidField(f Field, format string, args ...any) *skillcert.Error {
	return skillcert.Invalid(string(f), format, args...)
}

// sort orders the faults by the column order of the import template,
// keeping the order of faults of the same field.
func (fe FieldErrors) sort() {
	order := func(f Field) int {
		if i := slices.Index(ImportFields, f); i >= 0 {
			return i
		}
		return len(ImportFields)
	}
	slices.SortStableFunc(fe, func(a, b FieldError) int { return order(a.Field) - order(b.Field) })
}
