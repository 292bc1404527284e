// Command kube-scheduler is the project's own entry point for the upstream kube-scheduler,
// built from the same k8s.io/kubernetes release as kube-apiserver (see test/envtest/README.md):
// it binds the simulated cluster's pods to KWOK's fake nodes. The blank imports mirror the
// upstream main.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	os.Exit(cli.Run(app.NewSchedulerCommand()))
}
