package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// embeddedEtcd is a single-member etcd running inside this process.
type embeddedEtcd struct {
	*embed.Etcd
	clientURL string
}

// startEtcd starts etcd on loopback with its data under dir. The client port is picked up front
// (etcd's JSON gateway dials the configured client address, so it cannot stay ":0"); should another
// process take that port in between, it tries again with a new one.
func startEtcd(dir string) (*embeddedEtcd, error) {
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freeLoopbackPort()
		if err != nil {
			return nil, err
		}
		e, err := startEtcdOn(dir, port)
		if err == nil {
			return e, nil
		}
		lastErr = err
		if !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
	}
	return nil, lastErr
}

func freeLoopbackPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func startEtcdOn(dir string, clientPort int) (*embeddedEtcd, error) {
	cfg := embed.NewConfig()
	cfg.Name = "testbed"
	cfg.Dir = dir
	cfg.LogLevel = "error"
	// Test data is thrown away after the run: skipping fsync keeps a shared disk out of the picture.
	cfg.UnsafeNoFsync = true
	client := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(clientPort))}
	// A single member never dials its peers: the kernel may pick the peer port.
	peer := url.URL{Scheme: "http", Host: "127.0.0.1:0"}
	cfg.ListenClientUrls = []url.URL{client}
	cfg.AdvertiseClientUrls = []url.URL{client}
	cfg.ListenPeerUrls = []url.URL{peer}
	cfg.AdvertisePeerUrls = []url.URL{peer}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)

	e, err := embed.StartEtcd(cfg)
	if err != nil {
		return nil, err
	}
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(2 * time.Minute):
		e.Close()
		return nil, fmt.Errorf("etcd was not ready within 2 minutes")
	}
	return &embeddedEtcd{Etcd: e, clientURL: client.String()}, nil
}
