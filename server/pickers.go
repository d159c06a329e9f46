package main

import (
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/courses"
	"skillcert/roster"
)

// Pickers let staff find a person or a course by what they know — a name,
// the last four characters of an ID number, a course title — instead of
// typing an internal ID. They are plain GET search forms whose results
// carry a choose link or button; no script is needed.

// pickerSize is how many matches a picker lists.
const pickerSize = 10

// personPicker is the state of a person search on a page.
type personPicker struct {
	// Path is the page the search form and the choose links go to.
	Path     string
	Query    string
	Searched bool
	Results  []roster.Person
	More     bool // more matches than listed: refine the search
	// Chosen is the person picked (?personId=…), if any.
	Chosen *roster.Person
	// Keep are other query parameters the links keep.
	Keep map[string]string
}

// personQuery turns what was typed into a register filter: four
// characters that are digits (or a final X) are an ID-number suffix, a
// whole ID number is the number, anything else the start of a name.
func personQuery(q string) roster.Filter {
	q = strings.TrimSpace(q)
	n := utf8.RuneCountInString(q)
	isIDChars := q != "" && strings.IndexFunc(q, func(r rune) bool { return !(r >= '0' && r <= '9' || r == 'X' || r == 'x') }) < 0
	if isIDChars && (n == 4 || n == 18) {
		return roster.Filter{IDNumber: strings.ToUpper(q), Status: roster.PersonActive}
	}
	return roster.Filter{Name: q, Status: roster.PersonActive}
}

// pickPerson reads a person picker's query parameters (pq: the search,
// personId: the choice) and runs the search in the actor's scope.
func (a *App) pickPerson(c *fiber.Ctx) (*personPicker, error) {
	p := &personPicker{Path: c.Path(), Query: strings.TrimSpace(c.Query("pq")), Keep: map[string]string{}}
	ctx, actor := c.UserContext(), actorOf(c)
	if id := c.Query("personId"); id != "" {
		person, err := a.Roster.Get(ctx, actor, id)
		if err != nil {
			return nil, err
		}
		p.Chosen = person
	}
	if p.Query == "" {
		return p, nil
	}
	if utf8.RuneCountInString(p.Query) > 40 {
		return nil, skillcert.Invalid("pq", "搜索内容过长（最多 40 个字）")
	}
	p.Searched = true
	res, err := a.Roster.List(ctx, actor, personQuery(p.Query), skillcert.PageRequest{Page: 1, Size: pickerSize})
	if err != nil {
		return nil, err
	}
	p.Results, p.More = res.Items, res.Total > int64(len(res.Items))
	return p, nil
}

// coursePicker is the state of a course search by title.
type coursePicker struct {
	Query    string
	Searched bool
	Results  []courses.Course
}

// pickerCourseScan bounds how many of the actor's newest courses a title
// search looks through.
const pickerCourseScan = skillcert.MaxPageSize

// pickCourse finds the actor's courses whose title contains the query
// (cq), among their newest courses; without a query it lists the newest
// completed ones.
func (a *App) pickCourse(c *fiber.Ctx) (*coursePicker, error) {
	p := &coursePicker{Query: strings.TrimSpace(c.Query("cq"))}
	ctx, actor := c.UserContext(), actorOf(c)
	if utf8.RuneCountInString(p.Query) > 40 {
		return nil, skillcert.Invalid("cq", "搜索内容过长（最多 40 个字）")
	}
	if p.Query == "" {
		res, err := a.Courses.ListCourses(ctx, actor, courses.CourseFilter{Status: courses.StatusCompleted}, skillcert.PageRequest{Page: 1, Size: pickerSize})
		if err != nil {
			return nil, err
		}
		p.Results = res.Items
		return p, nil
	}
	p.Searched = true
	res, err := a.Courses.ListCourses(ctx, actor, courses.CourseFilter{}, skillcert.PageRequest{Page: 1, Size: pickerCourseScan})
	if err != nil {
		return nil, err
	}
	for _, co := range res.Items {
		if strings.Contains(co.Title, p.Query) && len(p.Results) < pickerSize {
			p.Results = append(p.Results, co)
		}
	}
	return p, nil
}
