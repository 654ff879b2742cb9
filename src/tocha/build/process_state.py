"""Library-wide state that examples change, isolated per session at build.

At build every example runs in one process, so what one example sets globally
(random generators, print options, the default dtype) would leak into the next
one, and a page would show output that ``python snippet.py`` does not give. So
each session starts from a fixed fresh-process-like state, and its state is
saved after each of its blocks and restored before the next one, whatever ran
in between.

Only libraries an example already imported are touched: nothing here imports
torch or NumPy itself.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
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


@dataclass
class SavedState:
    """What one session's blocks expect to find when they continue."""

    python_random: Any
    torch: dict[str, Any] | None = None
    numpy: dict[str, Any] | None = None


def _torch():
    return sys.modules.get("torch")


def _numpy():
    return sys.modules.get("numpy")


def reset_to_fresh_process() -> None:
    """Put the global state of already-imported libraries back to a new process's (seeded)."""
    random.seed(SESSION_SEED)
    torch = _torch()
    if torch is not None:
        torch.manual_seed(SESSION_SEED)
        torch.set_printoptions(**_TORCH_PRINT_DEFAULTS)
        torch.set_default_dtype(torch.float32)
        if torch.are_deterministic_algorithms_enabled():  # switching costs ~50 ms: only when needed
            torch.use_deterministic_algorithms(False)
    numpy = _numpy()
    if numpy is not None:
        numpy.random.seed(SESSION_SEED)
        numpy.set_printoptions(**_NUMPY_PRINT_DEFAULTS)


def save() -> SavedState:
    """Capture the state a session's next block expects to continue from."""
    saved = SavedState(python_random=random.getstate())
    torch = _torch()
    if torch is not None:
        saved.torch = {
            "rng": torch.random.get_rng_state(),
            "print": dict(torch._tensor_str.get_printoptions()),
            "dtype": torch.get_default_dtype(),
        }
    numpy = _numpy()
    if numpy is not None:
        options = numpy.get_printoptions()
        saved.numpy = {"rng": numpy.random.get_state(), "print": {key: options[key] for key in _NUMPY_PRINT_DEFAULTS}}
    return saved


def restore(saved: SavedState) -> None:
    """Put back the state captured by :func:`save` (for libraries imported since, start fresh)."""
    reset_to_fresh_process()
    random.setstate(saved.python_random)
    torch = _torch()
    if torch is not None and saved.torch is not None:
        torch.random.set_rng_state(saved.torch["rng"])
        torch.set_printoptions(**saved.torch["print"])
        torch.set_default_dtype(saved.torch["dtype"])
    numpy = _numpy()
    if numpy is not None and saved.numpy is not None:
        numpy.random.set_state(saved.numpy["rng"])
        numpy.set_printoptions(**saved.numpy["print"])
