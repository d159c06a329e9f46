package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// fillSubsidyParams (step 50) adds the subsidy parameters the policy text
// leaves to the city — the employer's social-insurance share per
// coordinator-month and the reward bands — to the stored version 2012-1,
// where they are missing. The figures are placeholders the city must
// confirm (recruitment.DefaultSubsidyParams holds the same; a test keeps
// them equal), not figures of the policy.
func fillSubsidyParams(ctx context.Context, d *DB) error {
	band := func(label string, minTenths int64, pct int32) bson.D {
		return bson.D{{Key: "label", Value: label}, {Key: "minTenths", Value: minTenths}, {Key: "multiplePercent", Value: pct}}
	}
	_, err := d.Collection(CollPolicyParams).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: "2012-1"}, {Key: "rewardBands", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$set", Value: bson.D{
			{Key: "insuranceShareFen", Value: int64(30000)},
			{Key: "rewardBands", Value: bson.A{band("优秀", 900, 100), band("良好", 800, 50), band("合格", 600, 20)}},
			{Key: "subsidyNote", Value: "社保补贴金额与奖励补助倍率为系统默认值，政策原文未规定（“具体办法由市人力社保局会同财政局另行制定”），须由市局核定后以新版本更正。"},
		}}})
	return err
}
