from .base import *  # noqa: F403

SECRET_KEY = env("SECRET_KEY")  # noqa: F405
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])  # noqa: F405
DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///shop")}  # noqa: F405
