package recruitment

import "testing"

func TestEducationRankOrder(t *testing.T) {
	want := map[EducationLevel]int{
		EducationPrimary: 1, EducationJunior: 2,
		EducationSenior: 3, EducationSecondaryVocational: 3, EducationTechnicalSchool: 3,
		EducationCollege: 4, EducationBachelor: 5, EducationMaster: 6, EducationDoctor: 7,
		"": 0, "phd": 0,
	}
	for lvl, rank := range want {
		if got := lvl.Rank(); got != rank {
			t.Errorf("%q.Rank() = %d, want %d", lvl, got, rank)
		}
	}
	for i := 1; i < len(EducationLevels); i++ {
		if EducationLevels[i].Rank() < EducationLevels[i-1].Rank() {
			t.Errorf("EducationLevels not in order at %s", EducationLevels[i])
		}
	}
}

func TestEducationCodesAreStable(t *testing.T) {
	want := []string{"primary", "junior", "senior", "secondary_vocational", "technical_school", "college", "bachelor", "master", "doctor"}
	labels := []string{"小学", "初中", "高中", "中专", "技校", "大专", "本科", "硕士研究生", "博士研究生"}
	if len(EducationLevels) != len(want) {
		t.Fatalf("%d levels, want %d", len(EducationLevels), len(want))
	}
	for i, lvl := range EducationLevels {
		if string(lvl) != want[i] || lvl.Label() != labels[i] {
			t.Errorf("level %d = %s %s, want %s %s", i, lvl, lvl.Label(), want[i], labels[i])
		}
	}
}

func TestEducationAtLeastCollege(t *testing.T) {
	tests := []struct {
		lvl  EducationLevel
		want bool
	}{
		{EducationPrimary, false},
		{EducationJunior, false},
		{EducationSenior, false},
		{EducationSecondaryVocational, false},
		{EducationTechnicalSchool, false},
		{EducationCollege, true}, // 大专以上 includes 大专
		{EducationBachelor, true},
		{EducationMaster, true},
		{EducationDoctor, true},
		{"", false},
		{"phd", false},
	}
	for _, tt := range tests {
		if got := tt.lvl.AtLeast(EducationCollege); got != tt.want {
			t.Errorf("%s.AtLeast(college) = %v, want %v", tt.lvl, got, tt.want)
		}
	}
	if EducationDoctor.AtLeast("bogus") {
		t.Error("AtLeast an unknown level must be false")
	}
	if !EducationSenior.AtLeast(EducationTechnicalSchool) || !EducationTechnicalSchool.AtLeast(EducationSecondaryVocational) {
		t.Error("高中, 中专 and 技校 must rank equal")
	}
}
