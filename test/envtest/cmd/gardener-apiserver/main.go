// Command gardener-apiserver is the project's own entry point for the upstream
// gardener-apiserver, so the test control plane can be built from Go modules
// (see test/envtest/README.md). It does what the upstream main does before
// running the command: register Gardener's feature gates (flags refer to them)
// and fold repeated deprecation warnings into one.
package main

import (
	"os"

	_ "k8s.io/component-base/logs/json/register"
	"sigs.k8s.io/controller-runtime/pkg/manager/signals"

	"github.com/gardener/gardener/cmd/gardener-apiserver/app"
	"github.com/gardener/gardener/cmd/utils"
	"github.com/gardener/gardener/pkg/apiserver/features"
)

func main() {
	utils.DeduplicateWarnings()
	features.RegisterFeatureGates()

	if err := app.NewCommand().ExecuteContext(signals.SetupSignalHandler()); err != nil {
		os.Exit(1)
	}
}
