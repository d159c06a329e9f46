// Package recruitment is the recruitment of coordinators (人力社保协理员)
// under policy 三(二) of the 2012 city policy.
//
// The pure rules: the policy parameters as versioned data, age in full
// years, education ranks, the explained screening of an applicant and its
// overrides, ranking and selection by scores, the working days of the
// public notice (公示), the staffing norms of towns and villages, and the
// platform subsidies.
//
// The Service runs them on the database (through package store): policy
// versions and holiday calendars, posts, applications screened at
// submission and again when their data change, scores and selection, the
// city's joint review (联合审定), the public notice, the hire with its
// on-hire actions, and the staffing table. The register of residents and
// job-post training are reached through the Register and JobPostTraining
// interfaces (Deps), so this package imports neither roster nor courses.
// It knows nothing of HTTP.
package recruitment
