#!/usr/bin/env python3
"""Offline validation of the kustomize base in k8s/ (run by .ci/run).

* every built-in resource: kubernetes-validate's bundled schemas, strict (no unknown fields);
* ServiceMonitor (a Prometheus Operator CRD that kubernetes-validate has no schema for, which
  it reports as SchemaNotFoundError): checked against the ServiceMonitor structure below;
* the Kustomization: every file listed exists, every manifest here is listed;
* the pieces fit: selectors, named ports, probe paths, volumes, HPA/PDB targets.

Exit 1 with the list of problems, 0 when all is well.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jsonschema
import kubernetes_validate
import yaml

HERE = Path(__file__).resolve().parent
K8S_VERSION = "1.30.0"  # oldest cluster version we support; the schemas are bundled

_STR = {"type": "string"}
_LABELS = {"type": "object", "additionalProperties": _STR}
_DURATION = {"type": "string", "pattern": r"^(0|(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$"}
# The subset of monitoring.coreos.com/v1 ServiceMonitor that we use, unknown fields refused.
SERVICE_MONITOR_SCHEMA = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": "monitoring.coreos.com/v1"},
        "kind": {"const": "ServiceMonitor"},
        "metadata": {"type": "object", "required": ["name"], "additionalProperties": False,
                     "properties": {"name": _STR, "namespace": _STR, "labels": _LABELS, "annotations": _LABELS}},
        "spec": {
            "type": "object", "required": ["selector", "endpoints"], "additionalProperties": False,
            "properties": {
                "jobLabel": _STR,
                "namespaceSelector": {"type": "object"},
                "selector": {"type": "object", "additionalProperties": False,
                             "properties": {"matchLabels": _LABELS, "matchExpressions": {"type": "array"}}},
                "endpoints": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "additionalProperties": False,
                    "properties": {"port": _STR, "targetPort": {"type": ["string", "integer"]}, "path": _STR,
                                   "scheme": {"enum": ["http", "https"]}, "interval": _DURATION,
                                   "scrapeTimeout": _DURATION, "honorLabels": {"type": "boolean"},
                                   "relabelings": {"type": "array"}, "metricRelabelings": {"type": "array"}}}},
            },
        },
    },
}
KUSTOMIZATION_KEYS = {"apiVersion", "kind", "resources", "labels", "commonLabels", "images", "namespace",
                      "namePrefix", "configMapGenerator", "patches"}


def load_all(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def selects(selector: dict, labels: dict) -> bool:
    return all(labels.get(k) == v for k, v in (selector or {}).items())


def main() -> int:
    problems: list[str] = []
    kust = yaml.safe_load((HERE / "kustomization.yaml").read_text(encoding="utf-8"))
    if kust.get("kind") != "Kustomization" or not str(kust.get("apiVersion", "")).startswith("kustomize.config.k8s.io/"):
        problems.append("kustomization.yaml: not a Kustomization")
    if set(kust) - KUSTOMIZATION_KEYS:
        problems.append(f"kustomization.yaml: unexpected keys {sorted(set(kust) - KUSTOMIZATION_KEYS)}")
    listed = kust.get("resources", [])
    on_disk = sorted(p.name for p in HERE.glob("*.yaml") if p.name != "kustomization.yaml")
    for name in listed:
        if not (HERE / name).is_file():
            problems.append(f"kustomization.yaml lists {name}, which does not exist")
    for name in on_disk:
        if name not in listed:
            problems.append(f"{name} is not listed in kustomization.yaml")

    docs: dict[str, dict] = {}
    for name in listed:
        if not (HERE / name).is_file():
            continue
        for doc in load_all(HERE / name):
            kind = doc.get("kind", "?")
            try:
                kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
                print(f"ok     {name}: {kind}/{doc['metadata']['name']} (kubernetes {K8S_VERSION}, strict)")
            except kubernetes_validate.SchemaNotFoundError:
                if kind == "ServiceMonitor":
                    errs = sorted(jsonschema.Draft7Validator(SERVICE_MONITOR_SCHEMA).iter_errors(doc), key=str)
                    problems += [f"{name}: {'.'.join(map(str, e.path))}: {e.message}" for e in errs]
                    if not errs:
                        print(f"ok     {name}: ServiceMonitor/{doc['metadata']['name']} (CRD structure)")
                else:
                    problems.append(f"{name}: no schema for {doc.get('apiVersion')} {kind}")
            except kubernetes_validate.ValidationError as exc:
                problems.append(f"{name}: {kind}: {'.'.join(map(str, exc.path))}: {exc.message}")
            docs[kind] = doc

    dep, svc = docs.get("Deployment"), docs.get("Service")
    if dep and svc:
        pod = dep["spec"]["template"]
        labels = pod["metadata"]["labels"]
        if not selects(dep["spec"]["selector"]["matchLabels"], labels):
            problems.append("Deployment selector does not select its own pods")
        if not selects(svc["spec"]["selector"], labels):
            problems.append("Service selector does not select the Deployment's pods")
        c = pod["spec"]["containers"][0]
        port_names = {p.get("name") for p in c.get("ports", [])}
        for p in svc["spec"]["ports"]:
            if not p.get("name"):
                problems.append("Service port has no name")
            if isinstance(p.get("targetPort"), str) and p["targetPort"] not in port_names:
                problems.append(f"Service targetPort {p['targetPort']} is not a container port name")
        paths = {probe: c.get(probe, {}).get("httpGet", {}).get("path")
                 for probe in ("startupProbe", "readinessProbe", "livenessProbe")}
        if paths != {"startupProbe": "/healthz/ready", "readinessProbe": "/healthz/ready",
                     "livenessProbe": "/healthz/live"}:
            problems.append(f"probe paths are {paths}")
        sc = c.get("securityContext", {})
        if not (sc.get("readOnlyRootFilesystem") and (sc.get("runAsNonRoot") or
                                                      pod["spec"].get("securityContext", {}).get("runAsNonRoot"))):
            problems.append("container must be non-root with a read-only root filesystem")
        mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
        env = {e["name"]: e.get("value") for e in c.get("env", [])}
        for needed in ("/tmp", env.get("PROMETHEUS_MULTIPROC_DIR")):
            if needed not in mounts:
                problems.append(f"no writable volume mounted at {needed}")
        limits = c.get("resources", {}).get("limits", {})
        if "memory" not in limits or "cpu" not in c.get("resources", {}).get("requests", {}):
            problems.append("resources need a memory limit and a cpu request")
        ann = pod["metadata"].get("annotations", {})
        if ann.get("prometheus.io/scrape") != "true" or ann.get("prometheus.io/path") != "/metrics":
            problems.append("pod template lacks the prometheus.io scrape annotations")
        sm = docs.get("ServiceMonitor")
        if sm:
            if not selects(sm["spec"]["selector"].get("matchLabels", {}), svc["metadata"].get("labels", {})):
                problems.append("ServiceMonitor selector does not select the Service")
            svc_ports = {p.get("name") for p in svc["spec"]["ports"]}
            for ep in sm["spec"]["endpoints"]:
                if ep.get("port") not in svc_ports:
                    problems.append(f"ServiceMonitor endpoint port {ep.get('port')} is not a Service port name")
                if ep.get("path") != "/metrics":
                    problems.append("ServiceMonitor path is not /metrics")
        hpa = docs.get("HorizontalPodAutoscaler")
        if hpa and hpa["spec"]["scaleTargetRef"]["name"] != dep["metadata"]["name"]:
            problems.append("HPA does not target the Deployment")
        pdb = docs.get("PodDisruptionBudget")
        if pdb and not selects(pdb["spec"]["selector"]["matchLabels"], labels):
            problems.append("PDB does not select the Deployment's pods")
        cm = docs.get("ConfigMap")
        refs = [e["configMapRef"]["name"] for e in c.get("envFrom", []) if "configMapRef" in e]
        if cm and cm["metadata"]["name"] not in refs:
            problems.append("the ConfigMap is not used by the Deployment")
    else:
        problems.append("a Deployment and a Service are required")
    for kind in ("ConfigMap", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor"):
        if kind not in docs:
            problems.append(f"no {kind}")

    for p in problems:
        print(f"FAIL   {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
