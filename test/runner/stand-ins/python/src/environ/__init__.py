"""Stand-in for wolfify's offline build tests: not the real django-environ."""

import os


class Env:
    def __call__(self, name, default=None):
        return os.environ.get(name, default)

    def list(self, name, default=None):
        value = os.environ.get(name)
        return value.split(",") if value else default

    def db(self, name, default=None):
        return {"URL": os.environ.get(name, default)}
