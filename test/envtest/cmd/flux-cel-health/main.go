// flux-cel-health evaluates Flux health-check expressions (Kustomization .spec.healthCheckExprs)
// with the code kustomize-controller runs: fluxcd/pkg/runtime/cel's StatusReader, at the version
// kustomize-controller pins (see go.mod). It reads one JSON document from stdin,
//
//	{"checks": [{"apiVersion", "kind", "current", "failed"?, "inProgress"?}], "objects": [<object>...]}
//
// and prints one JSON line per object: {"status": "Current"|"InProgress"|"Failed"|"Unknown", "message", "error"}.
// "Unknown" with an error is what the status reader reports when an expression fails to evaluate;
// kustomize-controller's wait (fluxcd/pkg/ssa WaitForSet) treats it like InProgress until its timeout.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/fluxcd/pkg/apis/kustomize"
	"github.com/fluxcd/pkg/runtime/cel"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

type input struct {
	Checks  []kustomize.CustomHealthCheck `json:"checks"`
	Objects []map[string]any              `json:"objects"`
}

type verdict struct {
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
	Error   string `json:"error,omitempty"`
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--version" {
		fmt.Println("flux-cel-health fluxcd/pkg/runtime " + runtimeVersion())
		return
	}
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "flux-cel-health:", err)
		os.Exit(1)
	}
}

// runtimeVersion is the fluxcd/pkg/runtime version linked in, from the binary's own build info.
func runtimeVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, dep := range info.Deps {
		if dep.Path == "github.com/fluxcd/pkg/runtime" {
			return dep.Version
		}
	}
	return "unknown"
}

func run(in io.Reader, out io.Writer) error {
	var doc input
	dec := json.NewDecoder(in)
	// Numbers as json.Number would not be int64 for unstructured.NestedInt64; the API server's
	// JSON decoding (and so kustomize-controller's objects) gives int64 for integers.
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("reading input: %w", err)
	}
	newReader, err := cel.NewStatusReader(doc.Checks)
	if err != nil {
		return err
	}
	reader := newReader(meta.NewDefaultRESTMapper(nil))
	enc := json.NewEncoder(out)
	for i, obj := range doc.Objects {
		u := &unstructured.Unstructured{Object: obj}
		// Round-trip through the apimachinery JSON decoder so integers become int64, as for
		// objects kustomize-controller reads from the API server.
		raw, err := json.Marshal(obj)
		if err != nil {
			return fmt.Errorf("objects[%d]: %w", i, err)
		}
		if err := u.UnmarshalJSON(raw); err != nil {
			return fmt.Errorf("objects[%d]: %w", i, err)
		}
		rs, err := reader.ReadStatusForObject(context.Background(), nil, u)
		if err != nil {
			return fmt.Errorf("objects[%d]: %w", i, err)
		}
		v := verdict{Status: rs.Status.String(), Message: rs.Message}
		if rs.Error != nil {
			v.Error = rs.Error.Error()
		}
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return nil
}
