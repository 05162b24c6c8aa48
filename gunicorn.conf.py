"""Production server settings: ``gunicorn`` run from the repository root reads this file.

Command-line options (--bind, --workers, ...) still override what is set here.
Models are loaded in each worker after fork (never preload_app: PyTorch models loaded
before fork can deadlock the workers, gunicorn #2478, stanza #570), one torch thread
per worker.
"""
import os
import shutil
import tempfile

from service.config import Settings  # light: marshmallow schemas, no torch, no prometheus
from service.logs import gunicorn_logconfig  # light: logging and json only

# Before anything in this process (or a worker forked from it) imports torch or numpy.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


# Every setting comes from service/config.py, which reads the environment once and names
# the variable when a value is malformed.
_settings = Settings.from_env()

wsgi_app = "service.wsgi:app"
bind = [f"0.0.0.0:{_settings.port}"]
workers = _settings.web_concurrency
worker_class = "sync"
threads = 1
preload_app = False
# A worker silent for longer than this is killed and replaced: keep it above the longest
# allowed request (the time budget EVENTX_REQUEST_TIMEOUT_S), plus the time to answer.
timeout = _settings.worker_timeout_s
graceful_timeout = _settings.graceful_timeout_s
keepalive = 5
max_requests = _settings.max_requests
max_requests_jitter = _settings.max_requests_jitter
# heartbeat files in memory when /dev/shm exists (read-only root filesystems, slow disks)
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
# gunicorn >= 25 opens a control socket under $HOME by default: a shared path when several
# servers run on one machine, and unwritable on a read-only root filesystem. Off unless asked.
if _settings.control_socket:
    control_socket = _settings.control_socket
else:
    control_socket_disable = True
accesslog = None  # the app writes one JSON line per request itself
loglevel = _settings.log_level.lower()
logconfig_dict = gunicorn_logconfig(loglevel)  # JSON lines, like the app's own logs
forwarded_allow_ips = _settings.forwarded_allow_ips


_made_here: list = []  # metrics folders this master created (no PROMETHEUS_MULTIPROC_DIR given)


def on_starting(server):
    """Master, before any worker: an empty metrics folder shared by the workers."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not path:
        path = tempfile.mkdtemp(prefix="eventx-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
        _made_here.append(path)  # removed again in on_exit
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        full = os.path.join(path, name)
        if os.path.isdir(full) and not os.path.islink(full):
            shutil.rmtree(full)
        else:
            os.unlink(full)
    server.log.info("prometheus multiprocess dir %s (emptied)", path)


def post_fork(server, worker):
    os.environ["OMP_NUM_THREADS"] = "1"
    from service.memory import limit_arenas

    limit_arenas(2)
    # requests gunicorn refuses itself (request line or headers too long, ...) get problem+json
    from service.server_errors import install

    install()


def post_worker_init(worker):
    """Worker, app imported: load the models in a background thread, which first sets
    torch.set_num_threads(EVENTX_TORCH_THREADS, default 1); /healthz/ready says 200 when done."""
    from service.app import start_loading

    start_loading(worker.wsgi)


def post_request(worker, req, environ, resp):
    """Worker, after each request: freed tensor memory goes back to the system (service/memory.py)."""
    from service.memory import release

    release()


def child_exit(server, worker):
    """Master: a worker is gone; drop its live gauges from the metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Master, shutting down: remove the metrics folder if it was a temporary one made here."""
    for path in _made_here:
        shutil.rmtree(path, ignore_errors=True)
