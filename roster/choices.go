package roster

// TargetGroupChoices lists the target groups' Chinese labels joined by 、,
// for the refusal messages of other packages that take a group.
func TargetGroupChoices() string { return labels(TargetGroups, TargetGroup.Label) }

// EducationChoices lists the education levels' Chinese labels joined by 、,
// for the refusal messages of other packages that take a level.
func EducationChoices() string { return labels(Educations, Education.Label) }

// ComputerLevelChoices lists the computer levels' Chinese labels joined by
// 、, for the refusal messages of other packages that take a level.
func ComputerLevelChoices() string { return labels(ComputerLevels, ComputerLevel.Label) }
