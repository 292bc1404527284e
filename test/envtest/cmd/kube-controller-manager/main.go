// Command kube-controller-manager is the project's own entry point for the upstream
// kube-controller-manager, built from the same k8s.io/kubernetes release as kube-apiserver
// (see test/envtest/README.md). The blank imports mirror the upstream main so that JSON
// logging and the version/client-go metrics behave the same.
package main

import (
	"os"
	_ "time/tzdata" // CronJob time zones without a system tz database

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

func main() {
	os.Exit(cli.Run(app.NewControllerManagerCommand()))
}
