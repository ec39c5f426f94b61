"""Builds the stand-in wheels listed in wheels.json into a directory for pip's --find-links.

Each distribution's files come from src/<module>/ beside this script; every wheel is pure
Python, has no dependencies and says in its METADATA that it is a stand-in for tests.
Usage: python3 build_wheels.py OUT_DIR
"""

import base64
import hashlib
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
# A fixed date keeps the wheels byte-identical from run to run.
DATE = (2024, 1, 1, 0, 0, 0)


def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build(out, name, version, spec):
    files = {}
    for module in spec["modules"]:
        root = os.path.join(HERE, "src", module)
        if os.path.isfile(root + ".py"):
            files[module + ".py"] = open(root + ".py", "rb").read()
            continue
        for directory, _, names in sorted(os.walk(root)):
            for file in sorted(names):
                full = os.path.join(directory, file)
                files[os.path.relpath(full, os.path.join(HERE, "src"))] = open(full, "rb").read()
    project = name.replace("-", "_")
    info = f"{project}-{version}.dist-info"
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        f"Summary: Stand-in for wolfify's offline build tests, not the real {name}\n"
    ).encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: wolfify-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    scripts = spec.get("scripts", {})
    if scripts:
        lines = "".join(f"{k} = {v}\n" for k, v in sorted(scripts.items()))
        files[f"{info}/entry_points.txt"] = f"[console_scripts]\n{lines}".encode()
    record = [record_line(p, d) for p, d in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = os.path.join(out, f"{project}-{version}-py3-none-any.whl")
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(zipfile.ZipInfo(path, DATE), data)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(HERE, "wheels.json")) as f:
        wheels = json.load(f)
    for name, spec in sorted(wheels.items()):
        for version in spec["versions"]:
            build(out, name, version, spec)


main()
