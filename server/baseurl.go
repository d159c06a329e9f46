package main

import (
	"net"
	"net/url"
)

// warnBaseURL warns at start-up when SKILLCERT_BASE_URL is unset and the
// server listens where other devices can reach it: the links it prints
// (certificate QR codes, calendar feeds, the check-in QR) would name
// localhost, which a phone or another computer cannot open.
func (a *App) warnBaseURL(addr net.Addr) {
	if !a.cfg.BaseURLDefaulted {
		return
	}
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP.IsLoopback() {
		return
	}
	u, err := url.Parse(a.cfg.BaseURL)
	if err != nil {
		return
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !(ip.IsLoopback() || ip.IsUnspecified())) {
		return // made from a specific address others can reach
	}
	a.log.Warn("SKILLCERT_BASE_URL is not set: certificate QR codes, calendar-feed and check-in links will point to "+a.cfg.BaseURL+
		", which other devices cannot open; set SKILLCERT_BASE_URL (or -base-url) to the address users reach this server at",
		"listen", addr.String(), "url", a.cfg.BaseURL)
}
