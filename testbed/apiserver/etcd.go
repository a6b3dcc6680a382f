package main

import (
	"fmt"
	"net/url"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
)

// embeddedEtcd is a single-member etcd running inside this process.
type embeddedEtcd struct {
	*embed.Etcd
	clientURL string
}

// startEtcd starts etcd on loopback ports the kernel picks, with its data under dir.
func startEtcd(dir string) (*embeddedEtcd, error) {
	cfg := embed.NewConfig()
	cfg.Name = "testbed"
	cfg.Dir = dir
	cfg.LogLevel = "error"
	// Test data is thrown away after the run: skipping fsync keeps a shared disk out of the picture.
	cfg.UnsafeNoFsync = true
	loopback := url.URL{Scheme: "http", Host: "127.0.0.1:0"}
	cfg.ListenClientUrls = []url.URL{loopback}
	cfg.AdvertiseClientUrls = []url.URL{loopback}
	cfg.ListenPeerUrls = []url.URL{loopback}
	cfg.AdvertisePeerUrls = []url.URL{loopback}
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
	return &embeddedEtcd{Etcd: e, clientURL: "http://" + e.Clients[0].Addr().String()}, nil
}
