// Command registry is the CNCF distribution registry (github.com/distribution/distribution/v3)
// with the storage a test needs: upstream's cmd/registry registers every storage driver and
// auth backend, which links the Azure, GCS and AWS SDKs; this entry point registers only the
// filesystem driver (plain HTTP on loopback, no auth), so the test registry builds in a
// fraction of the time. The registry itself (HTTP API, manifests, blobs) is upstream's.
package main

import (
	"os"

	"github.com/distribution/distribution/v3/registry"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/filesystem"
)

func main() {
	if err := registry.RootCmd.Execute(); err != nil {
		os.Exit(1)
	}
}
