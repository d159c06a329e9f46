package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"skillcert"
)

// maxJSONBody bounds a JSON request body; uploads have their own limits.
const maxJSONBody = 1 << 20

// bindJSON decodes the request body strictly into v: JSON content type,
// no unknown fields, no trailing data, bounded size. Every failure is a
// 4xx with a Chinese message naming the problem.
func bindJSON(c *fiber.Ctx, v any) error {
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	if !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
		return skillcert.Errorf(skillcert.EINVALID, "请求内容须为 JSON（Content-Type: application/json）")
	}
	body := c.Body()
	if len(body) > maxJSONBody {
		return skillcert.Errorf(skillcert.ETOOLARGE, "请求内容超过 %d KB 上限", maxJSONBody>>10)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return skillcert.Errorf(skillcert.EINVALID, "请求内容在 JSON 之后还有多余数据")
	}
	return nil
}

func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return skillcert.Errorf(skillcert.EINVALID, "请求内容为空")
	case errors.As(err, &syn):
		return skillcert.Errorf(skillcert.EINVALID, "JSON 格式错误（第 %d 个字节附近）", syn.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return skillcert.Errorf(skillcert.EINVALID, "JSON 不完整")
	case errors.As(err, &typ):
		return &skillcert.Error{Code: skillcert.EINVALID, Field: typ.Field, Message: fmt.Sprintf("字段“%s”的类型不正确，应为%s", typ.Field, typeName(typ.Type.Kind().String()))}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &skillcert.Error{Code: skillcert.EINVALID, Field: name, Message: fmt.Sprintf("不认识的字段“%s”", name)}
	}
	return skillcert.Errorf(skillcert.EINVALID, "请求内容无法解析")
}

func typeName(kind string) string {
	switch kind {
	case "string":
		return "文本"
	case "bool":
		return "是/否（true 或 false）"
	case "slice", "array":
		return "列表"
	case "struct", "map":
		return "对象"
	}
	if strings.HasPrefix(kind, "int") || strings.HasPrefix(kind, "uint") || strings.HasPrefix(kind, "float") {
		return "数字"
	}
	return kind
}

// pageQuery reads ?page=&size= with defaults and bounds.
func pageQuery(c *fiber.Ctx) (skillcert.PageRequest, error) {
	p := skillcert.PageRequest{}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"page", &p.Page}, {"size", &p.Size}} {
		s := c.Query(f.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, skillcert.Invalid(f.name, "参数 %s 应为正整数", f.name)
		}
		if f.name == "size" && n > skillcert.MaxPageSize {
			return p, skillcert.Invalid("size", "每页最多 %d 条", skillcert.MaxPageSize)
		}
		*f.dst = n
	}
	return p.Normalize(), nil
}
