package main

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/auth"
	"skillcert/certificates"
	"skillcert/orgs"
)

type myCertificatesPage struct {
	Page  skillcert.Page[certificateView]
	Pager pager
}

// pageMyCertificates lists the caller's own certificates with download
// links.
func (a *App) pageMyCertificates(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Certificates.Mine(c.UserContext(), actorOf(c), page)
	if err != nil {
		return err
	}
	views := a.certificateViews(res)
	return a.render(c, "pages/certificates_mine", "我的证书", "my-certificates",
		myCertificatesPage{Page: views, Pager: newPager(c, views.Page, views.Pages())})
}

// kindOption is one choice of the certificate-kind filter.
type kindOption struct{ Value, Label string }

var kindOptions = []kindOption{
	{"", "全部类型"},
	{string(certificates.KindJobPost), "岗位培训（平台工作人员）"},
	{string(certificates.KindVocational), "职业技能培训"},
	{string(certificates.KindEntrepreneurship), "创业培训"},
}

type certificatesHubPage struct {
	Expiring      skillcert.Page[certificateView]
	Pager         pager
	Filter        certificates.ExpiryFilter
	Days          int
	Kinds         []kindOption
	Towns         []orgs.Unit
	CanChooseTown bool
	TownName      string
	Courses       *coursePicker // find a course by its title
}

// pageCertificates is the staff's certificate desk: open a course's
// certificates, and the certificates of the town expiring soon.
func (a *App) pageCertificates(c *fiber.Ctx) error {
	if course := c.Query("course"); course != "" {
		return c.Redirect("/courses/"+url.PathEscape(course)+"/certificates", fiber.StatusSeeOther)
	}
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	f, err := expiryFilter(c)
	if err != nil {
		return err
	}
	actor := actorOf(c)
	res, err := a.Certificates.Expiring(c.UserContext(), actor, f, page)
	if err != nil {
		return err
	}
	views := a.certificateViews(res)
	d := certificatesHubPage{Expiring: views, Pager: newPager(c, views.Page, views.Pages()), Filter: f, Days: f.Days, Kinds: kindOptions,
		CanChooseTown: auth.ListScope(actor).All}
	if d.Days == 0 {
		d.Days = certificates.DefaultExpiryDays
	}
	if d.CanChooseTown {
		d.Towns = a.Orgs.Towns()
	}
	if d.Courses, err = a.pickCourse(c); err != nil {
		return err
	}
	switch {
	case f.Town != "":
		d.TownName = a.Orgs.TownName(f.Town)
	case d.CanChooseTown:
		d.TownName = "全市"
	default:
		d.TownName = a.Orgs.TownName(actor.Town)
	}
	return a.render(c, "pages/certificates_desk", "证书管理", "certificates", d)
}

type courseCertificatesPage struct {
	Course      certificates.CourseFacts
	KindTitle   string
	Organizer   string
	Completed   int
	Unissued    int
	Known       bool // the completions are readable
	Rows        []certificateView
	Total       int64
	Pager       pager
	ZipURL      string
	Back        string
	ValidInPage bool
}

// pageCourseCertificates is a course's certificates for staff: issue the
// batch, download the zip, revoke or reissue one.
func (a *App) pageCourseCertificates(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Certificates.Course(c.UserContext(), actorOf(c), c.Params("courseId"), page)
	if err != nil {
		return err
	}
	views := a.certificateViews(res.Certificates)
	d := courseCertificatesPage{
		Course: res.Course, KindTitle: res.Course.Kind.Title(), Organizer: "市局",
		Completed: res.Completed, Unissued: res.Unissued, Known: res.Completed >= 0,
		Rows: views.Items, Total: views.Total, Pager: newPager(c, views.Page, views.Pages()),
		ZipURL: "/courses/" + url.PathEscape(res.Course.ID) + "/certificates/zip", Back: c.OriginalURL(),
	}
	if res.Course.Town != "" {
		d.Organizer = a.Orgs.TownName(res.Course.Town)
	}
	for _, r := range views.Items {
		if r.Downloadable {
			d.ValidInPage = true
		}
	}
	return a.render(c, "pages/certificates_course", res.Course.Title+" · 证书", "certificates", d)
}

// userError reports whether err is one the user can act on, shown as a
// flash message rather than an error page.
func userError(err error) bool {
	code := skillcert.ErrorCode(err)
	return code == skillcert.EINVALID || code == skillcert.ECONFLICT
}

func (a *App) pageIssueCourse(c *fiber.Ctx) error {
	courseID := c.Params("courseId")
	back := "/courses/" + url.PathEscape(courseID) + "/certificates"
	res, err := a.Certificates.IssueCourse(c.UserContext(), actorOf(c), courseID)
	if err != nil {
		if userError(err) {
			return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	kind := "ok"
	if len(res.Failed) > 0 {
		kind = "error"
	}
	return a.redirectWithFlash(c, back, kind, res.Summary())
}

func (a *App) pageRevokeCertificate(c *fiber.Ctx) error {
	back := safeNext(c.FormValue("back", "/certificates"))
	cert, err := a.Certificates.Revoke(c.UserContext(), actorOf(c), c.Params("id"), c.FormValue("reason"))
	if err != nil {
		if userError(err) {
			return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	return a.redirectWithFlash(c, back, "ok", "已撤销证书 "+cert.Number)
}

func (a *App) pageReissueCertificate(c *fiber.Ctx) error {
	back := safeNext(c.FormValue("back", "/certificates"))
	cert, err := a.Certificates.Reissue(c.UserContext(), actorOf(c), c.Params("id"), c.FormValue("reason"))
	if err != nil {
		if userError(err) {
			return a.redirectWithFlash(c, back, "error", skillcert.ErrorMessage(err))
		}
		return err
	}
	return a.redirectWithFlash(c, back, "ok", "已补发，新证书编号 "+cert.Number+"，原证书已作废")
}

// verifyPage is the public verification page: the form, and the answer
// or the reason there is none.
type verifyPage struct {
	Number string
	Name   string
	Result *certificates.Verification
	Error  string
}

func (a *App) pageVerify(c *fiber.Ctx) error {
	return a.render(c, "pages/certificates_verify", "证书查验", "", verifyPage{Number: c.Query("number")})
}

func (a *App) pageVerifySubmit(c *fiber.Ctx) error {
	d := verifyPage{Number: c.FormValue("number"), Name: c.FormValue("name")}
	v, err := a.Certificates.VerifyByNumber(c.UserContext(), c.IP(), d.Number, d.Name)
	return a.renderVerification(c, d, v, err)
}

func (a *App) pageVerifyToken(c *fiber.Ctx) error {
	v, err := a.Certificates.VerifyByToken(c.UserContext(), c.IP(), c.Params("token"))
	return a.renderVerification(c, verifyPage{}, v, err)
}

// renderVerification shows an answer, or the form again with the reason
// and the error's status.
func (a *App) renderVerification(c *fiber.Ctx, d verifyPage, v *certificates.Verification, err error) error {
	if err != nil {
		code := skillcert.ErrorCode(err)
		if code == skillcert.EINTERNAL || code == skillcert.EUNAVAILABLE {
			return err
		}
		d.Error = skillcert.ErrorMessage(err)
		c.Status(statusOf[code])
	}
	d.Result = v
	return a.render(c, "pages/certificates_verify", "证书查验", "", d)
}
