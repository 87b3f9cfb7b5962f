"""
Where moto (5.2.x) differs from AWS, patched before the server starts: one module per patch in
this folder, each with an `apply()` and a docstring citing the AWS documentation of the behaviour
it restores. None changes what gatewatch sends or expects; the product has no emulator cases.
"""
import importlib
import pkgutil

APPLIED = []


def apply():
    """Applies every patch module of this folder, in name order, and prints their names."""
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        patch = importlib.import_module(f"{__name__}.{module.name}")
        patch.apply()
        APPLIED.append(module.name)
    print("gatewatch-e2e patches: " + (", ".join(APPLIED) or "none"), flush=True)
