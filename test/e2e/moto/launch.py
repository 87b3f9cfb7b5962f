"""
Starts the moto server for gatewatch's emulator suite, after patching the places where moto
differs from AWS. Each patch module of patches/ cites the AWS documentation of the real
behaviour (helpers they share, such as tagging_walk.py, sit beside this file, on the import path).
The product code gets no emulator special cases: only this launcher adapts the emulator.

usage: python3 launch.py PORT
"""
import sys

try:
    import moto  # noqa: F401
    from moto.server import main as moto_main
except ImportError as error:  # pragma: no cover - reported by the TypeScript launcher
    sys.stderr.write(f"gatewatch-e2e: moto server is not installed ({error}): pip install 'moto[server]'\n")
    sys.exit(3)

import patches

patches.apply()
port = sys.argv[1]
moto_main(["-H", "127.0.0.1", "-p", port])
