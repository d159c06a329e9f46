package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"skillcert/keys"
)

// Config is the server's configuration, loaded once at start-up from
// environment variables (and flags, which win), then validated.
type Config struct {
	Addr            string        // SKILLCERT_ADDR, -addr
	MongoURI        string        // MONGODB_URI; empty = embedded engine
	Database        string        // SKILLCERT_DB
	DataDir         string        // SKILLCERT_DATA_DIR, -data
	BaseURL         string        // SKILLCERT_BASE_URL: public URL used in certificate QR codes
	JWTSecret       string        // SKILLCERT_JWT_SECRET; empty with the embedded engine = the data directory's key file
	IDKey           string        // SKILLCERT_ID_KEY: base64 of the 32-byte key sealing ID numbers; required with MONGODB_URI
	IDKeysOld       string        // SKILLCERT_ID_KEY_OLD: previous ID-number keys (comma-separated), read during a rotation
	LogLevel        slog.Level    // SKILLCERT_LOG_LEVEL: debug, info, warn, error
	LogFormat       string        // SKILLCERT_LOG_FORMAT: text or json
	Demo            bool          // SKILLCERT_DEMO: load demo data into an empty embedded database (default true)
	DemoPassword    string        // SKILLCERT_DEMO_PASSWORD: the demo accounts' password; empty = a random one kept in <data>/demo-password
	ShutdownTimeout time.Duration // SKILLCERT_SHUTDOWN_TIMEOUT
	ConnectTimeout  time.Duration // SKILLCERT_CONNECT_TIMEOUT: how long to wait for MongoDB at start-up
	RequestTimeout  time.Duration // SKILLCERT_REQUEST_TIMEOUT: deadline of each request's database work (0 = defaultRequestTimeout)
	// TrustedProxies (SKILLCERT_TRUSTED_PROXIES, comma-separated IPs or
	// CIDRs) are reverse proxies whose X-Forwarded-For names the client;
	// empty = clients connect directly.
	TrustedProxies []string
	// ExposeDBCommands adds the X-DB-Commands header (tests).
	ExposeDBCommands bool
	// VerifyAudit (-verify-audit) checks the audit chain and exits
	// instead of serving.
	VerifyAudit bool
	// BaseURLDefaulted says SKILLCERT_BASE_URL was not given and BaseURL
	// was made from the listen address (start-up warns when others
	// cannot open it).
	BaseURLDefaulted bool
}

// Default listen addresses: loopback for the embedded engine (a
// developer's or a small office's machine), every interface with MongoDB
// (a container behind a proxy).
const (
	defaultEmbeddedAddr = "127.0.0.1:8080"
	defaultServerAddr   = ":8080"
)

// LoadConfig reads the configuration from the environment and the flags.
func LoadConfig(args []string, getenv func(string) string) (Config, error) {
	env := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		MongoURI:  env("MONGODB_URI", ""),
		Database:  env("SKILLCERT_DB", "skillcert"),
		DataDir:   env("SKILLCERT_DATA_DIR", "./data"),
		BaseURL:   env("SKILLCERT_BASE_URL", ""),
		JWTSecret: env("SKILLCERT_JWT_SECRET", ""),
		IDKey:     env("SKILLCERT_ID_KEY", ""),
		IDKeysOld: env("SKILLCERT_ID_KEY_OLD", ""),
		LogFormat: env("SKILLCERT_LOG_FORMAT", "text"),
	}
	c.Addr = env("SKILLCERT_ADDR", defaultEmbeddedAddr)
	if c.MongoURI != "" {
		c.Addr = env("SKILLCERT_ADDR", defaultServerAddr)
	}
	var problems []string
	for _, p := range strings.Split(env("SKILLCERT_TRUSTED_PROXIES", ""), ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			problems = append(problems, fmt.Sprintf("SKILLCERT_TRUSTED_PROXIES: %q is not an IP address or CIDR", p))
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	level := env("SKILLCERT_LOG_LEVEL", "info")
	demo := env("SKILLCERT_DEMO", "true")
	c.DemoPassword = env("SKILLCERT_DEMO_PASSWORD", "")
	shutdown := env("SKILLCERT_SHUTDOWN_TIMEOUT", "15s")
	connect := env("SKILLCERT_CONNECT_TIMEOUT", "20s")
	request := env("SKILLCERT_REQUEST_TIMEOUT", defaultRequestTimeout.String())

	fs := flag.NewFlagSet("skillcert", flag.ContinueOnError)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data directory of the embedded database")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public base URL")
	fs.StringVar(&level, "log-level", level, "log level: debug, info, warn, error")
	fs.BoolVar(&c.VerifyAudit, "verify-audit", false, "check the audit trail's hash chain, print the first broken link and exit")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		problems = append(problems, fmt.Sprintf("SKILLCERT_LOG_LEVEL=%q: use debug, info, warn or error", level))
	}
	switch demo {
	case "true", "1", "yes":
		c.Demo = true
	case "false", "0", "no":
	default:
		problems = append(problems, fmt.Sprintf("SKILLCERT_DEMO=%q: use true or false", demo))
	}
	d, err := time.ParseDuration(shutdown)
	if err != nil || d <= 0 {
		problems = append(problems, fmt.Sprintf("SKILLCERT_SHUTDOWN_TIMEOUT=%q: use a duration such as 15s", shutdown))
	}
	c.ShutdownTimeout = d
	d, err = time.ParseDuration(connect)
	if err != nil || d <= 0 {
		problems = append(problems, fmt.Sprintf("SKILLCERT_CONNECT_TIMEOUT=%q: use a duration such as 20s", connect))
	}
	c.ConnectTimeout = d
	d, err = time.ParseDuration(request)
	if err != nil || d <= 0 {
		problems = append(problems, fmt.Sprintf("SKILLCERT_REQUEST_TIMEOUT=%q: use a duration such as 60s", request))
	}
	c.RequestTimeout = d
	if c.BaseURL == "" {
		c.BaseURLDefaulted = true
		host := c.Addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		c.BaseURL = "http://" + host
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if err := c.Validate(); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return c, errors.New("configuration: " + strings.Join(problems, "; "))
	}
	return c, nil
}

// Validate checks the values that cannot work.
func (c Config) Validate() error {
	var problems []string
	if c.Addr == "" {
		problems = append(problems, "the listen address (SKILLCERT_ADDR) is empty")
	}
	if c.Database == "" {
		problems = append(problems, "the database name (SKILLCERT_DB) is empty")
	}
	if c.MongoURI == "" && c.DataDir == "" {
		problems = append(problems, "the embedded engine needs a data directory (SKILLCERT_DATA_DIR)")
	}
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		problems = append(problems, "MONGODB_URI must start with mongodb:// or mongodb+srv://")
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		problems = append(problems, fmt.Sprintf("SKILLCERT_BASE_URL=%q is not an http(s) URL", c.BaseURL))
	}
	switch {
	case c.JWTSecret == "" && c.MongoURI != "":
		problems = append(problems, "SKILLCERT_JWT_SECRET is required with MONGODB_URI (at least 32 characters, e.g. head -c 32 /dev/urandom | base64)")
	case c.JWTSecret != "" && len(c.JWTSecret) < keys.MinSecretLen:
		problems = append(problems, "SKILLCERT_JWT_SECRET must be at least 32 characters")
	}
	problems = append(problems, c.validateIDKeys()...)
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, fmt.Sprintf("SKILLCERT_LOG_FORMAT=%q: use text or json", c.LogFormat))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// SecureCookies reports whether cookies must be marked Secure.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Loopback reports whether the listen address accepts connections from
// this machine only.
func (c Config) Loopback() bool {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
