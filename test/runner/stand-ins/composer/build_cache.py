"""Fills a Composer cache directory with the stand-in packages beside this script, as
Composer stores downloaded dists: files/<vendor>/<name>/<sha1 of the dist URL>.zip, each zip
holding one top directory as GitHub's zipballs do. With COMPOSER_DISABLE_NETWORK=1 Composer
installs a composer.lock whose dist URLs are those of packages.json from this cache.

Usage: python3 build_cache.py CACHE_DIR
"""

import hashlib
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATE = (2024, 1, 1, 0, 0, 0)


def main():
    cache = sys.argv[1]
    with open(os.path.join(HERE, "packages.json")) as f:
        packages = json.load(f)
    for name, spec in sorted(packages.items()):
        target = os.path.join(cache, "files", name)
        os.makedirs(target, exist_ok=True)
        key = hashlib.sha1(spec["url"].encode()).hexdigest()
        source = os.path.join(HERE, name)
        top = name.replace("/", "-") + "-" + spec["url"].rsplit("/", 1)[1][:7]
        with zipfile.ZipFile(os.path.join(target, key + ".zip"), "w") as archive:
            for directory, _, names in sorted(os.walk(source)):
                for file in sorted(names):
                    full = os.path.join(directory, file)
                    entry = zipfile.ZipInfo(f"{top}/{os.path.relpath(full, source)}", DATE)
                    entry.external_attr = 0o644 << 16  # as in GitHub's zipballs
                    with open(full, "rb") as f:
                        archive.writestr(entry, f.read())


main()
