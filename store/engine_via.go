package store

// Via returns the engine as reached at another loopback address, such as
// a test's relay that can stop answering (storetest.Relay). Stop the
// original, never the returned view.
func (e *Engine) Via(addr string) *Engine {
	v := *e
	v.uri = "mongodb://" + addr + "/"
	return &v
}
