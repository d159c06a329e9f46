package main

import (
	"reflect"

	"skillcert/recruitment"
	"skillcert/roster"
)

// schemaFixes correct the generated schema of types whose MarshalJSON
// writes other fields than their struct tags say.
var schemaFixes = map[reflect.Type]func(props map[string]any){
	// Beside the masked ID number, the birth year stands for the birth
	// date (roster.Person.MarshalJSON, recruitment.Application.MarshalJSON).
	reflect.TypeOf(roster.Person{}):           birthYearInsteadOfDate,
	reflect.TypeOf(recruitment.Application{}): birthYearInsteadOfDate,
}

func birthYearInsteadOfDate(props map[string]any) {
	delete(props, "birthDate")
	props["birthYear"] = map[string]any{"type": "integer", "description": "出生年份（不提供出生日期：它与脱敏身份证号合起来即为完整号码）"}
}
