package main

// featureRoutes lists the routes of the features, each defined in its
// own routes_<feature>.go file.
func (a *App) featureRoutes() []route {
	var all []route
	for _, part := range [][]route{a.certificatesRoutes(), a.recruitmentRoutes(), a.coursesRoutes(), a.rosterRoutes(), a.authsecRoutes(), a.statusRoutes(), a.reportsRoutes(), a.subsidiesRoutes(), a.policyhomeRoutes()} {
		all = append(all, part...)
	}
	return all
}
