// Package roster holds the labour-resource register (劳动力资源登记): the
// person record with its rules (ID numbers, target groups, education,
// computer skills, employment), the spreadsheet files that move people in
// and out of the register (import, import template, error report, export),
// and the Service that keeps the register in the database: scoped reads
// and changes, imports, exports, self-registration and the trainee's own
// profile, every change audited.
//
// The rules (person.go, personinput.go, import*.go, export.go, …) know
// nothing of storage; the service files (service.go, store.go,
// persons_service.go, import_service.go, …) add the database, the
// authorization policy of package auth and the audit trail.
package roster
