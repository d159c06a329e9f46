package store

// Collection names, in one place.
const (
	CollSchemaSteps   = "schema_steps"
	CollOrgUnits      = "org_units"
	CollAccounts      = "accounts"
	CollSessions      = "sessions"
	CollAudit         = "audit"
	CollLoginAttempts = "login_attempts"
	CollCounters      = "counters"
	CollPolicyParams  = "policy_params"
)
