package main

import (
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert"
	"skillcert/roster"
)

// revealReply is a whole ID number, shown after an audited reveal.
type revealReply struct {
	IDNumber string `json:"idNumber"`
}

// rejectRequest says why a self-registration is refused.
type rejectRequest struct {
	Reason string `json:"reason"`
}

// importReply is an import job with its progress and first faults.
type importReply struct {
	Job         roster.ImportJob  `json:"job"`
	StatusLabel string            `json:"statusLabel"`
	Percent     int               `json:"percent"`
	Finished    bool              `json:"finished"`
	Errors      []roster.RowError `json:"errors"`    // the first importErrorsShown faults, by row
	ReportURL   string            `json:"reportUrl"` // the .xlsx report of every fault, when there are any
}

// importErrorsShown is how many faults a reply and the page list.
const importErrorsShown = 100

func (a *App) apiListPersons(c *fiber.Ctx) error {
	page, err := pageQuery(c)
	if err != nil {
		return err
	}
	res, err := a.Roster.List(c.UserContext(), actorOf(c), rosterFilter(c), page)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (a *App) apiCreatePerson(c *fiber.Ctx) error {
	var in roster.PersonInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p, err := a.Roster.Create(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (a *App) apiGetPerson(c *fiber.Ctx) error {
	p, err := a.Roster.Get(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (a *App) apiUpdatePerson(c *fiber.Ctx) error {
	var in roster.PersonInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p, err := a.Roster.Update(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (a *App) apiDeletePerson(c *fiber.Ctx) error {
	if err := a.Roster.Delete(c.UserContext(), actorOf(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (a *App) apiRevealPerson(c *fiber.Ctx) error {
	n, err := a.Roster.RevealIDNumber(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(revealReply{IDNumber: n})
}

func (a *App) apiConfirmPerson(c *fiber.Ctx) error {
	var in roster.PersonInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p, err := a.Roster.Confirm(c.UserContext(), actorOf(c), c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (a *App) apiRejectPerson(c *fiber.Ctx) error {
	var in rejectRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := a.Roster.Reject(c.UserContext(), actorOf(c), c.Params("id"), in.Reason); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// readUpload reads the uploaded file of the multipart field "file", never
// more than one byte over the import size limit (the service refuses it).
func (a *App) readUpload(c *fiber.Ctx) (string, []byte, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return "", nil, skillcert.Invalid("file", "请选择要导入的 .xlsx 或 .csv 文件")
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, skillcert.Invalid("file", "无法读取上传的文件，请重新选择")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, a.Roster.Limits().MaxBytes+1))
	if err != nil {
		return "", nil, skillcert.Invalid("file", "无法读取上传的文件，请重新选择")
	}
	return fh.Filename, data, nil
}

func (a *App) apiStartImport(c *fiber.Ctx) error {
	name, data, err := a.readUpload(c)
	if err != nil {
		return err
	}
	job, err := a.Roster.StartImport(c.UserContext(), actorOf(c), name, data)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, "/api/imports/"+job.ID)
	return c.Status(fiber.StatusAccepted).JSON(a.importReply(job, nil))
}

func (a *App) importReply(job *roster.ImportJob, errs []roster.RowError) importReply {
	r := importReply{Job: *job, StatusLabel: job.Status.Label(), Percent: job.Percent(), Finished: job.Finished(), Errors: errs}
	if len(r.Errors) > importErrorsShown {
		r.Errors = r.Errors[:importErrorsShown]
	}
	if r.Errors == nil {
		r.Errors = []roster.RowError{}
	}
	if job.Faults > 0 && job.Finished() {
		r.ReportURL = "/imports/" + job.ID + "/errors.xlsx"
	}
	return r
}

// importWithErrors reads a job and, once it has finished, its faults.
func (a *App) importWithErrors(c *fiber.Ctx) (importReply, error) {
	job, err := a.Roster.GetImport(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return importReply{}, err
	}
	var errs []roster.RowError
	if job.Finished() && job.Faults > 0 {
		if errs, err = a.Roster.ImportErrors(c.UserContext(), actorOf(c), job.ID); err != nil {
			return importReply{}, err
		}
	}
	return a.importReply(job, errs), nil
}

func (a *App) apiGetImport(c *fiber.Ctx) error {
	r, err := a.importWithErrors(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(r)
}

func (a *App) apiRecentImports(c *fiber.Ctx) error {
	jobs, err := a.Roster.RecentImports(c.UserContext(), actorOf(c), 20)
	if err != nil {
		return err
	}
	if jobs == nil {
		jobs = []roster.ImportJob{}
	}
	return c.JSON(jobs)
}

func (a *App) importErrorReport(c *fiber.Ctx) error {
	data, err := a.Roster.ImportErrorReport(c.UserContext(), actorOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	return sendXLSX(c, "导入错误报告-"+c.Params("id")+".xlsx", "import-errors.xlsx", data)
}

func (a *App) importTemplate(c *fiber.Ctx) error {
	data, err := roster.ImportTemplate()
	if err != nil {
		return err
	}
	return sendXLSX(c, "劳动力资源登记导入模板.xlsx", "roster-template.xlsx", data)
}

// exportPersons serves the filtered list as .xlsx (API and page).
func (a *App) exportPersons(c *fiber.Ctx) error {
	data, _, err := a.Roster.Export(c.UserContext(), actorOf(c), rosterFilter(c), c.Query("full") == "1")
	if err != nil {
		return err
	}
	name := "劳动力资源登记-" + time.Now().In(shanghai).Format("20060102-1504") + ".xlsx"
	return sendXLSX(c, name, "persons.xlsx", data)
}

// sendXLSX sends a spreadsheet as a download named name (ascii is the
// name for clients that do not read UTF-8 file names). Personal data: no
// cache keeps it.
func sendXLSX(c *fiber.Ctx, name, ascii string, data []byte) error {
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name)))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(data)
}

func (a *App) apiRegister(c *fiber.Ctx) error {
	var in roster.Registration
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := a.Roster.Register(c.UserContext(), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(res)
}

func (a *App) apiProfile(c *fiber.Ctx) error {
	p, err := a.Roster.Profile(c.UserContext(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (a *App) apiUpdateProfile(c *fiber.Ctx) error {
	var in roster.ProfileInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p, err := a.Roster.UpdateProfile(c.UserContext(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// rosterFilter reads a list filter from the query.
func rosterFilter(c *fiber.Ctx) roster.Filter {
	return roster.FilterFromQuery(func(k string) string { return c.Query(k) })
}
