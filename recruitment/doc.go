// Package recruitment holds the pure rules of recruiting coordinators
// (人力社保协理员) under policy 三(二) of the 2012 city policy: the policy
// parameters as versioned data, age in full years, education ranks, the
// explained screening of an applicant, ranking and selection by scores, the
// working days of the public notice (公示), the staffing norms of towns and
// villages, and the platform subsidies. It knows nothing of storage or HTTP.
package recruitment
