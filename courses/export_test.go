package courses

// SetLocalCAS switches a service between local compare-and-set (the
// embedded engine's default) and conditions in the filter (MongoDB's), so
// tests can run the concurrency scenarios both ways on the embedded
// engine, whose serialized writes make the filter form correct there too.
func SetLocalCAS(s *Service, on bool) { s.localCAS = on }
