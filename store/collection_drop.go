package store

import "context"

// Drop removes the collection and its documents (tests, resets); the
// schema steps create it again at the next start.
func (c *Collection) Drop(ctx context.Context) error {
	ctx, done, err := c.beginWrite(ctx, "drop")
	if err != nil {
		return err
	}
	defer done()
	return translate(c.c.Drop(ctx))
}
