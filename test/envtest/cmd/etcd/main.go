// Command etcd is the project's own entry point for the upstream etcd server, so the
// test control plane can be built from Go modules (see test/envtest/README.md).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
