package main

import (
	"context"
	"time"
)

// defaultRequestTimeout bounds a request's database work when
// SKILLCERT_REQUEST_TIMEOUT is not set. Completing a 500-person course on
// the embedded engine takes seconds (courses.TestFiveHundredPersonCourse);
// a request still running after a minute is stuck, and its 503 frees the
// write lock for everyone else.
const defaultRequestTimeout = 60 * time.Second

// jobTimeout bounds each periodic background job (one purge, one repair
// pass); the next tick starts it again.
const jobTimeout = 5 * time.Minute

// streamTimeout bounds a response streamed after its handler returned
// (the certificates zip), which outlives the request's own deadline.
const streamTimeout = 10 * time.Minute

func (c Config) requestTimeout() time.Duration {
	if c.RequestTimeout > 0 {
		return c.RequestTimeout
	}
	return defaultRequestTimeout
}

// runJob runs one background job under its own deadline.
func runJob(ctx context.Context, job func(context.Context)) {
	jctx, cancel := context.WithTimeout(ctx, jobTimeout)
	defer cancel()
	job(jctx)
}
