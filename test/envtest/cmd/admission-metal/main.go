// Command admission-metal serves metal-stack's validating admission webhooks
// (github.com/metal-stack/gardener-extension-provider-metal/pkg/admission/validator:
// Shoot, CloudProfile, SecretBinding, CredentialsBinding and the credentials Secret)
// for the test control plane (see test/envtest/README.md).
//
// It is provider-metal's cmd/gardener-extension-admission-metal without the mutator:
// the mutator imports the networking-calico/-cilium modules, which the module proxy
// does not serve at the versions provider-metal pins. Everything else is the upstream
// wiring: Gardener's extension option aggregator (same flags), the same API schemes,
// the validator's webhook factories, and Gardener's webhook command, which registers
// the handlers and writes the ValidatingWebhookConfiguration itself. Also left out, since
// one process against one API server has no use for them: the SOURCE_CLUSTER and
// GARDEN_KUBECONFIG environment variables (a second cluster for certificates and leader
// election), the Secret cache restricted to the webhook namespace, and the client QPS/burst
// settings (100/130).
package main

import (
	"fmt"
	"os"

	controllercmd "github.com/gardener/gardener/extensions/pkg/controller/cmd"
	webhookcmd "github.com/gardener/gardener/extensions/pkg/webhook/cmd"
	coreinstall "github.com/gardener/gardener/pkg/apis/core/install"
	securityinstall "github.com/gardener/gardener/pkg/apis/security/install"
	gardenerhealthz "github.com/gardener/gardener/pkg/healthz"
	"github.com/gardener/gardener/pkg/logger"
	"github.com/metal-stack/gardener-extension-provider-metal/pkg/admission/validator"
	metalinstall "github.com/metal-stack/gardener-extension-provider-metal/pkg/apis/metal/install"
	"github.com/spf13/cobra"
	"k8s.io/component-base/version/verflag"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	runtimelog "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/manager"
	"sigs.k8s.io/controller-runtime/pkg/manager/signals"
)

// admissionName is upstream's component name: it names the webhook configuration
// (gardener-extension-admission-metal) and the webhooks (validator.admission-metal.extensions.gardener.cloud).
const admissionName = "admission-metal"

func main() {
	runtimelog.SetLogger(logger.MustNewZapLogger(logger.InfoLevel, logger.FormatText))
	if err := command().ExecuteContext(signals.SetupSignalHandler()); err != nil {
		runtimelog.Log.Error(err, "admission-metal failed")
		os.Exit(1)
	}
}

func command() *cobra.Command {
	restOpts := &controllercmd.RESTOptions{}
	mgrOpts := &controllercmd.ManagerOptions{
		// One process per test control plane: no leader election.
		LeaderElection: false,
	}
	serverOpts := &webhookcmd.ServerOptions{}
	switches := webhookcmd.NewSwitchOptions(
		webhookcmd.Switch(validator.Name, validator.New),
		webhookcmd.Switch(validator.SecretsValidatorName, validator.NewSecretsWebhook),
	)
	webhookOpts := webhookcmd.NewAddToManagerOptions(admissionName, "", nil, nil, serverOpts, switches)
	options := controllercmd.NewOptionAggregator(restOpts, mgrOpts, webhookOpts)

	cmd := &cobra.Command{
		Use:          admissionName,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			verflag.PrintAndExitIfRequested()
			if err := options.Complete(); err != nil {
				return fmt.Errorf("error completing options: %w", err)
			}

			mgr, err := manager.New(restOpts.Completed().Config, mgrOpts.Completed().Options())
			if err != nil {
				return fmt.Errorf("could not instantiate manager: %w", err)
			}
			coreinstall.Install(mgr.GetScheme())
			securityinstall.Install(mgr.GetScheme())
			if err := metalinstall.AddToScheme(mgr.GetScheme()); err != nil {
				return fmt.Errorf("could not update manager scheme: %w", err)
			}

			if _, err := webhookOpts.Completed().AddToManager(cmd.Context(), mgr, nil); err != nil {
				return err
			}

			if err := mgr.AddReadyzCheck("informer-sync", gardenerhealthz.NewCacheSyncHealthz(mgr.GetCache())); err != nil {
				return fmt.Errorf("could not add ready check for informers: %w", err)
			}
			if err := mgr.AddHealthzCheck("ping", healthz.Ping); err != nil {
				return fmt.Errorf("could not add health check: %w", err)
			}
			if err := mgr.AddReadyzCheck("webhook-server", mgr.GetWebhookServer().StartedChecker()); err != nil {
				return fmt.Errorf("could not add ready check of the webhook server: %w", err)
			}
			return mgr.Start(cmd.Context())
		},
	}
	verflag.AddFlags(cmd.Flags())
	options.AddFlags(cmd.Flags())
	return cmd
}
