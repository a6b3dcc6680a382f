// Command testbed-apiserver runs a real etcd and a real kube-apiserver in one process, with the
// controller manager's garbage collector, namespace and service-account controllers, for tests only.
//
// It is started by the testkit (packages/testkit/src/kube-real/) with a fresh data directory. It
// writes everything it makes (etcd data, certificates, logs) under that directory, prints one JSON
// line on stdout once the API server listens, and shuts down on SIGTERM, SIGINT or when its stdin
// closes (so a test runner that dies takes the server with it).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
)

// announcement is the one line on stdout that tells the testkit where the server is.
type announcement struct {
	Server string `json:"server"`
	CAFile string `json:"caFile"`
	Etcd   string `json:"etcd"`
	PID    int    `json:"pid"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "testbed-apiserver: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	dataDir := flag.String("data-dir", "", "fresh directory for etcd data, certificates and logs (required)")
	tokenFile := flag.String("token-auth-file", "", "static token file (token,user,uid,\"group1,group2\") of the test identities (required)")
	controllerToken := flag.String("controller-token-file", "", "file holding the token (one of --token-auth-file, in group system:masters) the in-process controllers use (required)")
	gcSyncPeriod := flag.Duration("gc-sync-period", defaultGCSyncPeriod, "how often the garbage collector rediscovers resources (kube-controller-manager uses 30s)")
	flag.Parse()
	if *dataDir == "" || *tokenFile == "" || *controllerToken == "" {
		return fmt.Errorf("--data-dir, --token-auth-file and --controller-token-file are required")
	}
	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopOnSignalOrStdinEOF(cancel)

	pki, err := writePKI(filepath.Join(dir, "pki"))
	if err != nil {
		return fmt.Errorf("writing certificates: %w", err)
	}
	etcd, err := startEtcd(filepath.Join(dir, "etcd"))
	if err != nil {
		return fmt.Errorf("starting etcd: %w", err)
	}
	defer etcd.Close()

	server, err := newAPIServer(ctx, apiServerConfig{
		etcdURL:   etcd.clientURL,
		pki:       pki,
		tokenFile: *tokenFile,
		extraArgs: flag.Args(),
	})
	if err != nil {
		return fmt.Errorf("configuring kube-apiserver: %w", err)
	}
	line, _ := json.Marshal(announcement{Server: server.url, CAFile: pki.caFile, Etcd: etcd.clientURL, PID: os.Getpid()})
	fmt.Println(string(line))

	token, err := os.ReadFile(*controllerToken)
	if err != nil {
		return fmt.Errorf("reading --controller-token-file: %w", err)
	}
	go runControllers(ctx, controllerConfig{
		server:       server.url,
		caFile:       pki.caFile,
		token:        string(token),
		gcSyncPeriod: *gcSyncPeriod,
	})

	errs := make(chan error, 2)
	go func() { errs <- server.run(ctx) }()
	go func() { errs <- <-etcd.Err() }()
	select {
	case err := <-errs:
		if ctx.Err() != nil {
			return nil
		}
		return err
	case <-ctx.Done():
		// The API server drains and stops on its own once ctx is done; wait for it briefly.
		return <-errs
	}
}

// stopOnSignalOrStdinEOF cancels the run on SIGTERM/SIGINT or when the parent closes our stdin.
func stopOnSignalOrStdinEOF(cancel context.CancelFunc) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-signals
		cancel()
	}()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
}
