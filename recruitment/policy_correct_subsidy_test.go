package recruitment

import (
	"testing"
	"time"

	"skillcert"
)

// TestCorrectionKeepsTheVersionsSubsidyParams: the policy form has no
// subsidy fields, so a correction sent without them keeps the corrected
// version's own rather than dropping them.
func TestCorrectionKeepsTheVersionsSubsidyParams(t *testing.T) {
	f := newFixture(t) // today 2026-04-01
	in := PolicyInput{PolicyParams: DefaultPolicy(), EffectiveFrom: "2026-06-01"}
	in.Version = "2026-1"
	in.SubsidyParams.InsuranceShare = Yuan(412)
	must(f.svc.AddPolicyVersion(f.ctx, cityAdmin, in))(t)
	fix := in
	fix.AgeLimit = 40
	fix.SubsidyParams = SubsidyParams{}
	must(f.svc.CorrectPolicyVersion(f.ctx, cityAdmin, "2026-1", fix))(t)
	got := must(f.svc.PolicyInForce(f.ctx, skillcert.NewDate(2026, time.June, 1)))(t)
	if got.AgeLimit != 40 || got.InsuranceShare != Yuan(412) {
		t.Errorf("after the correction: age %d, insurance share %s; want 40 and 412.00", got.AgeLimit, got.InsuranceShare)
	}
}
