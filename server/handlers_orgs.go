package main

import (
	"github.com/gofiber/fiber/v2"

	"skillcert/orgs"
)

// orgNode is a unit with its children, as the API shows the tree.
type orgNode struct {
	orgs.Unit
	TypeLabel string    `json:"typeLabel"`
	Children  []orgNode `json:"children,omitempty"`
}

func (a *App) node(u orgs.Unit, depth int) orgNode {
	n := orgNode{Unit: u, TypeLabel: u.Type.Label()}
	if depth > 0 {
		for _, ch := range a.Orgs.Children(u.Code) {
			n.Children = append(n.Children, a.node(ch, depth-1))
		}
	}
	return n
}

func (a *App) apiOrgTree(c *fiber.Ctx) error {
	return c.JSON([]orgNode{a.node(a.Orgs.City(), 2)})
}

func (a *App) apiOrgUnit(c *fiber.Ctx) error {
	u, err := a.Orgs.Get(c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(a.node(u, 1))
}

type orgsPage struct {
	Note  string
	Towns []townBlock
}

type townBlock struct {
	Unit     orgs.Unit
	Villages []orgs.Unit
}

func (a *App) pageOrgs(c *fiber.Ctx) error {
	data := orgsPage{Note: "桐乡市的街道、镇、开发区（新区）为真实单位；村（社区）名单和户籍人口为示例数据，上线前由市局核定。"}
	actor := actorOf(c)
	for _, t := range a.Orgs.Towns() {
		if actor != nil && actor.Town != "" && actor.Town != t.Code {
			continue
		}
		data.Towns = append(data.Towns, townBlock{Unit: t, Villages: a.Orgs.Villages(t.Code)})
	}
	return a.render(c, "pages/orgs", "组织架构", "orgs", data)
}
