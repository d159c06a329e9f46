package main

import (
	"encoding/json"
	"testing"
)

// TestOpenAPIDescribesTheBirthYearNotTheBirthDate: the documented shape
// of persons and applications is the one they are written in.
func TestOpenAPIDescribesTheBirthYearNotTheBirthDate(t *testing.T) {
	ta := newTestApp(t)
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	ta.call("GET", "/api/openapi.json", "", nil, 200, &doc)
	found := 0
	for name, s := range doc.Components.Schemas {
		if _, masked := s.Properties["idMasked"]; !masked {
			continue
		}
		if _, ok := s.Properties["birthDate"]; ok {
			t.Errorf("%s documents birthDate beside idMasked", name)
		}
		if _, ok := s.Properties["birthYear"]; ok {
			found++
		}
	}
	if found < 2 {
		t.Errorf("birthYear documented on %d schemas, want persons and applications", found)
	}
}
