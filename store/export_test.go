package store

// SetAfterBatch installs a hook run after each checkpointed batch of a
// copy (tests interrupt a copy with it).
func SetAfterBatch(o *CopyOptions, f func(coll string, copied int64) error) { o.afterBatch = f }

// ConvertLegacyDates is schema step 90 (tests run it on planted records).
var ConvertLegacyDates = convertLegacyDates
