// Command os-metal-golden runs upstream os-metal-extension's own actuator on a corpus of
// OperatingSystemConfigs and prints what it returns, so metal-garden's TypeScript port can be
// compared with upstream's output byte for byte (controllers/os-metal/test/golden/).
//
// Input (stdin): a JSON array of {"name": string, "osc": OperatingSystemConfig}.
// Output (stdout): a JSON array of {"name", "userdata"?, "extensionUnits"?, "extensionFiles"?, "error"?}.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	extensionsv1alpha1 "github.com/gardener/gardener/pkg/apis/extensions/v1alpha1"
	"github.com/go-logr/logr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/manager"

	"github.com/metal-stack/os-metal-extension/pkg/controller/operatingsystemconfig"
)

type testCase struct {
	Name string                                   `json:"name"`
	OSC  extensionsv1alpha1.OperatingSystemConfig `json:"osc"`
}

type result struct {
	Name           string                     `json:"name"`
	Userdata       *string                    `json:"userdata,omitempty"`
	ExtensionUnits []extensionsv1alpha1.Unit  `json:"extensionUnits,omitempty"`
	ExtensionFiles []extensionsv1alpha1.File  `json:"extensionFiles,omitempty"`
	Error          string                     `json:"error,omitempty"`
}

// noManager satisfies manager.Manager for NewActuator, which only asks it for a client; the
// actuator's Reconcile never uses that client (upstream reads no secrets).
type noManager struct{ manager.Manager }

func (noManager) GetClient() client.Client { return nil }

func main() {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var cases []testCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		fail(fmt.Errorf("corpus: %w", err))
	}
	actuator := operatingsystemconfig.NewActuator(noManager{})
	results := make([]result, 0, len(cases))
	for _, c := range cases {
		osc := c.OSC
		userdata, units, files, err := actuator.Reconcile(context.Background(), logr.Discard(), &osc)
		r := result{Name: c.Name, ExtensionUnits: units, ExtensionFiles: files}
		if userdata != nil {
			s := string(userdata)
			r.Userdata = &s
		}
		if err != nil {
			r.Error = err.Error()
		}
		results = append(results, r)
	}
	out, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "os-metal-golden:", err)
	os.Exit(1)
}
