package store

import (
	"fmt"
	"net"
)

// checkLoopback refuses a listen address that is not a loopback IP: the
// embedded engine has no authentication.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("store: engine address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("store: the embedded engine listens on loopback only, not %q", addr)
	}
	return nil
}
