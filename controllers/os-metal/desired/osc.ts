/**
 * The parts of `extensions.gardener.cloud/v1alpha1` OperatingSystemConfig that os-metal reads and
 * writes, written by hand from the vendored CRD
 * (`generators/upstream/gardener/crds/10-crd-extensions.gardener.cloud_operatingsystemconfigs.yaml`).
 * The generated bindings in `charts/imports/extensions.gardener.cloud.ts` describe construct props
 * (no status, `providerConfig: any`), not objects read from the API server.
 */

export const OSC_API_VERSION = 'extensions.gardener.cloud/v1alpha1';
export const OSC_KIND = 'OperatingSystemConfig';

export interface FileContentInline {
  /** `''` (plain) or `'b64'`; the CRD requires the field. */
  readonly encoding: string;
  readonly data: string;
}

export interface FileContentSecretRef {
  /** Secret in the OSC's namespace. */
  readonly name: string;
  readonly dataKey: string;
}

export interface FileContentImageRef {
  readonly image: string;
  readonly filePathInImage: string;
}

export interface FileContent {
  readonly inline?: FileContentInline;
  readonly secretRef?: FileContentSecretRef;
  readonly imageRef?: FileContentImageRef;
  readonly transmitUnencoded?: boolean;
}

export interface OscFile {
  readonly path: string;
  /** Decimal file mode (0644 = 420); unset means the renderer's default, 0644. */
  readonly permissions?: number;
  readonly content: FileContent;
  readonly hostName?: string;
}

export interface DropIn {
  readonly name: string;
  readonly content: string;
}

export interface Unit {
  readonly name: string;
  readonly content?: string;
  readonly command?: string;
  /** Unset means enabled. */
  readonly enable?: boolean;
  readonly dropIns?: readonly DropIn[];
  readonly filePaths?: readonly string[];
}

export interface CriConfig {
  /** Only `containerd` exists in the CRD's enum. */
  readonly name: string;
  /** `cgroupfs` or `systemd`. */
  readonly cgroupDriver?: string;
}

export interface OperatingSystemConfigSpec {
  readonly type: string;
  readonly purpose: string;
  readonly class?: string;
  readonly criConfig?: CriConfig;
  readonly files?: readonly OscFile[];
  readonly units?: readonly Unit[];
  /** Raw provider configuration (an `ImageProviderConfig` for metal-stack); decoded by `decodeProviderConfig`. */
  readonly providerConfig?: unknown;
}

export interface OperatingSystemConfigStatus {
  readonly cloudConfig?: { readonly secretRef: { readonly name: string; readonly namespace: string } };
  readonly extensionFiles?: readonly OscFile[];
  readonly extensionUnits?: readonly Unit[];
  readonly observedGeneration?: number;
}

export interface OperatingSystemConfig {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly generation?: number };
  readonly spec: OperatingSystemConfigSpec;
  readonly status?: OperatingSystemConfigStatus;
}

export const PURPOSE_PROVISION = 'provision';
export const PURPOSE_RECONCILE = 'reconcile';
export const CRI_CONTAINERD = 'containerd';
export const CGROUP_DRIVER_SYSTEMD = 'systemd';
