package storetest

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert/store"
)

// Relay is a TCP relay between the driver and the engine that can be
// frozen: while frozen it accepts connections and takes what the driver
// sends but passes nothing on in either direction, so the database looks
// like an engine that never answers (the hang of issue 15, simulated at
// the socket: the engine itself stays healthy for the other tests).
type Relay struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	frozen bool
	thawed *sync.Cond
	conns  []net.Conn
}

// NewRelay relays connections from a loopback port to target (host:port)
// until the test ends.
func NewRelay(tb testing.TB, target string) *Relay {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	r := &Relay{ln: ln, target: target}
	r.thawed = sync.NewCond(&r.mu)
	go r.accept()
	tb.Cleanup(r.close)
	return r
}

// Addr is the relay's address.
func (r *Relay) Addr() string { return r.ln.Addr().String() }

// Freeze stops passing bytes on; Thaw resumes.
func (r *Relay) Freeze() { r.mu.Lock(); r.frozen = true; r.mu.Unlock() }

// Thaw resumes passing bytes on.
func (r *Relay) Thaw() {
	r.mu.Lock()
	r.frozen = false
	r.thawed.Broadcast()
	r.mu.Unlock()
}

func (r *Relay) close() {
	_ = r.ln.Close()
	r.Thaw()
	r.mu.Lock()
	for _, c := range r.conns {
		_ = c.Close()
	}
	r.mu.Unlock()
}

func (r *Relay) accept() {
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.DialTimeout("tcp", r.target, 5*time.Second)
		if err != nil {
			_ = c.Close()
			continue
		}
		r.mu.Lock()
		r.conns = append(r.conns, c, up)
		r.mu.Unlock()
		go r.pipe(up, c)
		go r.pipe(c, up)
	}
}

// pipe copies src to dst, holding each chunk while the relay is frozen.
func (r *Relay) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			r.mu.Lock()
			for r.frozen {
				r.thawed.Wait()
			}
			r.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil { // EOF or a closed connection: close the other side too
			return
		}
	}
}

// OpenThroughRelay returns a migrated, empty test database on the
// embedded engine reached through a Relay, with the store configuration
// adjusted by mod (deadlines, logger). It needs the embedded engine
// (MONGODB_URI unset).
func OpenThroughRelay(tb testing.TB, mod func(*store.Config)) (*store.DB, *Relay) {
	tb.Helper()
	cfg := Config(tb)
	if cfg.Embedded == nil {
		tb.Skip("the relay stands between the driver and the embedded engine")
	}
	host := strings.TrimPrefix(cfg.Embedded.URI(), "mongodb://")
	host, _, _ = strings.Cut(host, "/")
	r := NewRelay(tb, host)
	cfg.Embedded = cfg.Embedded.Via(r.Addr())
	if mod != nil {
		mod(&cfg)
	}
	store.RecordShapes(true)
	ctx := context.Background()
	db, err := store.Open(ctx, cfg)
	if err != nil {
		tb.Fatalf("open test database through the relay: %v", err)
	}
	if err := db.Migrate(ctx, store.Steps); err != nil {
		tb.Fatalf("migrate test database: %v", err)
	}
	tb.Cleanup(func() {
		r.Thaw()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = db.Drop(ctx)
		_ = db.Close(ctx)
	})
	return db, r
}
