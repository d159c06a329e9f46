package recruitment

import (
	"fmt"

	"skillcert"
)

// SubsidyParams are the subsidy figures of policy part 四 that the policy
// text leaves to the city (社保补贴 amount, 奖励补助 "一定倍率 … 具体办法
// 另行制定"). They are parameters of a policy version like the rest; the
// defaults filled on the stored version 2012-1 are placeholders for the
// city to confirm, not figures of the policy.
type SubsidyParams struct {
	// InsuranceShare is the employer's social-insurance share (社保补贴，
	// 单位缴纳部分) paid per coordinator and full month on post.
	InsuranceShare Fen `bson:"insuranceShareFen" json:"insuranceShareFen"`
	// RewardBands are the reward multiples by assessment band, the highest
	// band first or in any order; a town's yearly score (in tenths of a
	// point) falls in the band with the highest MinTenths it reaches. No
	// band reached means no reward.
	RewardBands []RewardBand `bson:"rewardBands" json:"rewardBands"`
	// SubsidyNote says where the figures above come from.
	SubsidyNote string `bson:"subsidyNote,omitempty" json:"subsidyNote,omitempty"`
}

// RewardBand is one band of the reward subsidy: a yearly assessment score
// of MinTenths/10 points or more (以上, inclusive) earns MultiplePercent of
// the monthly minimum wage per coordinator and month (50 = half a month's
// wage), capped at the coordinator's actual pay.
type RewardBand struct {
	Label           string `bson:"label" json:"label"`
	MinTenths       int64  `bson:"minTenths" json:"minTenths"`
	MultiplePercent int    `bson:"multiplePercent" json:"multiplePercent"`
}

// DefaultSubsidyParams are the placeholders filled on the stored version
// 2012-1 (schema step 50): the policy gives neither the insurance amount
// nor the reward multiples. The city must confirm or replace them by a new
// policy version.
func DefaultSubsidyParams() SubsidyParams {
	return SubsidyParams{
		InsuranceShare: Yuan(300),
		RewardBands: []RewardBand{
			{Label: "优秀", MinTenths: 900, MultiplePercent: 100},
			{Label: "良好", MinTenths: 800, MultiplePercent: 50},
			{Label: "合格", MinTenths: 600, MultiplePercent: 20},
		},
		SubsidyNote: "社保补贴金额与奖励补助倍率为系统默认值，政策原文未规定（“具体办法由市人力社保局会同财政局另行制定”），须由市局核定后以新版本更正。",
	}
}

// Validate checks the subsidy parameters; empty bands are allowed (no
// reward).
func (s SubsidyParams) Validate() error {
	if s.InsuranceShare < 0 {
		return skillcert.Invalid("insuranceShareFen", "社保补贴（单位缴纳部分）不能为负数")
	}
	seen := map[int64]bool{}
	for _, b := range s.RewardBands {
		switch {
		case b.MinTenths < 0 || b.MinTenths > 1000:
			return skillcert.Invalid("rewardBands", "奖励档次的分数下限应在 0 至 100 分之间")
		case seen[b.MinTenths]:
			return skillcert.Invalid("rewardBands", "奖励档次的分数下限 %d.%d 分重复", b.MinTenths/10, b.MinTenths%10)
		case b.MultiplePercent < 0 || b.MultiplePercent > 1200:
			return skillcert.Invalid("rewardBands", "奖励倍率应在 0%% 至 1200%% 之间，当前为 %d%%", b.MultiplePercent)
		}
		seen[b.MinTenths] = true
	}
	return nil
}

// BandFor is the reward band a score (tenths of a point) falls in; ok is
// false when it reaches none.
func (s SubsidyParams) BandFor(tenths int64) (RewardBand, bool) {
	var best RewardBand
	ok := false
	for _, b := range s.RewardBands {
		if tenths >= b.MinTenths && (!ok || b.MinTenths > best.MinTenths) {
			best, ok = b, true
		}
	}
	return best, ok
}

// String writes the band, e.g. "优秀（90.0 分以上，最低月工资 × 100%）".
func (b RewardBand) String() string {
	return fmt.Sprintf("%s（%d.%d 分以上，最低月工资 × %d%%）", b.Label, b.MinTenths/10, b.MinTenths%10, b.MultiplePercent)
}

// IsZero reports whether no subsidy parameter is set.
func (s SubsidyParams) IsZero() bool {
	return s.InsuranceShare == 0 && len(s.RewardBands) == 0 && s.SubsidyNote == ""
}

// inheritSubsidyParams gives a new version whose subsidy parameters were
// left out (the policy form does not edit them yet) those of the version
// in force on its effective date, so that adding a version for another
// figure does not silently drop the insurance share and the reward bands.
func inheritSubsidyParams(existing []PolicyParams, p PolicyParams) SubsidyParams {
	if !p.SubsidyParams.IsZero() {
		return p.SubsidyParams
	}
	prev, err := PolicyAt(existing, p.EffectiveFrom)
	if err != nil {
		return p.SubsidyParams
	}
	return prev.SubsidyParams
}
