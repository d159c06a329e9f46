// Package subsidies runs the subsidies of policy part 四 (经费补助): the
// one-time platform construction subsidy a town applies for and the city
// approves after the on-site acceptance, and the monthly personnel subsidy
// ledger of each town (basic subsidy, social-insurance share and reward),
// drafted by the town, submitted and approved by the city. The amounts
// come from the pure computations of package recruitment under the policy
// version in force on the date in question; everything is in integer fen.
// It knows nothing of HTTP; every change is audited and made by a
// conditional update, so two concurrent approvals cannot both pass.
package subsidies
