"""Process-wide state that examples change, isolated per session at build.

At build every example runs in one process, so what one example sets globally
would leak into the next one, and a page would show output that
``python snippet.py`` does not give: random generators, print options, the
default dtype and device, grad mode, anomaly detection, deterministic
algorithms, float32 matmul precision, cuDNN flags, the number of threads, and
environment variables (``CUBLAS_WORKSPACE_CONFIG``, say). So each session
starts from a fixed fresh-process-like state, and its state is saved after each
of its blocks and restored before the next one, whatever ran in between.

What "fresh" means for the environment and the thread count is set once per
runner (:class:`Baseline`): the environment when it starts, and the thread
count of its configuration. Only libraries an example already imported are
touched: nothing here imports torch or NumPy itself.
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import dataclass, field
from typing import Any

#: Seed every generator gets at the start of a session. A new process seeds them
#: from the OS; a fixed value keeps even an unseeded example's build output stable.
SESSION_SEED = 0
_TORCH_PRINT_DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}
_NUMPY_PRINT_DEFAULTS = {
    "edgeitems": 3,
    "threshold": 1000,
    "floatmode": "maxprec",
    "precision": 8,
    "suppress": False,
    "linewidth": 75,
    "nanstr": "nan",
    "infstr": "inf",
    "sign": "-",
    "formatter": None,
    "legacy": False,
}
#: torch's switches with a new process's values (a name: its value in a fresh process).
_TORCH_FLAG_DEFAULTS = {
    "grad_enabled": True,
    "anomaly": False,
    "deterministic": (False, False),  # (enabled, warn_only)
    "matmul_precision": "highest",
    "cudnn": (True, False, False),  # (enabled, benchmark, deterministic)
    "default_device": "cpu",
}


def _torch():
    return sys.modules.get("torch")


def _numpy():
    return sys.modules.get("numpy")


@dataclass
class Baseline:
    """What every session starts from: the environment and torch's thread count.

    Attributes:
        environ: The environment variables when the runner started.
        torch_threads: torch's CPU thread count for the examples (``None``: leave torch's own).
    """

    environ: dict[str, str] = field(default_factory=dict)
    torch_threads: int | None = None


@dataclass
class SavedState:
    """What one session's blocks expect to find when they continue."""

    python_random: Any
    environ: dict[str, str]
    torch: dict[str, Any] | None = None
    numpy: dict[str, Any] | None = None


def _torch_flags(torch: Any) -> dict[str, Any]:
    """The current values of the switches in :data:`_TORCH_FLAG_DEFAULTS`."""
    cudnn = torch.backends.cudnn
    return {
        "grad_enabled": torch.is_grad_enabled(),
        "anomaly": torch.is_anomaly_enabled(),
        "deterministic": (
            torch.are_deterministic_algorithms_enabled(),
            torch.is_deterministic_algorithms_warn_only_enabled(),
        ),
        "matmul_precision": torch.get_float32_matmul_precision(),
        "cudnn": (cudnn.enabled, cudnn.benchmark, cudnn.deterministic),
        "default_device": str(torch.get_default_device()),
    }


def _set_torch_flags(torch: Any, flags: dict[str, Any]) -> None:
    """Set the switches that differ from ``flags`` (some cost time to switch: only those that changed)."""
    current = _torch_flags(torch)
    if current["grad_enabled"] != flags["grad_enabled"]:
        torch.set_grad_enabled(flags["grad_enabled"])
    if current["anomaly"] != flags["anomaly"]:
        torch.autograd.set_detect_anomaly(flags["anomaly"])
    if current["deterministic"] != flags["deterministic"]:
        enabled, warn_only = flags["deterministic"]
        torch.use_deterministic_algorithms(enabled, warn_only=warn_only)
    if current["matmul_precision"] != flags["matmul_precision"]:
        torch.set_float32_matmul_precision(flags["matmul_precision"])
    if current["cudnn"] != flags["cudnn"]:
        cudnn = torch.backends.cudnn
        cudnn.enabled, cudnn.benchmark, cudnn.deterministic = flags["cudnn"]
    if current["default_device"] != flags["default_device"]:
        device = flags["default_device"]
        torch.set_default_device(None if device == "cpu" else device)


def _set_environ(values: dict[str, str]) -> None:
    """Make ``os.environ`` hold exactly ``values`` (changing only what differs)."""
    for name in [name for name in os.environ if name not in values]:
        del os.environ[name]
    for name, value in values.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


def reset_to_fresh_process(baseline: Baseline) -> None:
    """Put the process state back to a new process's (seeded), as measured by ``baseline``."""
    random.seed(SESSION_SEED)
    _set_environ(baseline.environ)
    torch = _torch()
    if torch is not None:
        torch.manual_seed(SESSION_SEED)  # every device's generator
        torch.set_printoptions(**_TORCH_PRINT_DEFAULTS)
        torch.set_default_dtype(torch.float32)
        _set_torch_flags(torch, _TORCH_FLAG_DEFAULTS)
        if baseline.torch_threads is not None and torch.get_num_threads() != baseline.torch_threads:
            torch.set_num_threads(baseline.torch_threads)
    numpy = _numpy()
    if numpy is not None:
        numpy.random.seed(SESSION_SEED)
        numpy.set_printoptions(**_NUMPY_PRINT_DEFAULTS)


def save() -> SavedState:
    """Capture the state a session's next block expects to continue from."""
    saved = SavedState(python_random=random.getstate(), environ=dict(os.environ))
    torch = _torch()
    if torch is not None:
        saved.torch = {
            "rng": torch.random.get_rng_state(),
            "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_initialized() else None,
            "print": dict(torch._tensor_str.get_printoptions()),
            "dtype": torch.get_default_dtype(),
            "flags": _torch_flags(torch),
            "threads": torch.get_num_threads(),
        }
    numpy = _numpy()
    if numpy is not None:
        options = numpy.get_printoptions()
        saved.numpy = {"rng": numpy.random.get_state(), "print": {key: options[key] for key in _NUMPY_PRINT_DEFAULTS}}
    return saved


def restore(saved: SavedState, baseline: Baseline) -> None:
    """Put back the state captured by :func:`save` (for libraries imported since, start fresh)."""
    reset_to_fresh_process(baseline)
    random.setstate(saved.python_random)
    _set_environ(saved.environ)
    torch = _torch()
    if torch is not None and saved.torch is not None:
        torch.random.set_rng_state(saved.torch["rng"])
        if saved.torch["cuda_rng"] is not None:
            torch.cuda.set_rng_state_all(saved.torch["cuda_rng"])
        torch.set_printoptions(**saved.torch["print"])
        torch.set_default_dtype(saved.torch["dtype"])
        _set_torch_flags(torch, saved.torch["flags"])
        if torch.get_num_threads() != saved.torch["threads"]:
            torch.set_num_threads(saved.torch["threads"])
    numpy = _numpy()
    if numpy is not None and saved.numpy is not None:
        numpy.random.set_state(saved.numpy["rng"])
        numpy.set_printoptions(**saved.numpy["print"])
