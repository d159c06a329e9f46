// Package certificates prints training certificates (培训合格证书) as PDF
// and streams batches of them into a zip. The renderer embeds its fonts,
// refuses text it cannot print, and renders the same certificate to the
// same bytes so that downloads can carry an ETag.
package certificates
