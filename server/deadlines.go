package main

import "time"

// defaultRequestTimeout bounds a request's database work when
// SKILLCERT_REQUEST_TIMEOUT is not set. Completing a 500-person course on
// the embedded engine takes seconds (courses.TestFiveHundredPersonCourse);
// a request still running after a minute is stuck, and its 503 frees the
// write lock for everyone else.
const defaultRequestTimeout = 60 * time.Second

// streamTimeout bounds a response streamed after its handler returned
// (the certificates zip), which outlives the request's own deadline.
const streamTimeout = 10 * time.Minute

func (c Config) requestTimeout() time.Duration {
	if c.RequestTimeout > 0 {
		return c.RequestTimeout
	}
	return defaultRequestTimeout
}
