package roster

import (
	"errors"

	"skillcert"
)

func asError(err error, target **skillcert.Error) bool { return errors.As(err, target) }
