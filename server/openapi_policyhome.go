package main

import (
	"reflect"

	"skillcert/recruitment"
)

// A construction tier's bound is written in m² by AreaTier.MarshalJSON
// (stored in hundredths of m²).
func init() {
	schemaFixes[reflect.TypeOf(recruitment.AreaTier{})] = func(props map[string]any) {
		props["minArea"] = map[string]any{"type": "number", "description": "服务场地面积下限（平方米，最多两位小数，含本数）"}
	}
}
