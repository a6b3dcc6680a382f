package main

import (
	"context"
	"fmt"
	"net"

	"github.com/spf13/pflag"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/rest"
	basecompatibility "k8s.io/component-base/compatibility"
	logsapi "k8s.io/component-base/logs/api/v1"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

type apiServerConfig struct {
	etcdURL   string
	pki       pkiFiles
	tokenFile string
	extraArgs []string // passed to kube-apiserver after ours, so a test may override any flag
}

type apiServer struct {
	url       string
	completed options.CompletedOptions
}

// newAPIServer configures the real kube-apiserver (the code of cmd/kube-apiserver) on a loopback
// port the kernel picks. Its flags are those of the real binary; RBAC is on and identities come
// from a static token file.
func newAPIServer(ctx context.Context, cfg apiServerConfig) (*apiServer, error) {
	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, named := range s.Flags().FlagSets {
		fs.AddFlagSet(named)
	}
	args := append([]string{
		"--etcd-servers=" + cfg.etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--tls-cert-file=" + cfg.pki.servingCert,
		"--tls-private-key-file=" + cfg.pki.servingKey,
		"--token-auth-file=" + cfg.tokenFile,
		"--anonymous-auth=false",
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + cfg.pki.serviceAcctKey,
		"--service-account-signing-key-file=" + cfg.pki.serviceAcctKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--profiling=false",
	}, cfg.extraArgs...)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}

	// A listener we open ourselves: no race for a free port between picking and binding it.
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := listener.Addr().(*net.TCPAddr).Port
	s.SecureServing.Listener = listener
	s.SecureServing.BindPort = port

	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return nil, err
	}
	featureGate := s.GenericServerRunOptions.ComponentGlobalsRegistry.FeatureGateFor(basecompatibility.DefaultKubeComponent)
	if err := logsapi.ValidateAndApply(s.Logs, featureGate); err != nil {
		return nil, err
	}
	// The server's own loopback clients should not log warnings it issues to itself.
	rest.SetDefaultWarningHandler(rest.NoWarnings{})

	completed, err := s.Complete(ctx)
	if err != nil {
		return nil, err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return nil, utilerrors.NewAggregate(errs)
	}
	return &apiServer{url: fmt.Sprintf("https://127.0.0.1:%d", port), completed: completed}, nil
}

// run serves until ctx is done, then shuts down the way kube-apiserver does on SIGTERM.
func (a *apiServer) run(ctx context.Context) error {
	return app.Run(ctx, a.completed)
}
