package main

import (
	"skillcert/auth"
	"skillcert/store"
)

// statusRoutes are the city administrator's view of the database: which
// engine serves the platform, how big it is and how many records each
// collection holds.
func (a *App) statusRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/status", Perm: auth.PermStatusRead, Handle: a.apiStatus, Summary: "数据库状态：引擎、文件大小、各类记录数", Tag: "运维",
			Reply: store.Status{}},
		{Method: "GET", Path: "/status", Perm: auth.PermStatusRead, Handle: a.pageStatus},
	}
}
