"""Lays out the stand-in Go modules beside this script as a module proxy directory
(GOPROXY=file://…): <module>/@v/list, <version>.info, .mod and .zip for each one.

Usage: python3 build_proxy.py OUT_DIR
"""

import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATE = (2024, 1, 1, 0, 0, 0)


def modules():
    for directory, names, _ in os.walk(HERE):
        for name in list(names):
            if "@" in name:
                names.remove(name)
                path, version = os.path.relpath(os.path.join(directory, name), HERE).rsplit("@", 1)
                yield path, version, os.path.join(directory, name)


def main():
    out = sys.argv[1]
    for path, version, source in sorted(modules()):
        target = os.path.join(out, path, "@v")
        os.makedirs(target, exist_ok=True)
        with open(os.path.join(target, "list"), "a") as f:
            f.write(version + "\n")
        with open(os.path.join(target, version + ".info"), "w") as f:
            json.dump({"Version": version, "Time": "2024-01-01T00:00:00Z"}, f)
        with open(os.path.join(source, "go.mod"), "rb") as f:
            mod = f.read()
        with open(os.path.join(target, version + ".mod"), "wb") as f:
            f.write(mod)
        with zipfile.ZipFile(os.path.join(target, version + ".zip"), "w") as archive:
            for directory, _, names in sorted(os.walk(source)):
                for name in sorted(names):
                    full = os.path.join(directory, name)
                    inside = f"{path}@{version}/{os.path.relpath(full, source)}"
                    with open(full, "rb") as f:
                        archive.writestr(zipfile.ZipInfo(inside, DATE), f.read())


main()
