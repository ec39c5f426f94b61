"""The two build-time commands Dockerfiles run, done the way Django does them.

collectstatic copies every STATICFILES_DIRS tree into STATIC_ROOT; compilemessages runs
msgfmt on every .po file under a `locale` directory below the working directory.
"""

import importlib
import os
import shutil
import subprocess
import sys


def execute_from_command_line(argv=None):
    argv = sys.argv if argv is None else argv
    command = argv[1] if len(argv) > 1 else "help"
    if command == "collectstatic":
        settings = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
        for source in getattr(settings, "STATICFILES_DIRS", []):
            shutil.copytree(source, settings.STATIC_ROOT, dirs_exist_ok=True)
        print(f"static files copied to '{settings.STATIC_ROOT}'.")
    elif command == "compilemessages":
        for directory, _, names in os.walk("."):
            if "locale" not in directory.split(os.sep):
                continue
            for name in names:
                if name.endswith(".po"):
                    po = os.path.join(directory, name)
                    subprocess.run(["msgfmt", "-o", po[:-3] + ".mo", po], check=True)
    else:
        raise SystemExit(f"django-admin: the stand-in knows collectstatic and compilemessages, not {command}")
