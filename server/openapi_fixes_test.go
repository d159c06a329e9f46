package main

import (
	"reflect"
	"testing"

	"skillcert/recruitment"
	"skillcert/roster"
)

// TestOpenAPIDescribesTheBirthYearNotTheBirthDate: the documented shape
// of persons and applications is the one they are written in.
func TestOpenAPIDescribesTheBirthYearNotTheBirthDate(t *testing.T) {
	for _, v := range []any{roster.Person{}, recruitment.Application{}} {
		gen := &schemaGen{components: map[string]any{}}
		typ := reflect.TypeOf(v)
		gen.schema(typ)
		props, _ := gen.components[componentName(typ)].(map[string]any)["properties"].(map[string]any)
		if props["idMasked"] == nil || props["birthYear"] == nil || props["birthDate"] != nil {
			t.Errorf("%s: idMasked %v, birthYear %v, birthDate %v", typ, props["idMasked"] != nil, props["birthYear"] != nil, props["birthDate"] != nil)
		}
	}
}
