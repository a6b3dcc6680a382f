package main

import (
	"context"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/controller-manager/pkg/informerfactory"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/pkg/controller/garbagecollector"
	namespacecontroller "k8s.io/kubernetes/pkg/controller/namespace"
	serviceaccountcontroller "k8s.io/kubernetes/pkg/controller/serviceaccount"
)

// kube-controller-manager rediscovers resources for the garbage collector every 30s; tests load
// CRDs right after start, so the default here is shorter. Only discovery timing differs.
const defaultGCSyncPeriod = 2 * time.Second

type controllerConfig struct {
	server       string
	caFile       string
	token        string
	gcSyncPeriod time.Duration
}

// runControllers runs, from kube-controller-manager's own packages and wired the way its
// cmd/kube-controller-manager/app/core.go wires them, the controllers a test of ownerReferences,
// namespaces and pods needs: the garbage collector, the namespace controller (so a deleted
// namespace empties and goes away) and the service-account controller (so every namespace gets
// its "default" account and the ServiceAccount admission plugin stays on).
func runControllers(ctx context.Context, cfg controllerConfig) {
	logger := klog.FromContext(ctx)
	config := &rest.Config{
		Host:            cfg.server,
		BearerToken:     cfg.token,
		TLSClientConfig: rest.TLSClientConfig{CAFile: cfg.caFile},
		QPS:             200,
		Burst:           400,
		UserAgent:       "testbed-controller-manager",
	}
	client := kubernetes.NewForConfigOrDie(config)
	metadataClient := metadata.NewForConfigOrDie(config)
	waitForServer(ctx, client)
	if ctx.Err() != nil {
		return
	}

	sharedInformers := informers.NewSharedInformerFactory(client, 0)
	metadataInformers := metadatainformer.NewSharedInformerFactory(metadataClient, 0)
	informersStarted := make(chan struct{})

	restMapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(client.Discovery()))
	gc, err := garbagecollector.NewGarbageCollector(ctx, client, metadataClient, restMapper,
		garbagecollector.DefaultIgnoredResources(),
		informerfactory.NewInformerFactory(sharedInformers, metadataInformers), informersStarted)
	if err != nil {
		logger.Error(err, "garbage collector not started")
		return
	}
	go gc.Run(ctx, 20, cfg.gcSyncPeriod)
	go gc.Sync(ctx, client.Discovery(), cfg.gcSyncPeriod)

	namespaces := namespacecontroller.NewNamespaceController(ctx, client, metadataClient,
		client.Discovery().ServerPreferredNamespacedResources,
		sharedInformers.Core().V1().Namespaces(), 5*time.Minute, v1.FinalizerKubernetes)
	go namespaces.Run(ctx, 10)

	accounts, err := serviceaccountcontroller.NewServiceAccountsController(
		sharedInformers.Core().V1().ServiceAccounts(), sharedInformers.Core().V1().Namespaces(),
		client, serviceaccountcontroller.DefaultServiceAccountsControllerOptions())
	if err != nil {
		logger.Error(err, "service-account controller not started")
	} else {
		go accounts.Run(ctx, 1)
	}

	sharedInformers.Start(ctx.Done())
	metadataInformers.Start(ctx.Done())
	close(informersStarted)
}

// waitForServer polls /readyz until the API server answers, as kube-controller-manager waits for
// /healthz before it starts its controllers.
func waitForServer(ctx context.Context, client kubernetes.Interface) {
	for ctx.Err() == nil {
		status := 0
		client.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx).StatusCode(&status)
		if status == 200 {
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}
