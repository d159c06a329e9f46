package main

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"skillcert/auth"
)

// The OpenAPI 3 document is generated from the route table, so a route
// cannot be added without being described; the test checks that every
// /api route registered in Fiber is in it.

var pathParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

func openAPIPath(p string) string { return pathParam.ReplaceAllString(p, "{$1}") }

func (a *App) openAPIHandler(c *fiber.Ctx) error {
	return c.JSON(a.openAPI())
}

func (a *App) openAPI() map[string]any {
	gen := &schemaGen{components: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, r := range a.routes {
		if !strings.HasPrefix(r.Path, "/api/") && r.Path != "/healthz" && r.Path != "/readyz" {
			continue
		}
		p := openAPIPath(r.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		op := map[string]any{"summary": r.Summary, "tags": []string{r.Tag}, "x-permission": string(r.Perm)}
		roles := []string{}
		for _, role := range auth.RolesWith(r.Perm) {
			roles = append(roles, string(role))
		}
		op["x-roles"] = roles
		if r.Perm != auth.PermPublic {
			op["security"] = []map[string][]string{{"bearer": {}}, {"cookie": {}}}
		}
		var params []map[string]any
		for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range r.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "required": false, "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if r.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": gen.schema(reflect.TypeOf(r.Body))}}}
		}
		status := r.Status
		if status == 0 {
			status = 200
		}
		ok := map[string]any{"description": "成功"}
		if r.Reply != nil {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": gen.schema(reflect.TypeOf(r.Reply))}}
		}
		op["responses"] = map[string]any{
			itoa(status): ok,
			"default":    map[string]any{"description": "错误", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
		}
		paths[p][strings.ToLower(r.Method)] = op
	}
	gen.components["Error"] = map[string]any{"type": "object", "properties": map[string]any{
		"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
			"code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string", "description": "中文说明"},
			"field": map[string]any{"type": "string"}}}}}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "skillcert 人力社保培训与证书平台 API", "version": "1.0",
			"description": "错误统一为 {\"error\":{\"code\",\"message\"}}，message 为中文。API 客户端用 Bearer 令牌，网页用 HttpOnly Cookie（此时修改类请求须带 X-CSRF-Token）。"},
		"servers": []map[string]any{{"url": a.cfg.BaseURL}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": gen.components,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
				"cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": tokenCookie},
			},
		},
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

type schemaGen struct {
	components map[string]any
}

var timeType = reflect.TypeOf(time.Time{})

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return map[string]any{"type": "number"}
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte"}
		}
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case t.Kind() == reflect.Struct:
		name := componentName(t)
		if _, ok := g.components[name]; !ok {
			g.components[name] = map[string]any{} // placeholder against recursion
			props := map[string]any{}
			g.fields(t, props)
			if fix, ok := schemaFixes[t]; ok {
				fix(props)
			}
			g.components[name] = map[string]any{"type": "object", "properties": props}
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func (g *schemaGen) fields(t reflect.Type, props map[string]any) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				g.fields(ft, props)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = g.schema(f.Type)
	}
}

func componentName(t reflect.Type) string {
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		// Generic instance: pageOf[skillcert/auth.Account] → pageOf_Account.
		inner := name[i+1 : len(name)-1]
		if j := strings.LastIndexAny(inner, "./"); j >= 0 {
			inner = inner[j+1:]
		}
		name = name[:i] + "_" + inner
	}
	pkg := t.PkgPath()
	if j := strings.LastIndexByte(pkg, '/'); j >= 0 {
		pkg = pkg[j+1:]
	}
	if pkg != "" && pkg != "main" {
		name = pkg + "." + name
	}
	return name
}
