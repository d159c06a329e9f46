package store

// SetAfterBatch installs a hook run after each checkpointed batch of a
// copy (tests interrupt a copy with it).
func SetAfterBatch(o *CopyOptions, f func(coll string, copied int64) error) { o.afterBatch = f }
