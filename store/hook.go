package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/event"
)

type hookKey struct{}

// WithCommandHook returns a context under which fn is called with each
// database command's name and collection just before it is sent. Tests
// use it to stop a process at a chosen point of a long operation.
func WithCommandHook(ctx context.Context, fn func(command, collection string)) context.Context {
	return context.WithValue(ctx, hookKey{}, fn)
}

func runHook(ctx context.Context, ev *event.CommandStartedEvent) {
	if ctx == nil {
		return
	}
	fn, ok := ctx.Value(hookKey{}).(func(string, string))
	if !ok {
		return
	}
	coll, _ := ev.Command.Lookup(ev.CommandName).StringValueOK()
	fn(ev.CommandName, coll)
}
