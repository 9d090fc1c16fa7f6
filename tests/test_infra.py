"""infra/: the one-machine stack scripts and the cluster manifests (no cluster needed)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.s3server import free_port

REPO = Path(__file__).resolve().parents[1]
INFRA = REPO / "infra"
K8S = INFRA / "k8s"
SCRIPTS = sorted(INFRA.glob("*.sh"))
KUSTOMIZATION = K8S / "kustomization.yaml"
PG_IMAGE_PREFIX = "postgres:"  # the one container that runs the official PostgreSQL image


def _docs(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]


def _resources() -> list[dict[str, Any]]:
    kustomization = _docs(KUSTOMIZATION)[0]
    return [doc for name in kustomization["resources"] for doc in _docs(K8S / name)]


def _find(kind: str, name: str | None = None) -> dict[str, Any]:
    found = [d for d in _resources() if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert len(found) == 1, f"expected one {kind} {name or ''} in {K8S}, found {len(found)}"
    return found[0]


def _containers(node: object, owner: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every container (and init container) anywhere in a manifest, with the name of its top-level object."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("containers", "initContainers") and isinstance(value, list):
                for container in value:
                    yield owner, container
            else:
                yield from _containers(value, owner)
    elif isinstance(node, list):
        for item in node:
            yield from _containers(item, owner)


def _all_containers() -> list[tuple[str, dict[str, Any]]]:
    return [c for doc in _resources() for c in _containers(doc, f"{doc['kind']}/{doc['metadata']['name']}")]


# --- scripts ---------------------------------------------------------------------------------------


def test_the_stack_scripts_are_there_and_executable() -> None:
    names = {p.name for p in SCRIPTS}
    assert {"seaweedfs.sh", "postgres.sh", "prefect-server.sh", "ray-head.sh", "stack.sh"} <= names
    assert all(os.access(p, os.X_OK) for p in SCRIPTS)


@pytest.mark.parametrize("script", [*SCRIPTS, *sorted((INFRA / "lib").glob("*.bash"))], ids=lambda p: p.name)
def test_script_syntax(script: Path) -> None:
    result = subprocess.run(["bash", "-n", str(script)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_bad_argument_prints_usage(script: Path, tmp_path: Path) -> None:
    env = {**os.environ, "TALEFORGE_STACK_DIR": str(tmp_path / "stack")}
    result = subprocess.run(
        [str(script), "--no-such-option"], check=False, capture_output=True, text=True, env=env, timeout=30
    )
    assert result.returncode != 0
    assert "usage:" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("script", [p for p in SCRIPTS if p.name != "seaweedfs.sh"], ids=lambda p: p.name)
def test_no_argument_prints_usage(script: Path, tmp_path: Path) -> None:
    env = {**os.environ, "TALEFORGE_STACK_DIR": str(tmp_path / "stack")}
    result = subprocess.run([str(script)], check=False, capture_output=True, text=True, env=env, timeout=30)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_bad_port_is_refused_naming_the_variable(tmp_path: Path) -> None:
    env = {**os.environ, "TALEFORGE_STACK_DIR": str(tmp_path / "stack"), "PREFECT_PORT": "http"}
    script = str(INFRA / "prefect-server.sh")
    result = subprocess.run([script, "url"], check=False, capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert "PREFECT_PORT" in result.stderr


# --- a real PostgreSQL -----------------------------------------------------------------------------


def _postgres_binaries() -> str | None:
    initdb = shutil.which("initdb")
    if initdb:
        return str(Path(initdb).resolve().parent)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return str(Path(found[-1]).parent) if found else None


@pytest.fixture
def pg_stack_dir(tmp_path: Path) -> Iterator[Path]:
    """A state directory the server's user can reach: run as root, the server runs as `postgres`, and
    pytest's own temporary directories are closed to other users."""
    if os.geteuid() != 0:
        yield tmp_path / "stack"
        return
    base = Path(tempfile.mkdtemp(prefix="taleforge-pg-", dir="/tmp"))
    base.chmod(0o711)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_postgres_script_starts_a_database_sqlalchemy_reaches(pg_stack_dir: Path) -> None:
    if _postgres_binaries() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    if os.geteuid() == 0 and subprocess.run(["id", "postgres"], check=False, capture_output=True).returncode != 0:
        pytest.skip("running as root without a 'postgres' user to run the server as")
    script = str(INFRA / "postgres.sh")
    port = free_port()
    env = {**os.environ, "TALEFORGE_STACK_DIR": str(pg_stack_dir), "TALEFORGE_PG_PORT": str(port)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([script, *args], check=False, capture_output=True, text=True, env=env, timeout=180)

    psycopg_missing = ""
    try:
        started = run("start")
        assert started.returncode == 0, started.stdout + started.stderr
        url = run("url").stdout.strip()
        assert url.startswith("postgresql+psycopg://taleforge:")
        assert url.endswith(f"@127.0.0.1:{port}/taleforge")
        assert run("status").returncode == 0
        again = run("start")  # idempotent
        assert again.returncode == 0 and "already running" in again.stdout
        assert run("url").stdout.strip() == url

        try:
            import psycopg  # noqa: F401
        except ImportError:
            psycopg_missing = "psycopg is not installed, so SQLAlchemy cannot connect to the URL yet"
        else:
            import sqlalchemy

            for database in ("taleforge", "prefect"):
                engine = sqlalchemy.create_engine(run("url", database).stdout.strip())
                try:
                    with engine.connect() as connection:
                        assert connection.execute(sqlalchemy.text("SELECT 1")).scalar() == 1
                finally:
                    engine.dispose()
    finally:
        stopped = run("stop")
    assert stopped.returncode == 0, stopped.stderr
    assert run("status").returncode == 3
    assert run("stop").returncode == 0  # idempotent
    if psycopg_missing:
        pytest.skip(psycopg_missing)


# --- cluster manifests -----------------------------------------------------------------------------


def test_every_yaml_file_parses() -> None:
    files = sorted(K8S.glob("*.yaml"))
    assert files
    for path in files:
        docs = _docs(path)
        assert docs, f"{path.name} is empty"
        assert all(isinstance(doc, dict) for doc in docs), path.name


def test_kustomization_lists_every_manifest() -> None:
    kustomization = _docs(KUSTOMIZATION)[0]
    listed = set(kustomization["resources"]) | set(kustomization.get("configurations", []))
    present = {p.name for p in K8S.glob("*.yaml")} - {KUSTOMIZATION.name}
    assert listed == present
    assert kustomization["namespace"] == _find("Namespace")["metadata"]["name"]


def test_the_secret_comes_from_an_env_file_with_an_example() -> None:
    generator = _docs(KUSTOMIZATION)[0]["secretGenerator"][0]
    assert generator["name"] == "taleforge-secrets"
    example = K8S / (generator["envs"][0] + ".example")
    keys = {line.split("=")[0] for line in example.read_text().splitlines() if line and not line.startswith("#")}
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "POSTGRES_PASSWORD", "RAY_AUTH_TOKEN"} <= keys
    referenced = {
        ref["secretKeyRef"]["key"]
        for _, container in _all_containers()
        for var in container.get("env", [])
        if (ref := var.get("valueFrom")) and "secretKeyRef" in ref
    }
    assert referenced <= keys


def test_raycluster_has_a_cpu_group_and_an_autoscaled_gpu_group() -> None:
    cluster = _find("RayCluster")
    assert cluster["apiVersion"] == "ray.io/v1"
    spec = cluster["spec"]
    assert spec["enableInTreeAutoscaling"] is True
    assert spec["headGroupSpec"]["template"]["spec"]["containers"]

    def gpus(group: dict[str, Any]) -> int:
        limits = group["template"]["spec"]["containers"][0].get("resources", {}).get("limits", {})
        return int(limits.get("nvidia.com/gpu", 0))

    groups = spec["workerGroupSpecs"]
    for group in groups:
        assert 0 <= group["minReplicas"] <= group["maxReplicas"]
        assert all(isinstance(v, str) for v in group["rayStartParams"].values())
    gpu_groups = [g for g in groups if gpus(g) >= 1]
    cpu_groups = [g for g in groups if gpus(g) == 0]
    assert gpu_groups and cpu_groups
    for group in gpu_groups:
        assert float(group["rayStartParams"]["num-gpus"]) == gpus(group)
        pod = group["template"]["spec"]
        assert pod.get("nodeSelector") or pod.get("tolerations")
        assert any(t.get("key") == "nvidia.com/gpu" for t in pod.get("tolerations", []))


def test_every_taleforge_container_runs_the_one_image() -> None:
    images: dict[str, set[str]] = {}
    for owner, container in _all_containers():
        images.setdefault(container["image"], set()).add(owner)
    postgres = {image for image in images if image.startswith(PG_IMAGE_PREFIX)}
    assert all(images[image] == {"StatefulSet/postgres"} for image in postgres)
    taleforge = set(images) - postgres
    assert len(taleforge) == 1, images
    (image,) = taleforge
    name = _docs(KUSTOMIZATION)[0]["images"][0]["name"]
    assert image.split(":")[0] == name
    # The serve pod (the Ray driver) and the Ray cluster must run the same Python and Ray.
    assert {"Deployment/taleforge-serve", "RayCluster/taleforge", "Deployment/prefect-server"} <= images[image]


def _serve_container() -> dict[str, Any]:
    pod = _find("Deployment", "taleforge-serve")["spec"]["template"]["spec"]
    return pod["containers"][0]


def test_serve_deployment_runs_taleforge_serve(capsys: pytest.CaptureFixture[str]) -> None:
    container = _serve_container()
    command = [*container.get("command", []), *container.get("args", [])]
    assert command[:2] == ["taleforge", "serve"]
    options = dict(zip(command[2::2], command[3::2]))
    assert options["--inbox"].startswith("s3://")
    assert options["--store"].startswith("s3://")
    assert len(options["--cron"].split()) == 5
    # Every option it passes is one the CLI has.
    from flows.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    assert all(option in help_text for option in options)


def test_serve_pod_points_at_the_ray_head_and_the_prefect_service() -> None:
    config = _find("ConfigMap", "taleforge-config")["data"]
    cluster = _find("RayCluster")["metadata"]["name"]
    assert config["RAY_ADDRESS"] == f"ray://{cluster}-head-svc:10001"
    prefect = _find("Service", "prefect-server")
    port = prefect["spec"]["ports"][0]["port"]
    assert config["PREFECT_API_URL"] == f"http://prefect-server:{port}/api"
    container = _serve_container()
    assert {"configMapRef": {"name": "taleforge-config"}} in container["envFrom"]
    env = {var["name"]: var for var in container["env"]}
    assert env["TALEFORGE_DATABASE_URL"]["value"].startswith("postgresql+psycopg://")
    assert "@postgres:5432/taleforge" in env["TALEFORGE_DATABASE_URL"]["value"]
    assert env["RAY_AUTH_MODE"]["value"] == "token"


def test_serve_pod_and_every_ray_pod_share_taleforge_home() -> None:
    home = _find("ConfigMap", "taleforge-config")["data"]["TALEFORGE_HOME"]
    claim = _find("PersistentVolumeClaim", "taleforge-home")
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    for owner, container in _all_containers():
        if owner in ("Deployment/taleforge-serve", "RayCluster/taleforge") and container["name"] != "wait-for-prefect":
            assert home in {m["mountPath"] for m in container.get("volumeMounts", [])}, (owner, container["name"])


def test_kustomize_builds(tmp_path: Path) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl not found: the kustomize build is not checked")
    copy = tmp_path / "k8s"
    shutil.copytree(K8S, copy)
    example = (copy / "secrets.env.example").read_text()
    (copy / "secrets.env").write_text(example.replace("=\n", "=not-a-real-secret\n"))
    result = subprocess.run([kubectl, "kustomize", str(copy)], check=False, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    built = [doc for doc in yaml.safe_load_all(result.stdout) if doc]
    new = _docs(KUSTOMIZATION)[0]["images"][0]
    expected = f"{new['newName']}:{new['newTag']}"
    images = {c["image"] for doc in built for _, c in _containers(doc)}
    assert images - {i for i in images if i.startswith(PG_IMAGE_PREFIX)} == {expected}
    assert all(doc["metadata"].get("namespace") == "taleforge" for doc in built if doc["kind"] != "Namespace")
    assert any(doc["kind"] == "Secret" and doc["metadata"]["name"] == "taleforge-secrets" for doc in built)
