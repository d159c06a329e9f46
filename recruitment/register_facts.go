package recruitment

import (
	"fmt"

	"skillcert/roster"
)

// Declared is what the applicant stated on the form about facts the
// register may also hold. The screening uses the register's fact where it
// has one; the declaration is kept so a later rescreening can compare
// again, and so the town sees what was claimed.
type Declared struct {
	Education     roster.Education `bson:"education" json:"education"`
	ComputerSkill ComputerSkill    `bson:"computerSkill" json:"computerSkill"`
}

// declare records the form's education level and computer skill as the
// applicant's declaration.
func (app *Application) declare(in ApplicationInput) {
	app.Declared = &Declared{Education: in.Education.Level, ComputerSkill: in.ComputerSkill}
}

// useRegisterFacts sets the education level and computer skill screened on
// from the register where it records them, the declaration otherwise, and
// lists each difference between the two in Chinese for the town. The
// school, major and full-time study are the applicant's: the register
// does not hold them.
func (app *Application) useRegisterFacts(p Person) {
	if app.Declared == nil { // an application stored before declarations were kept
		app.Declared = &Declared{Education: app.Education.Level, ComputerSkill: app.ComputerSkill}
	}
	d := app.Declared
	app.Education.Level, app.ComputerSkill = d.Education, d.ComputerSkill
	app.RegisterDifferences = nil
	if p.Education.Valid() {
		app.Education.Level = p.Education
		if d.Education != p.Education {
			app.RegisterDifferences = append(app.RegisterDifferences,
				fmt.Sprintf("学历：报名填写为%s，人员登记为%s，按登记信息审查", d.Education.Label(), p.Education.Label()))
		}
	}
	if p.ComputerSkill.Level != "" {
		app.ComputerSkill = p.ComputerSkill
		if d.ComputerSkill.Level != p.ComputerSkill.Level {
			app.RegisterDifferences = append(app.RegisterDifferences,
				fmt.Sprintf("计算机能力：报名填写为%s，人员登记为%s，按登记信息审查", d.ComputerSkill.Level.Label(), p.ComputerSkill.Level.Label()))
		}
	}
}
